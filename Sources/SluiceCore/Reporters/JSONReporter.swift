/// Renders a report as one canonical JSON document (see `CanonicalJSON`).
///
/// The document is an object with exactly these members (keys sorted on output):
/// - `schema`: the string `"sluice-report/1"`; the number changes only when a member's
///   meaning changes, so consumers can reject documents they do not understand;
/// - `result_version`: the version of `result`'s layout for this report kind (`tool`), from
///   `resultVersions`; each kind counts on its own;
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
  /// The version of the envelope, the number in `schema`.
  public static let schemaVersion: Int64 = 1
  /// The version of each report kind's `result` layout, by the report's `tool`; a kind not
  /// listed is at version 1.
  public static let resultVersions: [String: Int64] = [
    "validate-data check": 1, "validate-data drift": 1, "gate": 1, "package-model verify": 1,
  ]

  /// Creates the reporter.
  public init() {}

  /// The report as a JSON value, before encoding.
  public func document(_ report: Report) -> JSONValue {
    .object([
      "schema": .string(Self.schema),
      "result_version": .int(Self.resultVersions[report.tool] ?? 1),
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

  /// Why `document` cannot be read by this Sluice: a Sluice report (its `schema` is
  /// `sluice-report/N`) whose envelope or `result` is of a newer version. Nil for an older or
  /// current report and for any document that is not a Sluice report.
  public static func versionProblem(_ document: JSONValue) -> String? {
    guard let marker = document["schema"]?.stringValue, marker.hasPrefix("sluice-report/") else {
      return nil
    }
    guard let version = FormatVersion.markerVersion(marker, prefix: "sluice-report"),
      version >= 1
    else { return "schema: expected \"sluice-report/N\", found \"\(marker)\"" }
    guard version <= schemaVersion else {
      return "schema: " + FormatVersion.newer(version, understood: schemaVersion)
    }
    let understood = document["tool"]?.stringValue.flatMap { resultVersions[$0] } ?? 1
    return FormatVersion.problem(in: document, key: "result_version", understood: understood)
      .map { "result_version: \($0)" }
  }
}
