import SluiceCore

/// A scatter of predicted value against residual (truth − prediction) for regression.
struct ResidualPlot {
  /// At most this many points are drawn (and written to residuals.csv).
  static let pointLimit = 5000
  /// The seed of the sample, fixed so the same input always shows the same points.
  static let sampleSeed: UInt64 = 0x5EED_0F_5A_3C1E

  /// The rows shown, increasing.
  var rows: [Int]
  /// The total number of rows with finite truth and prediction.
  var total: Int

  /// Chooses the rows to show among those where both `targets` and `values` are finite.
  init(targets: [Double], values: [Double]) {
    let finite = (0..<min(targets.count, values.count)).filter {
      targets[$0].isFinite && values[$0].isFinite
    }
    total = finite.count
    rows = Self.sample(finite, limit: Self.pointLimit, seed: Self.sampleSeed)
  }

  /// `limit` of `items` chosen uniformly without replacement, in their original order
  /// (selection sampling, Knuth's Algorithm S), driven by SplitMix64 from `seed`.
  static func sample(_ items: [Int], limit: Int, seed: UInt64) -> [Int] {
    guard items.count > limit else { return items }
    var random = SplitRandom(state: seed)
    var chosen: [Int] = []
    chosen.reserveCapacity(limit)
    for (position, item) in items.enumerated() where chosen.count < limit {
      let uniform = random.uniform()
      let remaining = Double(items.count - position)
      if uniform * remaining < Double(limit - chosen.count) { chosen.append(item) }
    }
    return chosen
  }

  /// The scatter of the sampled rows.
  func svg(targets: [Double], values: [Double]) -> String {
    let predicted = rows.map { values[$0] }
    let residuals = rows.map { targets[$0] - values[$0] }
    let limit = max(abs(residuals.min() ?? 1), abs(residuals.max() ?? 1))
    var frame = PlotFrame(
      xTicks: PlotNumber.Ticks(low: predicted.min() ?? 0, high: predicted.max() ?? 1),
      yTicks: PlotNumber.Ticks(low: -limit, high: limit))
    if frame.yTicks.values.count < 3 { frame.yTicks = PlotNumber.Ticks(low: -1, high: 1) }
    var title = "Residuals (n = \(PlotNumber.grouped(total)))"
    if rows.count < total {
      title = "Residuals (\(PlotNumber.grouped(rows.count)) of \(PlotNumber.grouped(total)) rows)"
    }
    var svg = SVGDocument(
      width: PlotFrame.imageWidth, height: PlotFrame.imageHeight, title: title)
    frame.drawAxes(
      into: &svg, title: title, xLabel: "Predicted value", yLabel: "Residual (true − predicted)")
    // Fainter dots when there are many, so dense regions still read as dense.
    let opacity = rows.count > 1000 ? 0.35 : 0.7
    let color = PlotFrame.palette[0]
    for index in rows.indices {
      svg.circle(
        x: frame.px(predicted[index]), y: frame.py(residuals[index]), radius: 2.5, fill: color,
        opacity: opacity)
    }
    svg.line(
      x1: frame.px(frame.xTicks.low), y1: frame.py(0), x2: frame.px(frame.xTicks.high),
      y2: frame.py(0), stroke: "#d62728", width: 1.5, dash: "6,5")
    frame.drawBorder(into: &svg)
    if rows.isEmpty {
      svg.text(
        "no rows with a finite target and prediction", x: frame.left + frame.width / 2,
        y: frame.top + frame.height / 2, anchor: .middle, size: 14)
    }
    return svg.rendered()
  }

  /// The CSV rows `id,target,predicted,residual` of the sampled rows.
  func csvRows(ids: [String], targets: [Double], values: [Double]) -> [[String]] {
    rows.map { row in
      [
        row < ids.count ? ids[row] : String(row + 1), NumberText.exact(targets[row]),
        NumberText.exact(values[row]), NumberText.exact(targets[row] - values[row]),
      ]
    }
  }
}
