/// Multiple-comparison policy across the paired baseline rules.
public enum GateCorrection: String, Sendable, CaseIterable {
  /// Each rule at the stated confidence.
  case none
  /// Holm's step-down on the regression p-values.
  case holm
}

/// The gate's settings.
public struct GateOptions: Sendable {
  /// Interval confidence (two-sided), e.g. 0.95.
  public var confidence: Double = 0.95
  /// Multiple-comparison correction.
  public var correction: GateCorrection = .none
  /// Inconclusive rules fail the gate.
  public var strict = false
  /// Skipped baseline rules fail the gate.
  public var requireBaseline = false

  /// Creates default options.
  public init() {}
}
