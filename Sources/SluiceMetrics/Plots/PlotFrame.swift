/// The frame of an x–y chart: plot area, grid, ticks, axis labels, title and legend.
struct PlotFrame {
  /// The x axis ticks (and domain).
  var xTicks: PlotNumber.Ticks
  /// The y axis ticks (and domain).
  var yTicks: PlotNumber.Ticks
  /// The plot area's left edge in user units.
  let left = 80.0
  /// The plot area's top edge.
  let top = 56.0
  /// The plot area's width.
  let width = 440.0
  /// The plot area's height.
  let height = 420.0

  /// The size of the whole image.
  static let imageWidth = 560
  /// The height of the whole image.
  static let imageHeight = 540

  /// Categorical colours (Tableau 10), distinguishable and print-safe.
  static let palette = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  ]

  /// A frame with the unit square as domain, ticks every 0.2 (rates and probabilities).
  static func unitSquare() -> PlotFrame {
    PlotFrame(
      xTicks: PlotNumber.Ticks(low: 0, high: 1, step: 0.2),
      yTicks: PlotNumber.Ticks(low: 0, high: 1, step: 0.2))
  }

  /// The horizontal position of data value `value`, clamped to the plot area.
  func px(_ value: Double) -> Double {
    let span = xTicks.high - xTicks.low
    let fraction = span > 0 ? (value - xTicks.low) / span : 0.5
    return left + width * Self.clamped(fraction)
  }

  /// The vertical position of data value `value` (upwards), clamped to the plot area.
  func py(_ value: Double) -> Double {
    let span = yTicks.high - yTicks.low
    let fraction = span > 0 ? (value - yTicks.low) / span : 0.5
    return top + height * (1 - Self.clamped(fraction))
  }

  /// A fraction limited to [0, 1] (NaN becomes 0) so stray values stay inside the frame.
  private static func clamped(_ fraction: Double) -> Double {
    guard fraction.isFinite else { return fraction > 0 ? 1 : 0 }
    return min(1, max(0, fraction))
  }

  /// Draws the background, grid, ticks, axis labels and title (before the data).
  func drawAxes(into svg: inout SVGDocument, title: String, xLabel: String, yLabel: String) {
    svg.rect(x: left, y: top, width: width, height: height, fill: "#fbfbfb")
    for value in xTicks.values {
      let x = px(value)
      svg.line(x1: x, y1: top, x2: x, y2: top + height, stroke: "#e3e3e3")
      svg.line(x1: x, y1: top + height, x2: x, y2: top + height + 5, stroke: "#333333")
      svg.text(xTicks.label(value), x: x, y: top + height + 20, anchor: .middle, size: 12)
    }
    for value in yTicks.values {
      let y = py(value)
      svg.line(x1: left, y1: y, x2: left + width, y2: y, stroke: "#e3e3e3")
      svg.line(x1: left - 5, y1: y, x2: left, y2: y, stroke: "#333333")
      svg.text(yTicks.label(value), x: left - 8, y: y + 4, anchor: .end, size: 12)
    }
    svg.text(title, x: left + width / 2, y: 32, anchor: .middle, size: 16, bold: true)
    svg.text(xLabel, x: left + width / 2, y: top + height + 46, anchor: .middle, size: 14)
    let yMiddle = top + height / 2
    svg.text(yLabel, x: 26, y: yMiddle, anchor: .middle, size: 14, rotation: -90)
  }

  /// Draws the border of the plot area (after the data, so lines do not cover it).
  func drawBorder(into svg: inout SVGDocument) {
    svg.line(x1: left, y1: top + height, x2: left + width, y2: top + height, stroke: "#333333")
    svg.line(x1: left, y1: top, x2: left, y2: top + height, stroke: "#333333")
    svg.line(x1: left + width, y1: top, x2: left + width, y2: top + height, stroke: "#bbbbbb")
    svg.line(x1: left, y1: top, x2: left + width, y2: top, stroke: "#bbbbbb")
  }

  /// One legend line: a colour swatch (dashed for references) and its label.
  struct LegendEntry {
    /// The text beside the swatch.
    var label: String
    /// The swatch colour.
    var color: String
    /// Whether the swatch is dashed (a reference line rather than data).
    var dashed = false
  }

  /// Where a legend box sits inside the plot area.
  enum Corner {
    case bottomRight, bottomLeft, topLeft
  }

  /// Draws a legend box in `corner`; labels longer than 40 characters are shortened.
  func drawLegend(into svg: inout SVGDocument, entries: [LegendEntry], corner: Corner) {
    guard !entries.isEmpty else { return }
    let labels = entries.map { Self.shortened($0.label, to: 40) }
    let longest = labels.map(\.count).max() ?? 0
    let boxWidth = min(width - 20, 44 + Double(longest) * 7.2)
    let boxHeight = 10 + Double(entries.count) * 18
    let x = corner == .bottomRight ? left + width - boxWidth - 10 : left + 10
    let y = corner == .topLeft ? top + 10 : top + height - boxHeight - 10
    svg.rect(
      x: x, y: y, width: boxWidth, height: boxHeight, fill: "#ffffff", stroke: "#cccccc",
      opacity: 0.9)
    for (index, entry) in entries.enumerated() {
      let rowY = y + 18 + Double(index) * 18
      svg.line(
        x1: x + 8, y1: rowY - 4, x2: x + 32, y2: rowY - 4, stroke: entry.color, width: 2.5,
        dash: entry.dashed ? "5,4" : nil)
      svg.text(labels[index], x: x + 38, y: rowY, size: 12)
    }
  }

  /// `text` cut to at most `limit` characters by an ellipsis in the middle, so names that
  /// share a long prefix (`category_1`, `category_2`, ...) stay distinguishable.
  static func shortened(_ text: String, to limit: Int) -> String {
    guard text.count > limit, limit > 2 else { return text }
    let head = (limit - 1) / 2
    let tail = limit - 1 - head
    return String(text.prefix(head)) + "…" + String(text.suffix(tail))
  }
}
