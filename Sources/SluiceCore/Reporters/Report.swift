/// The result of one tool run in every form CI needs, ready for any `Reporter`.
///
/// Everything human-readable (title, summary, table, notes) is plain text: reporters
/// escape it for their format, so it may safely contain user data.
public struct Report: Sendable, Equatable {
  /// The producing command, e.g. "validate-data check".
  public var tool: String
  /// A short heading, e.g. "Data check: train.csv".
  public var title: String
  /// The overall outcome.
  public var verdict: Verdict
  /// One or two sentences saying what happened.
  public var summary: String
  /// The main table (for example one row per rule or per metric).
  public var table: ReportTable
  /// Short remarks shown after the table.
  public var notes: [String]
  /// The individual checks, for JUnit.
  public var cases: [ReportCase]
  /// Findings tied to file positions, for CI annotations.
  public var annotations: [Annotation]
  /// The full machine-readable result.
  public var payload: JSONValue
  /// A tag such as "sluice-gate", rendered as a hidden HTML comment on Markdown's first line
  /// so a bot can find and update its earlier PR comment.
  public var marker: String?

  /// Creates a report.
  public init(
    tool: String, title: String, verdict: Verdict, summary: String = "",
    table: ReportTable = ReportTable(), notes: [String] = [], cases: [ReportCase] = [],
    annotations: [Annotation] = [], payload: JSONValue = .object([:]), marker: String? = nil
  ) {
    self.tool = tool
    self.title = title
    self.verdict = verdict
    self.summary = summary
    self.table = table
    self.notes = notes
    self.cases = cases
    self.annotations = annotations
    self.payload = payload
    self.marker = marker
  }
}
