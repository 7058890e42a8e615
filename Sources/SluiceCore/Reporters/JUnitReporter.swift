/// Renders a report's cases as JUnit XML, the test-result format CI systems import.
///
/// Cases are grouped into one `<testsuite>` per `suite`, suites in order of first
/// appearance and cases in report order. A failing case carries `<failure message type>`
/// with the details as text, or `<error message type>` when it could not be evaluated
/// (`ReportCase.isError`); skipped and inconclusive cases carry `<skipped message>`
/// (JUnit has no "inconclusive", and it must not fail a CI test view). A report without
/// cases becomes one case named after its title, so the verdict still shows. There are no
/// timings or timestamps, keeping output deterministic. Text is escaped for XML 1.0 and
/// characters XML 1.0 forbids (control characters other than tab, newline and carriage
/// return, U+FFFE, U+FFFF) are dropped. The document validates against the JUnit XSD
/// Jenkins publishes (junit-10.xsd), which GitLab's parser also accepts: `<testsuites>`
/// carries no `skipped` count (the XSD has none there); each `<testsuite>` does.
public struct JUnitReporter: Reporter {
  /// The format's name.
  public static let name = "junit"

  /// Creates the reporter.
  public init() {}

  /// Renders the XML document, ending in a newline.
  public func render(_ report: Report) -> String {
    let cases = report.cases.isEmpty ? [Self.overallCase(report)] : report.cases
    var order: [String] = []
    var groups: [String: [ReportCase]] = [:]
    for item in cases {
      if groups[item.suite] == nil { order.append(item.suite) }
      groups[item.suite, default: []].append(item)
    }
    var body = ""
    for suite in order {
      let members = groups[suite] ?? []
      body += "  <testsuite" + Self.counts(suite, members) + ">\n"
      for item in members { body += Self.testCase(item) }
      body += "  </testsuite>\n"
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"
      + Self.counts(report.title, cases, withSkipped: false) + ">\n" + body + "</testsuites>\n"
  }

  /// The case standing for the whole report when it has none of its own.
  static func overallCase(_ report: Report) -> ReportCase {
    ReportCase(
      suite: report.tool, className: report.tool, name: report.title, verdict: report.verdict,
      message: report.summary)
  }

  /// The ` name=… tests=… failures=… errors=… skipped=…` attributes of a suite; the
  /// `<testsuites>` root leaves `skipped` out because the JUnit XSD does not allow it there.
  private static func counts(
    _ name: String, _ cases: [ReportCase], withSkipped: Bool = true
  ) -> String {
    let errors = cases.count(where: { $0.verdict == .fail && $0.isError })
    let failures = cases.count(where: { $0.verdict == .fail }) - errors
    let skipped = cases.count(where: { $0.verdict == .skipped || $0.verdict == .inconclusive })
    return " name=\"\(attribute(name))\" tests=\"\(cases.count)\" failures=\"\(failures)\""
      + " errors=\"\(errors)\"" + (withSkipped ? " skipped=\"\(skipped)\"" : "")
  }

  private static func testCase(_ item: ReportCase) -> String {
    let open =
      "    <testcase classname=\"\(attribute(item.className))\" name=\"\(attribute(item.name))\""
    switch item.verdict {
    case .pass:
      return open + "/>\n"
    case .fail:
      let message = attribute(item.message)
      let (element, type) = item.isError ? ("error", "error") : ("failure", "fail")
      let failure = "<\(element) message=\"\(message)\" type=\"\(type)\""
      let body = item.details.isEmpty ? "/>" : ">" + text(item.details) + "</\(element)>"
      return open + ">\n      " + failure + body + "\n    </testcase>\n"
    case .skipped, .inconclusive:
      let prefix = item.verdict == .inconclusive ? "inconclusive" : ""
      let joined = [prefix, item.message].filter { !$0.isEmpty }.joined(separator: ": ")
      return open + ">\n      <skipped message=\"\(attribute(joined))\"/>\n    </testcase>\n"
    }
  }

  /// Escapes `value` for a double-quoted attribute; whitespace other than spaces becomes a
  /// character reference so attribute-value normalisation does not turn it into a space.
  public static func attribute(_ value: String) -> String {
    escape(value, inAttribute: true)
  }

  /// Escapes `value` for element content; carriage returns become `&#13;` so parsers keep them.
  public static func text(_ value: String) -> String {
    escape(value, inAttribute: false)
  }

  private static func escape(_ value: String, inAttribute: Bool) -> String {
    var output = ""
    output.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
    for scalar in value.unicodeScalars {
      switch scalar {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"": output += "&quot;"
      case "'": output += "&apos;"
      case "\r": output += "&#13;"
      case "\n": if inAttribute { output += "&#10;" } else { output += "\n" }
      case "\t": if inAttribute { output += "&#9;" } else { output += "\t" }
      default:
        guard isXMLCharacter(scalar) else { continue }
        output.unicodeScalars.append(scalar)
      }
    }
    return output
  }

  /// Whether XML 1.0 allows `scalar` (its `Char` production; Swift has no lone surrogates).
  static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x9, 0xA, 0xD: true
    case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
    default: false
    }
  }
}
