/// Renders a report as one canonical JSON document (see `CanonicalJSON`).
///
/// The document is an object with exactly these members (keys sorted on output):
/// - `schema`: the string `"sluice-report/1"`; the number changes only when a member's
///   meaning changes, so consumers can reject documents they do not understand;
/// - `tool`, `title`, `summary`: the report's strings;
/// - `verdict`: `"pass"`, `"fail"`, `"inconclusive"` or `"skipped"`;
/// - `notes`: an array of strings (possibly empty);
/// - `result`: the report's `payload`, unchanged except that NaN and infinities become `null`.
///
/// The table, cases and annotations are left out because they are views of `result`.
public struct JSONReporter: Reporter {
  /// The format's name.
  public static let name = "json"
  /// The value of the `schema` member.
  public static let schema = "sluice-report/1"

  /// Creates the reporter.
  public init() {}

  /// The report as a JSON value, before encoding.
  public func document(_ report: Report) -> JSONValue {
    .object([
      "schema": .string(Self.schema),
      "tool": .string(report.tool),
      "title": .string(report.title),
      "verdict": .string(report.verdict.rawValue),
      "summary": .string(report.summary),
      "notes": .array(report.notes.map { .string($0) }),
      "result": report.payload,
    ])
  }

  /// Renders the document as canonical JSON text ending in a newline.
  public func render(_ report: Report) -> String {
    CanonicalJSON.encode(document(report))
  }
}
