/// Histograms derived from a quantile sketch, so shard profiles need no shared bin edges: each
/// shard keeps a sketch, the merged sketch yields the histogram.
public enum Histogram {
  /// `bins` equal-width bins over [min, max] of `sketch`, counted from its CDF.
  ///
  /// The first bin is [lower, upper], the others (lower, upper]; the last upper edge is the
  /// maximum itself, so the counts (whole numbers, as Doubles) add up to `sketch.count`. Each
  /// count is exact while `sketch.isExact`, else within `sketch.pmfErrorBound × count` (99%
  /// confidence). Returns [] for an empty sketch, `bins` < 1 or an infinite minimum or
  /// maximum; a single bin when min == max.
  public static func equalWidth(from sketch: QuantileSketch, bins: Int = 20) -> [(
    lower: Double, upper: Double, count: Double
  )] {
    guard bins >= 1, let low = sketch.min, let high = sketch.max, low.isFinite, high.isFinite
    else { return [] }
    if low == high { return [(low, high, Double(sketch.count))] }
    let width = high - low
    let edges: [Double] = (0...bins).map { index in
      if index == 0 { return low }
      if index == bins { return high }
      let fraction = Double(index) / Double(bins)
      // The interpolated form avoids overflow when max - min exceeds the Double range.
      let edge = width.isFinite ? low + width * fraction : low * (1 - fraction) + high * fraction
      return Swift.min(Swift.max(edge, low), high)
    }
    let cumulative = sketch.cumulativeWeights(at: Array(edges.dropFirst()))
    var result: [(lower: Double, upper: Double, count: Double)] = []
    result.reserveCapacity(bins)
    var previous: UInt64 = 0
    for bin in 0..<bins {
      result.append((edges[bin], edges[bin + 1], Double(cumulative[bin] - previous)))
      previous = cumulative[bin]
    }
    return result
  }
}
