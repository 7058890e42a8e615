/// Queries of `QuantileSketch`: ranks, CDFs and quantiles over the weighted retained items.
extension QuantileSketch {
  /// Every retained item with its weight, sorted by value.
  private func sortedView() -> (values: [Double], cumulative: [UInt64]) {
    var pairs: [(value: Double, weight: UInt64)] = []
    pairs.reserveCapacity(retainedCount)
    for level in 0..<levelCount {
      let weight = UInt64(1) << UInt64(level)
      for index in levels[level]..<levels[level + 1] { pairs.append((items[index], weight)) }
    }
    pairs.sort { $0.value < $1.value }
    var cumulative: [UInt64] = []
    cumulative.reserveCapacity(pairs.count)
    var running: UInt64 = 0
    for pair in pairs {
      running += pair.weight
      cumulative.append(running)
    }
    return (pairs.map(\.value), cumulative)
  }

  /// The estimated number of values ≤ each of `points` (exact while `isExact`).
  func cumulativeWeights(at points: [Double]) -> [UInt64] {
    let view = sortedView()
    return points.map { point in
      // The first index whose value exceeds the point; everything before it is ≤ point.
      var lower = 0
      var upper = view.values.count
      while lower < upper {
        let middle = (lower + upper) / 2
        if view.values[middle] <= point { lower = middle + 1 } else { upper = middle }
      }
      return lower == 0 ? 0 : view.cumulative[lower - 1]
    }
  }

  /// The estimated fraction of values ≤ `x` (inclusive normalised rank); NaN when empty or
  /// for NaN `x`.
  public func rank(_ x: Double) -> Double {
    guard count > 0, !x.isNaN else { return .nan }
    var weight: UInt64 = 0
    for level in 0..<levelCount {
      var below: UInt64 = 0
      for index in levels[level]..<levels[level + 1] where items[index] <= x { below += 1 }
      weight += below << UInt64(level)
    }
    return Double(weight) / Double(count)
  }

  /// `rank` of each of `points` (any order), sharing one sorted view of the sketch.
  public func cdf(at points: [Double]) -> [Double] {
    guard count > 0 else { return points.map { _ in .nan } }
    let total = Double(count)
    return zip(points, cumulativeWeights(at: points)).map { point, weight in
      point.isNaN ? .nan : Double(weight) / total
    }
  }

  /// The smallest retained value whose normalised rank is ≥ `q` (the inverse CDF, numpy's
  /// `method="inverted_cdf"` while exact); `q` = 0 gives the minimum, 1 the maximum. Nil when
  /// empty or `q` is outside [0, 1].
  public func quantile(_ q: Double) -> Double? {
    guard count > 0, q >= 0, q <= 1 else { return nil }
    if q == 0 { return low }
    if q == 1 { return high }
    let view = sortedView()
    let total = Double(count)
    for (index, weight) in view.cumulative.enumerated() where Double(weight) / total >= q {
      return view.values[index]
    }
    return high
  }

  /// `quantile` of each of `qs`, sharing one sorted view of the sketch.
  public func quantiles(_ qs: [Double]) -> [Double?] {
    guard count > 0 else { return qs.map { _ in nil } }
    let view = sortedView()
    let total = Double(count)
    return qs.map { q in
      guard q >= 0, q <= 1 else { return nil }
      if q == 0 { return low }
      if q == 1 { return high }
      var lower = 0
      var upper = view.cumulative.count
      while lower < upper {
        let middle = (lower + upper) / 2
        if Double(view.cumulative[middle]) / total >= q {
          upper = middle
        } else {
          lower = middle + 1
        }
      }
      return lower < view.values.count ? view.values[lower] : high
    }
  }
}
