/// A confusion matrix as a heat map: rows are true classes, columns predicted classes.
struct ConfusionMatrixPlot {
  /// The class names, in matrix order.
  var classes: [String]
  /// `cells[truth][predicted]`: the (weighted) number of rows.
  var cells: [[Double]]

  /// The matrix of `truth` against `predicted` (indices into `classes`), as
  /// `sklearn.metrics.confusion_matrix(labels=classes, sample_weight=weights)`; rows whose
  /// index is out of range are ignored.
  init(classes: [String], truth: [Int32], predicted: [Int32], weights: [Double]?) {
    self.classes = classes
    let size = classes.count
    cells = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
    for row in 0..<min(truth.count, predicted.count) {
      let actual = Int(truth[row])
      let guess = Int(predicted[row])
      guard actual >= 0, actual < size, guess >= 0, guess < size else { continue }
      cells[actual][guess] += weights.map { row < $0.count ? $0[row] : 1 } ?? 1
    }
  }

  /// The CSV rows `actual,predicted,count`, one per cell in row-major order.
  var csvRows: [[String]] {
    var rows: [[String]] = []
    for (actual, row) in cells.enumerated() {
      for (predicted, value) in row.enumerated() {
        rows.append([classes[actual], classes[predicted], PlotCSV.count(value)])
      }
    }
    return rows
  }

  /// The heat map, coloured by each cell's share of its true class (row-normalized), so a
  /// rare class is as readable as a common one; the cells show the counts.
  func svg(title: String) -> String {
    let size = max(1, classes.count)
    let cell = max(4, min(150, (440 / Double(size)).rounded(.down)))
    let showCounts = cell >= 26
    let showNames = cell >= 10
    let names = classes.map { PlotFrame.shortened($0, to: 18) }
    let longest = Double(names.map(\.count).max() ?? 1)
    let nameWidth = showNames ? min(130, 8 + longest * 7.2) : 0
    let rotated = showNames && (longest * 7.2 > cell - 6)
    let left = 50 + nameWidth
    let top = 56.0
    let side = cell * Double(size)
    let bottomNames = showNames ? (rotated ? min(110, longest * 5.3 + 14) : 22) : 8
    let width = Int((left + side + 40).rounded(.up))
    let height = Int((top + side + bottomNames + 56).rounded(.up))
    var svg = SVGDocument(width: max(width, 360), height: height, title: title)
    let center = left + side / 2
    svg.text(title, x: max(center, 180), y: 32, anchor: .middle, size: 16, bold: true)
    for (actual, row) in cells.enumerated() {
      let total = row.reduce(0, +)
      for (predicted, value) in row.enumerated() {
        let share = total > 0 ? value / total : 0
        let x = left + Double(predicted) * cell
        let y = top + Double(actual) * cell
        svg.rect(x: x, y: y, width: cell, height: cell, fill: Self.color(share), stroke: "#ffffff")
        if showCounts {
          let ink = share > 0.6 ? "#ffffff" : "#1a1a1a"
          let fontSize = min(16, cell / 4.2)
          svg.text(
            PlotNumber.count(value), x: x + cell / 2, y: y + cell / 2 + fontSize * 0.35,
            anchor: .middle, size: fontSize, fill: ink)
        }
      }
    }
    svg.rect(x: left, y: top, width: side, height: side, fill: "none", stroke: "#333333")
    if showNames {
      let fontSize = min(12, cell * 0.8)
      for (index, name) in names.enumerated() {
        let middle = Double(index) * cell + cell / 2
        svg.text(
          name, x: left - 6, y: top + middle + fontSize * 0.35, anchor: .end, size: fontSize)
        if rotated {
          let x = left + middle + fontSize * 0.35
          svg.text(name, x: x, y: top + side + 8, anchor: .end, size: fontSize, rotation: -45)
        } else {
          svg.text(name, x: left + middle, y: top + side + 16, anchor: .middle, size: fontSize)
        }
      }
    }
    svg.text(
      "Predicted label", x: center, y: top + side + bottomNames + 24, anchor: .middle, size: 14)
    svg.text(
      "shading: share of the true class's rows", x: center,
      y: top + side + bottomNames + 42, anchor: .middle, size: 11, fill: "#666666")
    svg.text("True label", x: 20, y: top + side / 2, anchor: .middle, size: 14, rotation: -90)
    return svg.rendered()
  }

  /// matplotlib's "Blues" colour map, sampled at 0, ¼, ½, ¾ and 1.
  static let blues: [(Double, Double, Double)] = [
    (0xF7, 0xFB, 0xFF), (0xC6, 0xDB, 0xEF), (0x6B, 0xAE, 0xD6), (0x21, 0x71, 0xB5),
    (0x08, 0x30, 0x6B),
  ]

  /// The blue of depth `share` ∈ [0, 1], interpolated piecewise between the `blues` stops.
  static func color(_ share: Double) -> String {
    let t = share.isFinite ? min(1, max(0, share)) : 0
    let position = t * Double(blues.count - 1)
    let lower = min(blues.count - 2, Int(position.rounded(.down)))
    let fraction = position - Double(lower)
    let (a, b) = (blues[lower], blues[lower + 1])
    let channels = [
      a.0 + (b.0 - a.0) * fraction, a.1 + (b.1 - a.1) * fraction, a.2 + (b.2 - a.2) * fraction,
    ]
    return "#" + channels.map { hex(Int($0.rounded())) }.joined()
  }

  /// Two lower-case hexadecimal digits of `value` (0–255).
  private static func hex(_ value: Int) -> String {
    let digits = Array("0123456789abcdef")
    let clamped = min(255, max(0, value))
    return String([digits[clamped / 16], digits[clamped % 16]])
  }
}
