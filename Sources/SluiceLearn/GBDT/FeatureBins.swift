import SluiceTable

/// One feature's bins, learned from the training values: numeric values fall into at most
/// `maxBin` quantile bins (value ≤ `thresholds[b]` is bin b or lower), category codes are their
/// own bins, and a missing value (or an unknown category) has the last bin to itself.
struct FeatureBins: Sendable {
  /// Whether the feature's values are category codes.
  var categorical: Bool
  /// Numeric: the upper bound of every bin but the last value bin.
  var thresholds: [Double]
  /// Bins holding values (numeric: thresholds + 1; categorical: the number of codes).
  var valueBins: Int
  /// The bin of a missing value: `valueBins`.
  var missingBin: Int { valueBins }
  /// Bins in all.
  var count: Int { valueBins + 1 }

  /// Numeric bins from `values` (NaN = missing), as scikit-learn's
  /// HistGradientBoosting: the midpoints between distinct values when there are at most
  /// `maxBin` of them, else the midpoint-interpolated percentiles 100·k/maxBin.
  static func numeric(_ values: [Double], maxBin: Int) -> FeatureBins {
    let present = RadixSort.sorted(values.filter { !$0.isNaN })
    var distinct: [Double] = []
    for value in present where distinct.last != value { distinct.append(value) }
    var thresholds: [Double] = []
    if distinct.count <= maxBin {
      for index in distinct.indices.dropLast() {
        thresholds.append(distinct[index] + (distinct[index + 1] - distinct[index]) / 2)
      }
    } else {
      let last = Double(present.count - 1)
      for step in 1..<maxBin {
        let position = Double(step) / Double(maxBin) * last
        let low = present[Int(position.rounded(.down))]
        let high = present[Int(position.rounded(.up))]
        let midpoint = low + (high - low) / 2
        // Equal neighbouring percentiles would be empty bins: keep one.
        if thresholds.last != midpoint { thresholds.append(midpoint) }
      }
    }
    return FeatureBins(categorical: false, thresholds: thresholds, valueBins: thresholds.count + 1)
  }

  /// Categorical bins: codes 0..<codes, then the missing bin.
  static func categorical(codes: Int) -> FeatureBins {
    FeatureBins(categorical: true, thresholds: [], valueBins: max(codes, 1))
  }

  /// The bin of `value`.
  @inline(__always)
  func bin(_ value: Double) -> Int {
    if value.isNaN { return missingBin }
    if categorical {
      guard value >= 0, value < Double(valueBins), value == value.rounded(.towardZero) else {
        return missingBin
      }
      return Int(value)
    }
    // The number of thresholds below the value.
    var low = 0
    var high = thresholds.count
    while low < high {
      let middle = (low + high) / 2
      if thresholds[middle] < value { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// Every value's bin.
  func bins(_ values: [Double]) -> [UInt8] {
    values.map { UInt8(truncatingIfNeeded: bin($0)) }
  }
}
