/// The outcome of a check, a comparison or a whole report.
public enum Verdict: String, Sendable, CaseIterable {
  /// Everything that was checked held.
  case pass
  /// At least one check failed.
  case fail
  /// The checks ran but could not decide (for example, too little data).
  case inconclusive
  /// The check did not run.
  case skipped

  /// The upper-case word reports show, e.g. "PASS".
  public var label: String { rawValue.uppercased() }
}
