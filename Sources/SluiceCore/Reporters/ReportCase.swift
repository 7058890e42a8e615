/// One checked item of a report, rendered as a JUnit test case.
public struct ReportCase: Sendable, Equatable {
  /// The group the case belongs to, e.g. "validate-data check" (a JUnit test suite).
  public var suite: String
  /// What was checked, e.g. a column name or "dataset" (a JUnit class name).
  public var className: String
  /// The check itself, e.g. a rule id (a JUnit test name).
  public var name: String
  /// The case's outcome.
  public var verdict: Verdict
  /// A one-line explanation of the outcome.
  public var message: String
  /// Longer evidence, e.g. offending values; may span lines.
  public var details: String
  /// Whether a failing case could not be evaluated at all (e.g. its metric is missing)
  /// rather than evaluated and violated: JUnit reports it as an `<error>`, not a `<failure>`.
  public var isError: Bool

  /// Creates a case.
  public init(
    suite: String, className: String, name: String, verdict: Verdict, message: String = "",
    details: String = "", isError: Bool = false
  ) {
    self.suite = suite
    self.className = className
    self.name = name
    self.verdict = verdict
    self.message = message
    self.details = details
    self.isError = isError
  }
}
