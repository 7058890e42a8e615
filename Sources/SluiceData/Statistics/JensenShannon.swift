#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The Jensen–Shannon distance between two discrete distributions.
public enum JensenShannon {
  /// `scipy.spatial.distance.jensenshannon(p, q, base=2)`: the square root of the mean of the
  /// Kullback–Leibler divergences of `p` and `q` from their midpoint, in bits, so it lies in
  /// [0, 1].
  ///
  /// `p` and `q` are counts or weights of the same bins and are normalised here; `0·log 0` is
  /// 0. Returns NaN when the lengths differ or either vector is empty, has a negative or
  /// non-finite entry, or sums to 0 (scipy returns NaN or garbage there). A divergence that
  /// rounds to a tiny negative number gives 0, where scipy's square root would give NaN.
  public static func distance(_ p: [Double], _ q: [Double]) -> Double {
    guard let (p, q) = Proportions.normalizedPair(p, q) else { return .nan }
    let left = PairwiseSum.sum(count: p.count) { i in
      relativeEntropy(p[i], (p[i] + q[i]) / 2.0)
    }
    let right = PairwiseSum.sum(count: q.count) { i in
      relativeEntropy(q[i], (p[i] + q[i]) / 2.0)
    }
    let divergence = (left + right) / log(2.0)
    return (max(divergence, 0) / 2.0).squareRoot()
  }

  /// `scipy.special.rel_entr`: `x·log(x/y)`, 0 when `x` is 0.
  @inline(__always)
  private static func relativeEntropy(_ x: Double, _ y: Double) -> Double {
    if x > 0 && y > 0 { return x * log(x / y) }
    if x == 0 && y >= 0 { return 0 }
    return .infinity
  }
}
