/// Simple distances between two discrete distributions.
public enum Distances {
  /// The largest absolute difference between the normalised proportions of `p` and `q`
  /// (counts or weights of the same bins), in [0, 1].
  ///
  /// NaN when the lengths differ or either vector is empty, has a negative or non-finite entry,
  /// or sums to 0.
  public static func lInfinity(_ p: [Double], _ q: [Double]) -> Double {
    guard let (p, q) = Proportions.normalizedPair(p, q) else { return .nan }
    var largest = 0.0
    for i in p.indices { largest = max(largest, abs(p[i] - q[i])) }
    return largest
  }
}
