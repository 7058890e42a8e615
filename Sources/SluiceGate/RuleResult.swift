import SluiceCore

/// The outcome of one rule on one metric.
public enum GateVerdict: String, Sendable, Equatable, CaseIterable {
  /// The rule holds.
  case pass
  /// The rule is violated.
  case fail
  /// Not judged, with the reason: a first run, a metric new in the candidate, or an
  /// optional metric missing.
  case skipped
  /// The metric is missing, null, NaN or not a number: the gate fails.
  case error

  /// How reports rank verdicts, worst first, so truncated tables keep what matters.
  var severity: Int {
    switch self {
    case .error: 0
    case .fail: 1
    case .skipped: 2
    case .pass: 3
    }
  }

  /// The verdict of a JUnit case or report for this rule verdict.
  public var reportVerdict: Verdict {
    switch self {
    case .pass: .pass
    case .fail, .error: .fail
    case .skipped: .skipped
    }
  }
}

/// One rule applied to one concrete metric path.
public struct RuleResult: Sendable, Equatable {
  /// The rule (its metric may hold `*`).
  public var rule: GateRule
  /// The concrete metric path.
  public var metric: String
  /// The candidate's value, when it is a number.
  public var candidate: Double?
  /// The baseline's value, when used and a number.
  public var baseline: Double?
  /// The value the candidate is compared with (the bound evaluated at the baseline).
  public var threshold: Double?
  /// The verdict.
  public var verdict: GateVerdict
  /// The interval straddled the threshold (or could not be computed), so the point estimate
  /// decided the verdict; reported beside it, and a failure under `--strict`.
  public var inconclusive = false
  /// Why, in one sentence.
  public var reason: String
  /// How the verdict was reached: "absolute", "point", or a `DifferenceEvidence.Method`.
  public var method: String
  /// The interval of candidate − baseline, when one was used.
  public var evidence: DifferenceEvidence?
  /// A second interval reported beside (the bootstrap's, when DeLong decided).
  public var secondary: DifferenceEvidence?
  /// The margin the difference is compared with (threshold − baseline).
  public var margin: Double?
  /// The p-value for a regression beyond the margin (paired rules), before correction.
  public var regressionP: Double?
  /// The Holm-adjusted regression p-value (with `--correction holm`).
  public var adjustedP: Double?
  /// McNemar's exact p-value of "equal accuracy" (accuracy rules, paired).
  public var mcnemarP: Double?
  /// DeLong's p-value of "equal AUC" (ROC AUC rules, paired).
  public var delongP: Double?

  /// Creates a result.
  public init(
    rule: GateRule, metric: String, verdict: GateVerdict, reason: String,
    method: String = "absolute"
  ) {
    self.rule = rule
    self.metric = metric
    self.verdict = verdict
    self.reason = reason
    self.method = method
  }

  /// candidate − baseline, when both are known.
  public var delta: Double? {
    guard let candidate, let baseline else { return nil }
    return candidate - baseline
  }

  /// The rule's text for this metric.
  public var ruleText: String { rule.text(metric: metric) }

  /// The verdict as reports show it: "fail (inconclusive)" when the point estimate decided.
  public var verdictText: String {
    inconclusive ? "\(verdict.rawValue) (inconclusive)" : verdict.rawValue
  }

  /// The verdict of this result's report case: a pass the point estimate decided is an
  /// inconclusive case (a JUnit `<skipped>` saying so, listed on standard error).
  public var caseVerdict: Verdict {
    inconclusive && verdict == .pass ? .inconclusive : verdict.reportVerdict
  }
}
