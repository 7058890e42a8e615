/// A self-contained SVG image built element by element, with byte-deterministic output.
///
/// Coordinates are written with at most two decimals by integer arithmetic (never a locale
/// or a platform formatter), text is XML-escaped, and the only font reference is the generic
/// `sans-serif` family, so the file renders the same anywhere without fetching anything.
struct SVGDocument {
  /// The width of the view box in user units.
  let width: Int
  /// The height of the view box in user units.
  let height: Int
  private var body: String = ""

  /// An empty white image of the given size, titled `title` for screen readers and tooltips.
  init(width: Int, height: Int, title: String) {
    self.width = width
    self.height = height
    body += "<title>\(Self.escape(title))</title>\n"
    rect(x: 0, y: 0, width: Double(width), height: Double(height), fill: "#ffffff")
  }

  /// The complete document.
  func rendered() -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(width)\" "
      + "height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
      + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">\n"
      + body + "</svg>\n"
  }

  /// Appends a rectangle.
  mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String,
    stroke: String? = nil, opacity: Double? = nil
  ) {
    var element =
      "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" "
      + "height=\"\(Self.number(height))\" fill=\"\(fill)\""
    if let stroke { element += " stroke=\"\(stroke)\"" }
    if let opacity { element += " fill-opacity=\"\(Self.number(opacity))\"" }
    body += element + "/>\n"
  }

  /// Appends a straight line.
  mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
    dash: String? = nil
  ) {
    var element =
      "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" "
      + "y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\""
    if let dash { element += " stroke-dasharray=\"\(dash)\"" }
    body += element + "/>\n"
  }

  /// Appends an open polyline through `points`.
  mutating func polyline(
    _ points: [(x: Double, y: Double)], stroke: String, width: Double = 2
  ) {
    guard !points.isEmpty else { return }
    var coordinates = ""
    coordinates.reserveCapacity(points.count * 14)
    for (index, point) in points.enumerated() {
      if index > 0 { coordinates += " " }
      coordinates += Self.number(point.x) + "," + Self.number(point.y)
    }
    body +=
      "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(stroke)\" "
      + "stroke-width=\"\(Self.number(width))\" stroke-linejoin=\"round\"/>\n"
  }

  /// Appends a filled circle.
  mutating func circle(
    x: Double, y: Double, radius: Double, fill: String, opacity: Double? = nil,
    stroke: String? = nil
  ) {
    var element =
      "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" "
      + "fill=\"\(fill)\""
    if let opacity { element += " fill-opacity=\"\(Self.number(opacity))\"" }
    if let stroke { element += " stroke=\"\(stroke)\"" }
    body += element + "/>\n"
  }

  /// Horizontal alignment of a text element relative to its anchor point.
  enum Anchor: String {
    case start, middle, end
  }

  /// Appends text at (x, y) (the baseline), optionally rotated by `rotation` degrees about it.
  mutating func text(
    _ text: String, x: Double, y: Double, anchor: Anchor = .start, size: Double? = nil,
    bold: Bool = false, fill: String = "#222222", rotation: Double? = nil
  ) {
    var element =
      "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor.rawValue)\""
      + " fill=\"\(fill)\""
    if let size { element += " font-size=\"\(Self.number(size))\"" }
    if bold { element += " font-weight=\"bold\"" }
    if let rotation {
      element +=
        " transform=\"rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))\""
    }
    body += element + ">\(Self.escape(text))</text>\n"
  }

  /// `text` with XML's special characters escaped and characters XML 1.0 forbids replaced.
  static func escape(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case "\t", "\n", "\r": result += " "
      default:
        let value = scalar.value
        let forbidden =
          value < 0x20 || (0xFFFE...0xFFFF).contains(value) || (0x7F...0x9F).contains(value)
        result.unicodeScalars.append(forbidden ? "\u{FFFD}" : scalar)
      }
    }
    return result
  }

  /// A user-space coordinate with at most two decimals.
  static func number(_ value: Double) -> String {
    PlotNumber.fixed(value, decimals: 2, trimZeros: true)
  }
}
