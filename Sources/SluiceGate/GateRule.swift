import SluiceCore

/// One parsed gate rule: `METRIC OP EXPR [TAGS]`.
public struct GateRule: Sendable, Equatable {
  /// A comparison operator; it states the metric's good direction.
  public enum Operator: String, Sendable, Equatable, CaseIterable {
    /// At least.
    case greaterOrEqual = ">="
    /// More than.
    case greater = ">"
    /// At most.
    case lessOrEqual = "<="
    /// Less than.
    case less = "<"

    /// Whether larger values are better under this operator.
    public var higherIsBetter: Bool { self == .greaterOrEqual || self == .greater }

    /// Whether `value OP bound` holds.
    public func holds(_ value: Double, _ bound: Double) -> Bool {
      switch self {
      case .greaterOrEqual: value >= bound
      case .greater: value > bound
      case .lessOrEqual: value <= bound
      case .less: value < bound
      }
    }
  }

  /// The right-hand side of a rule.
  public enum Threshold: Sendable, Equatable {
    /// A fixed number: `roc_auc >= 0.8`.
    case absolute(Double)
    /// `baseline + offset` (offset may be negative or zero): `roc_auc >= baseline - 0.01`.
    case offset(Double)
    /// `baseline + percent/100 × |baseline|`: `log_loss <= baseline + 2%`.
    case relative(percent: Double)
    /// `baseline × factor`, literally: `rmse <= baseline * 1.05`.
    case scaled(Double)

    /// Whether the bound refers to the baseline.
    public var usesBaseline: Bool {
      if case .absolute = self { return false }
      return true
    }

    /// The bound's value for `baseline` (ignored by `.absolute`).
    public func value(baseline: Double) -> Double {
      switch self {
      case .absolute(let number): number
      case .offset(let delta): baseline + delta
      case .relative(let percent): baseline + percent / 100 * abs(baseline)
      case .scaled(let factor): baseline * factor
      }
    }

    /// The bound as written, normalised (`baseline - 0.01`, `baseline + 2%`, `baseline * 1.05`).
    public var text: String {
      switch self {
      case .absolute(let number): return NumberText.plain(number)
      case .offset(let delta):
        if delta == 0 { return "baseline" }
        return "baseline \(delta < 0 ? "-" : "+") \(NumberText.plain(abs(delta)))"
      case .relative(let percent):
        return "baseline \(percent < 0 ? "-" : "+") \(NumberText.plain(abs(percent)))%"
      case .scaled(let factor): return "baseline * \(NumberText.plain(factor))"
      }
    }
  }

  /// The metric path as written, segments split on `.`; `*` matches one level.
  public var metric: String
  /// The comparison.
  public var op: Operator
  /// The right-hand side.
  public var bound: Threshold
  /// Whether a missing metric is skipped instead of failing.
  public var optional: Bool
  /// Where the rule was written (a rules file, or `--rule` with its position).
  public var location: SourceLocation

  /// Creates a rule.
  public init(
    metric: String, op: Operator, bound: Threshold, optional: Bool = false,
    location: SourceLocation = SourceLocation(file: "--rule", line: 1, column: 1)
  ) {
    self.metric = metric
    self.op = op
    self.bound = bound
    self.optional = optional
    self.location = location
  }

  /// The rule as text, normalised: `roc_auc >= baseline - 0.01 optional`.
  public var text: String {
    text(metric: metric)
  }

  /// The rule's text with `metric` in place of its pattern (for one expansion of a `*`).
  public func text(metric: String) -> String {
    "\(metric) \(op.rawValue) \(bound.text)" + (optional ? " optional" : "")
  }
}
