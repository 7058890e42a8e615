/// Renders a short plain-text summary for standard error.
///
/// The first line is `tool: VERDICT: title`, then the summary indented, then up to `limit`
/// findings (failed or inconclusive cases, in report order) as `  - [fail] class/name: message`,
/// and a count of the findings not shown. Each item stays on one line: line breaks become
/// spaces and other control characters (such as terminal escape sequences from user data)
/// are dropped.
public struct TextReporter: Reporter {
  /// The format's name.
  public static let name = "text"

  /// The most findings listed.
  public var limit: Int

  /// Creates the reporter; by default at most 5 findings are listed.
  public init(limit: Int = 5) {
    self.limit = max(limit, 0)
  }

  /// Renders the summary, each line ending in a newline.
  public func render(_ report: Report) -> String {
    var output = "\(Self.line(report.tool)): \(report.verdict.label)"
    let title = Self.line(report.title)
    output += title.isEmpty ? "\n" : ": \(title)\n"
    let summary = Self.line(report.summary)
    if !summary.isEmpty { output += "  \(summary)\n" }
    let findings = report.cases.filter { $0.verdict == .fail || $0.verdict == .inconclusive }
    for item in findings.prefix(limit) {
      let place = [item.className, item.name].map(Self.line).filter { !$0.isEmpty }
      var entry = "  - [\(item.verdict.rawValue)] \(place.joined(separator: "/"))"
      let message = Self.line(item.message)
      if !message.isEmpty { entry += place.isEmpty ? message : ": \(message)" }
      output += entry + "\n"
    }
    let rest = findings.count - min(findings.count, limit)
    if rest > 0 {
      output += "  … \(rest) more \(rest == 1 ? "finding" : "findings"); see the full report.\n"
    }
    return output
  }

  /// `text` on one line: line breaks and tabs become spaces, other controls are dropped.
  static func line(_ text: String) -> String {
    var output = ""
    var scalars = text.unicodeScalars.makeIterator()
    var pendingSpace = false
    while let scalar = scalars.next() {
      switch scalar.value {
      case 0x09, 0x0A, 0x0D:
        pendingSpace = true
        continue
      case 0x00..<0x20, 0x7F...0x9F:
        continue
      default:
        if pendingSpace && !output.isEmpty { output += " " }
        pendingSpace = false
        output.unicodeScalars.append(scalar)
      }
    }
    return output
  }
}
