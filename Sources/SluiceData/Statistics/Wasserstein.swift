/// The first Wasserstein (earth mover's) distance between two one-dimensional samples.
public enum Wasserstein {
  /// `scipy.stats.wasserstein_distance(u, v, u_weights, v_weights)`: the integral of
  /// `|U(t) - V(t)|` over the line, where `U` and `V` are the (weighted) empirical CDFs.
  ///
  /// The integral is exact for step functions: the pooled values are sorted once and each gap
  /// between neighbours contributes its width times the CDF difference to its left. Weights
  /// need not sum to 1. Returns NaN when either sample is empty or holds NaN, a weight array's
  /// length differs from its sample's, a weight is negative or non-finite, or the weights sum
  /// to 0 (scipy raises in these cases). Infinite values give NaN or infinity, as in scipy.
  public static func distance(
    _ u: [Double], _ v: [Double], uWeights: [Double]? = nil, vWeights: [Double]? = nil
  ) -> Double {
    guard let (uValues, uCumulative) = prepared(u, uWeights),
      let (vValues, vCumulative) = prepared(v, vWeights)
    else { return .nan }
    return distance(uValues, uCumulative, vValues, vCumulative)
  }

  /// `distance(_:_:uWeights:vWeights:)` of samples already sorted ascending (unchecked:
  /// unsorted input gives a meaningless number), weights in the same order. Drift sorts each
  /// million-value column once (radix) for KS and PSI; sorting it again here by comparison
  /// cost more than every statistic together.
  public static func distance(
    sortedU u: [Double], sortedV v: [Double], uWeights: [Double]? = nil,
    vWeights: [Double]? = nil
  ) -> Double {
    guard let (uValues, uCumulative) = presorted(u, uWeights),
      let (vValues, vCumulative) = presorted(v, vWeights)
    else { return .nan }
    return distance(uValues, uCumulative, vValues, vCumulative)
  }

  /// The integral over sorted values with their running weight sums (empty: unweighted).
  private static func distance(
    _ uValues: [Double], _ uCumulative: [Double], _ vValues: [Double], _ vCumulative: [Double]
  ) -> Double {
    let pooledCount = uValues.count + vValues.count

    // Gap widths between neighbours of the pooled order, later scaled by the CDF difference.
    var terms = [Double](repeating: 0, count: pooledCount - 1)
    var i = 0
    var j = 0
    var previous = 0.0
    for k in 0..<pooledCount {
      let value: Double
      if j >= vValues.count || (i < uValues.count && uValues[i] <= vValues[j]) {
        value = uValues[i]
        i += 1
      } else {
        value = vValues[j]
        j += 1
      }
      if k > 0 { terms[k - 1] = value - previous }
      previous = value
    }

    // Both CDFs at each pooled value (ties stepped over together, as
    // searchsorted(side='right')), applied to every gap that starts at that value.
    i = 0
    j = 0
    var k = 0
    while k < pooledCount - 1 {
      let value =
        j >= vValues.count || (i < uValues.count && uValues[i] <= vValues[j])
        ? uValues[i] : vValues[j]
      while i < uValues.count && uValues[i] <= value { i += 1 }
      while j < vValues.count && vValues[j] <= value { j += 1 }
      let difference = abs(cdf(i, uValues.count, uCumulative) - cdf(j, vValues.count, vCumulative))
      let end = min(i + j, pooledCount - 1)
      for index in k..<end { terms[index] *= difference }
      k = end
    }
    return PairwiseSum.sum(terms)
  }

  /// The empirical CDF after the first `count` of `size` sorted values: `count/size`, or the
  /// share of the total weight when `cumulative` holds running weight sums.
  @inline(__always)
  private static func cdf(_ count: Int, _ size: Int, _ cumulative: [Double]) -> Double {
    guard let total = cumulative.last else { return Double(count) / Double(size) }
    return count == 0 ? 0 : cumulative[count - 1] / total
  }

  /// Sorted `values` and, when weighted, the running sums of their weights, checked as
  /// `prepared` checks them.
  private static func presorted(_ values: [Double], _ weights: [Double]?) -> (
    [Double], [Double]
  )? {
    guard !values.isEmpty, !values.contains(where: \.isNaN) else { return nil }
    guard let weights else { return (values, []) }
    guard weights.count == values.count,
      weights.allSatisfy({ $0.isFinite && $0 >= 0 })
    else { return nil }
    var cumulative = [Double](repeating: 0, count: weights.count)
    var running = 0.0
    for (position, weight) in weights.enumerated() {
      running += weight
      cumulative[position] = running
    }
    guard running > 0, running.isFinite else { return nil }
    return (values, cumulative)
  }

  /// The sorted values and, when weighted, the running sums of their weights in that order.
  private static func prepared(_ values: [Double], _ weights: [Double]?) -> ([Double], [Double])? {
    guard !values.isEmpty, !values.contains(where: \.isNaN) else { return nil }
    guard let weights else { return (values.sorted(), []) }
    guard weights.count == values.count,
      weights.allSatisfy({ $0.isFinite && $0 >= 0 })
    else { return nil }
    let order = values.indices.sorted { values[$0] < values[$1] }
    var cumulative = [Double](repeating: 0, count: order.count)
    var running = 0.0
    for (position, index) in order.enumerated() {
      running += weights[index]
      cumulative[position] = running
    }
    guard running > 0, running.isFinite else { return nil }
    return (order.map { values[$0] }, cumulative)
  }
}
