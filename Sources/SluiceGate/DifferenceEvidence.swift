/// An interval for candidate − baseline and how it was obtained.
public struct DifferenceEvidence: Sendable, Equatable {
  /// Where the interval comes from.
  public enum Method: String, Sendable, Equatable {
    /// Percentile interval of the seeded paired bootstrap.
    case pairedBootstrap = "paired-bootstrap"
    /// DeLong's normal interval for correlated AUCs.
    case delong
    /// The metrics files' own intervals, half-widths combined in quadrature.
    case publishedIntervals = "ci-quadrature"
  }

  /// The method.
  public var method: Method
  /// The point estimate of candidate − baseline.
  public var estimate: Double
  /// The interval's lower end.
  public var low: Double
  /// The interval's upper end.
  public var high: Double
  /// Bootstrap differences, sorted (paired bootstrap only).
  public var replicates: [Double]
  /// The standard error (DeLong only).
  public var standardError: Double?

  /// Creates evidence.
  public init(
    method: Method, estimate: Double, low: Double, high: Double, replicates: [Double] = [],
    standardError: Double? = nil
  ) {
    self.method = method
    self.estimate = estimate
    self.low = low
    self.high = high
    self.replicates = replicates
    self.standardError = standardError
  }

  /// A one-sided p-value for "the difference is on the good side of `margin`" under `op`,
  /// doubled (capped at 1) so it compares with α = 1 − confidence as the two-sided interval
  /// does; small means a confident regression. nil for published intervals.
  public func regressionPValue(margin: Double, op: GateRule.Operator) -> Double? {
    let oneSided: Double
    switch method {
    case .pairedBootstrap:
      guard !replicates.isEmpty else { return nil }
      let good = replicates.count(where: { op.higherIsBetter ? $0 >= margin : $0 <= margin })
      oneSided = Double(good) / Double(replicates.count)
    case .delong:
      guard let error = standardError, error > 0 else { return nil }
      let z = op.higherIsBetter ? (estimate - margin) / error : (margin - estimate) / error
      oneSided = Normal.cdf(z)
    case .publishedIntervals:
      return nil
    }
    return min(1, 2 * oneSided)
  }

  /// The verdict the interval alone gives for `difference OP margin`: pass when it lies
  /// wholly on the good side, fail when wholly on the wrong side, nil when it straddles.
  public func verdict(margin: Double, op: GateRule.Operator) -> GateVerdict? {
    switch op {
    case .greaterOrEqual:
      if low >= margin { return .pass }
      if high < margin { return .fail }
    case .greater:
      if low > margin { return .pass }
      if high <= margin { return .fail }
    case .lessOrEqual:
      if high <= margin { return .pass }
      if low > margin { return .fail }
    case .less:
      if high < margin { return .pass }
      if low >= margin { return .fail }
    }
    return nil
  }
}
