/// Renders a report's annotations as GitHub Actions workflow commands, one per line.
///
/// Each annotation becomes `::error title=T,file=F,line=L,col=C::message` (or `warning`,
/// `notice`), built and escaped exactly as `issueCommand` in the Actions toolkit
/// (`actions/toolkit`, `packages/core/src/command.ts`) does: properties in the order of its
/// `toCommandProperties` (title, file, line, col), absent or empty ones left out, data
/// escaping `%` `\r` `\n` as `%25` `%0D` `%0A`, and property values additionally `:` and `,`
/// as `%3A` `%2C`. Since line breaks are escaped, user text cannot start a command of its
/// own. GitHub shows only 10 annotations of each level per step, so at most `limit` are
/// rendered, followed by one `::notice::` counting the rest.
public struct GitHubActionsReporter: Reporter {
  /// The format's name.
  public static let name = "github"

  /// The most annotations rendered before the closing notice.
  public var limit: Int

  /// Creates the reporter; by default at most 10 annotations are rendered.
  public init(limit: Int = 10) {
    self.limit = max(limit, 0)
  }

  /// Renders the commands, each ending in a newline; "" when there are no annotations.
  public func render(_ report: Report) -> String {
    let shown = report.annotations.prefix(limit)
    var output = shown.map(Self.command).joined()
    let rest = report.annotations.count - shown.count
    if rest > 0 {
      let noun = rest == 1 ? "annotation" : "annotations"
      let text = "\(rest) more \(noun) not shown; see the full JSON / JUnit report."
      output += "::notice::" + Self.escapeData(text) + "\n"
    }
    return output
  }

  /// The workflow command for `annotation`, ending in a newline.
  public static func command(_ annotation: Annotation) -> String {
    var properties: [(String, String)] = []
    if let title = annotation.title, !title.isEmpty { properties.append(("title", title)) }
    if let file = annotation.file, !file.isEmpty { properties.append(("file", file)) }
    // The toolkit drops falsy values (0); the runner rejects negative positions too.
    if let line = annotation.line, line > 0 { properties.append(("line", String(line))) }
    if let column = annotation.column, column > 0 { properties.append(("col", String(column))) }
    var command = "::" + annotation.level.rawValue
    if !properties.isEmpty {
      command += " " + properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
    }
    return command + "::" + escapeData(annotation.message) + "\n"
  }

  /// Escapes a command's message as the toolkit's `escapeData`.
  public static func escapeData(_ text: String) -> String {
    escape(text, property: false)
  }

  /// Escapes a property value as the toolkit's `escapeProperty`.
  public static func escapeProperty(_ text: String) -> String {
    escape(text, property: true)
  }

  private static func escape(_ text: String, property: Bool) -> String {
    var output = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "%": output += "%25"
      case "\r": output += "%0D"
      case "\n": output += "%0A"
      case ":" where property: output += "%3A"
      case "," where property: output += "%2C"
      default: output.unicodeScalars.append(scalar)
      }
    }
    return output
  }
}
