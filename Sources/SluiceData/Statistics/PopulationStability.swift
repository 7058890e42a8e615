#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The population stability index and the quantile binning it is usually computed on.
public enum PopulationStability {
  /// `PSI = Σ (a_i - e_i) · ln(a_i / e_i)` over bins, where `e` and `a` are the bin COUNTS of
  /// the expected (reference) and actual (current) samples divided by their totals.
  ///
  /// A proportion of exactly 0 is replaced by `epsilon` (replaced, not added to every bin) and
  /// the proportions are not renormalised afterwards, so a bin empty on both sides contributes
  /// 0 and a bin empty on one side contributes `(a - ε)·ln(a/ε)`. Returns NaN when the lengths
  /// differ, either vector is empty, has a negative or non-finite count or sums to 0, or
  /// `epsilon` is not positive.
  public static func index(expected: [Double], actual: [Double], epsilon: Double = 1e-4)
    -> Double
  {
    guard epsilon > 0, epsilon.isFinite,
      let (e, a) = Proportions.normalizedPair(expected, actual)
    else { return .nan }
    return PairwiseSum.sum(count: e.count) { i in
      let ei = e[i] == 0 ? epsilon : e[i]
      let ai = a[i] == 0 ? epsilon : a[i]
      return (ai - ei) * log(ai / ei)
    }
  }

  /// Interior bin edges at the reference quantiles `i/bins`, `i = 1 ..< bins`, with numpy's
  /// default `'linear'` method (`np.quantile`), consecutive equal edges collapsed into one.
  ///
  /// `sortedValues` must be sorted ascending and free of NaN (unchecked). With `k` edges
  /// there are `k + 1` bins; see `binCounts(_:edges:)`. An empty reference or `bins < 2`
  /// gives no edges, a single bin.
  public static func quantileBinEdges(reference sortedValues: [Double], bins: Int = 10)
    -> [Double]
  {
    let n = sortedValues.count
    guard n > 0, bins >= 2 else { return [] }
    var edges: [Double] = []
    edges.reserveCapacity(bins - 1)
    for i in 1..<bins {
      let q = Double(i) / Double(bins)
      let position = Double(n - 1) * q
      let value: Double
      if position >= Double(n - 1) {
        value = sortedValues[n - 1]
      } else {
        let below = position.rounded(.down)
        let lower = sortedValues[Int(below)]
        let upper = sortedValues[Int(below) + 1]
        let t = position - below
        // numpy's _lerp: interpolate from whichever end is nearer.
        let span = upper - lower
        value = t >= 0.5 ? upper - span * (1 - t) : lower + span * t
      }
      if edges.last != value { edges.append(value) }
    }
    return edges
  }

  /// `binCounts(_:edges:)` of values already sorted ascending (NaNs, if any, last, as
  /// `RadixSort.sorted` leaves them), by one binary search per edge instead of one per value:
  /// a bin's count is the difference of the positions past its two edges.
  public static func binCounts(sorted values: [Double], edges: [Double]) -> [Double] {
    var valid = values.count
    while valid > 0 && values[valid - 1].isNaN { valid -= 1 }
    var counts = [Double](repeating: 0, count: edges.count + 1)
    var previous = 0
    values.withUnsafeBufferPointer { values in
      for (bin, edge) in edges.enumerated() {
        // The number of values at or below `edge` (those whose bin `edge` closes or an
        // earlier one).
        var low = previous
        var high = valid
        while low < high {
          let middle = (low + high) / 2
          if values[middle] <= edge { low = middle + 1 } else { high = middle }
        }
        counts[bin] = Double(low - previous)
        previous = low
      }
    }
    counts[edges.count] = Double(valid - previous)
    return counts
  }

  /// Counts of `values` in the bins `(-inf, e1], (e1, e2], ..., (ek, +inf)` defined by
  /// ascending `edges` (right-closed: a value equal to an edge falls in the bin it closes,
  /// `np.searchsorted(edges, v, side='left')`). NaN values are not counted.
  public static func binCounts(_ values: [Double], edges: [Double]) -> [Double] {
    var counts = [Double](repeating: 0, count: edges.count + 1)
    edges.withUnsafeBufferPointer { edges in
      for value in values where !value.isNaN {
        // The number of edges strictly below `value`.
        var low = 0
        var high = edges.count
        while low < high {
          let middle = (low + high) / 2
          if edges[middle] < value { low = middle + 1 } else { high = middle }
        }
        counts[low] += 1
      }
    }
    return counts
  }
}
