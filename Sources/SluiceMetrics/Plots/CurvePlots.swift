/// SVG renderings of the ROC, precision–recall and calibration curves.
enum CurvePlots {
  /// One ROC curve and its legend name (nil for the single curve of a binary task).
  struct ROCSeries {
    /// The class the curve is one-vs-rest for, or nil for a binary task.
    var name: String?
    /// The curve.
    var curve: PlotCurves.ROC
  }

  /// At most this many classes are named in a legend; the rest are summarized in one line.
  static let legendLimit = 10

  /// The ROC chart of one binary curve or one curve per class (one-vs-rest); `reason`
  /// explains an undefined curve (default: a class is missing).
  static func roc(_ series: [ROCSeries], reason: String? = nil) -> String {
    let defined = series.filter { $0.curve.isDefined }
    let title: String
    if series.count == 1, let only = defined.first, let area = only.curve.area {
      title = "ROC curve (AUC = \(PlotNumber.fixed(area, decimals: 4)))"
    } else if series.count > 1 {
      title = "One-vs-rest ROC curves (\(series.count) classes)"
    } else {
      title = "ROC curve"
    }
    let frame = PlotFrame.unitSquare()
    var svg = SVGDocument(
      width: PlotFrame.imageWidth, height: PlotFrame.imageHeight, title: title)
    frame.drawAxes(
      into: &svg, title: title, xLabel: "False positive rate", yLabel: "True positive rate")
    svg.line(
      x1: frame.px(0), y1: frame.py(0), x2: frame.px(1), y2: frame.py(1), stroke: "#888888",
      width: 1.5, dash: "6,5")
    var entries: [PlotFrame.LegendEntry] = []
    for (index, item) in series.enumerated() {
      let color = PlotFrame.palette[index % PlotFrame.palette.count]
      guard item.curve.isDefined else { continue }
      let points = thinned(
        x: item.curve.falsePositiveRate, y: item.curve.truePositiveRate, tolerance: 0.001)
      svg.polyline(points.map { (frame.px($0.x), frame.py($0.y)) }, stroke: color)
      let area = item.curve.area.map { PlotNumber.fixed($0, decimals: 4) } ?? "n/a"
      let name = PlotFrame.shortened(item.name ?? "Model", to: 24)
      entries.append(.init(label: "\(name) (AUC = \(area))", color: color))
    }
    if entries.count > legendLimit {
      let hidden = entries.count - (legendLimit - 1)
      entries = Array(entries.prefix(legendLimit - 1))
      entries.append(.init(label: "+ \(hidden) more classes (see roc.csv)", color: "#ffffff"))
    }
    let undefined = series.count - defined.count
    if undefined > 0 {
      let what = series.count == 1 ? "undefined" : "\(undefined) undefined"
      let label = reason ?? "\(what): needs both classes"
      entries.append(.init(label: label, color: "#ffffff"))
    }
    entries.append(.init(label: "Chance", color: "#888888", dashed: true))
    frame.drawBorder(into: &svg)
    frame.drawLegend(into: &svg, entries: entries, corner: .bottomRight)
    return svg.rendered()
  }

  /// The precision–recall chart; `positiveRate` (the share of positives) is the chance line
  /// and `reason` explains an undefined curve (default: no positives).
  static func precisionRecall(
    _ curve: PlotCurves.PrecisionRecall, positiveRate: Double?, reason: String? = nil
  ) -> String {
    let title: String
    if let average = curve.averagePrecision {
      title = "Precision–recall curve (AP = \(PlotNumber.fixed(average, decimals: 4)))"
    } else {
      title = "Precision–recall curve"
    }
    let frame = PlotFrame.unitSquare()
    var svg = SVGDocument(
      width: PlotFrame.imageWidth, height: PlotFrame.imageHeight, title: title)
    frame.drawAxes(into: &svg, title: title, xLabel: "Recall", yLabel: "Precision")
    var entries: [PlotFrame.LegendEntry] = []
    if curve.isDefined {
      let points = thinned(x: curve.recall, y: curve.precision, tolerance: 0.001)
      svg.polyline(points.map { (frame.px($0.x), frame.py($0.y)) }, stroke: PlotFrame.palette[0])
      entries.append(.init(label: "Model", color: PlotFrame.palette[0]))
    } else {
      entries.append(.init(label: reason ?? "undefined: no positives", color: "#ffffff"))
    }
    if curve.isDefined, let positiveRate, positiveRate.isFinite {
      svg.line(
        x1: frame.px(0), y1: frame.py(positiveRate), x2: frame.px(1), y2: frame.py(positiveRate),
        stroke: "#888888", width: 1.5, dash: "6,5")
      let rate = PlotNumber.fixed(positiveRate, decimals: 3)
      entries.append(.init(label: "Chance (positive rate \(rate))", color: "#888888", dashed: true))
    }
    frame.drawBorder(into: &svg)
    frame.drawLegend(into: &svg, entries: entries, corner: .bottomLeft)
    return svg.rendered()
  }

  /// The reliability diagram, or a chart explaining why there is none (`reason`).
  static func calibration(_ curve: PlotCurves.Calibration?, reason: String? = nil) -> String {
    let bins = PlotCurves.Calibration.binCount
    var title = "Calibration (\(bins) bins)"
    if let error = curve?.expectedCalibrationError {
      title = "Calibration (\(bins) bins, ECE = \(PlotNumber.fixed(error, decimals: 4)))"
    }
    let frame = PlotFrame.unitSquare()
    var svg = SVGDocument(
      width: PlotFrame.imageWidth, height: PlotFrame.imageHeight, title: title)
    frame.drawAxes(
      into: &svg, title: title, xLabel: "Mean predicted probability",
      yLabel: "Fraction of positives")
    svg.line(
      x1: frame.px(0), y1: frame.py(0), x2: frame.px(1), y2: frame.py(1), stroke: "#888888",
      width: 1.5, dash: "6,5")
    var entries: [PlotFrame.LegendEntry] = []
    if let curve, !curve.bins.isEmpty {
      let color = PlotFrame.palette[0]
      let points = zip(curve.meanPredicted, curve.fractionPositive).map {
        (x: frame.px($0), y: frame.py($1))
      }
      svg.polyline(points, stroke: color)
      for point in points {
        svg.circle(x: point.x, y: point.y, radius: 4, fill: color, stroke: "#ffffff")
      }
      entries.append(.init(label: "Model", color: color))
    } else {
      entries.append(.init(label: reason ?? "undefined: no rows", color: "#ffffff"))
    }
    entries.append(.init(label: "Perfectly calibrated", color: "#888888", dashed: true))
    frame.drawBorder(into: &svg)
    frame.drawLegend(into: &svg, entries: entries, corner: .bottomRight)
    return svg.rendered()
  }

  /// The indices of points to keep so that consecutive kept points differ by at least
  /// `tolerance` in x or y; the first and last points are always kept. Non-finite points
  /// are dropped. On a monotone curve this bounds the count by about 2 / tolerance.
  static func keptIndices(x: [Double], y: [Double], tolerance: Double) -> [Int] {
    let count = min(x.count, y.count)
    var kept: [Int] = []
    var last: (x: Double, y: Double)?
    for index in 0..<count where x[index].isFinite && y[index].isFinite {
      if let previous = last, index != count - 1,
        abs(x[index] - previous.x) < tolerance, abs(y[index] - previous.y) < tolerance
      {
        continue
      }
      kept.append(index)
      last = (x[index], y[index])
    }
    return kept
  }

  /// The points `keptIndices` keeps.
  static func thinned(x: [Double], y: [Double], tolerance: Double) -> [(x: Double, y: Double)] {
    keptIndices(x: x, y: y, tolerance: tolerance).map { (x[$0], y[$0]) }
  }
}
