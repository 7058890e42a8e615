/// A metric computable on any subset of the paired rows, for both models.
public struct PairedMetric {
  /// The metric's name, e.g. "accuracy".
  public var name: String
  /// The candidate's value on `rows` (with repeats); nil when undefined there.
  public var candidate: (_ rows: [Int]) -> Double?
  /// The baseline's value on the same rows.
  public var baseline: (_ rows: [Int]) -> Double?

  /// Creates a paired metric.
  public init(
    name: String, candidate: @escaping (_ rows: [Int]) -> Double?,
    baseline: @escaping (_ rows: [Int]) -> Double?
  ) {
    self.name = name
    self.candidate = candidate
    self.baseline = baseline
  }
}
