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
  /// Numeric: whether the training values had missing ones (LightGBM's missing type NaN),
  /// which makes split search try sending them right as well as left.
  var hadMissing = false

  /// Values this close to zero are zero (LightGBM's kZeroThreshold).
  static let zeroThreshold = 1e-35

  /// Numeric bins from `values` (NaN = missing), as LightGBM's BinMapper::FindBin: zero has
  /// a bin of its own, the negative and positive values share the other bins by row count,
  /// and each side is cut greedily into bins of about equal counts, a bin holding at least
  /// `minDataInBin` rows, bounds at midpoints between neighbouring distinct values (rounded
  /// up by one ulp). With missing values one bin is theirs, so `maxBin` counts it.
  static func numeric(_ values: [Double], maxBin: Int, minDataInBin: Int) -> FeatureBins {
    let present = RadixSort.sorted(values.filter { !$0.isNaN })
    let hadMissing = present.count < values.count
    var distinct: [Double] = []
    var counts: [Int] = []
    for raw in present {
      let value = abs(raw) <= zeroThreshold ? 0 : raw
      if let last = distinct.last, value <= last.nextUp {
        // LightGBM keeps the larger of values one ulp apart.
        distinct[distinct.count - 1] = value
        counts[counts.count - 1] += 1
      } else {
        distinct.append(value)
        counts.append(1)
      }
    }
    var bounds = zeroAsOneBin(
      distinct, counts, maxBin: hadMissing ? maxBin - 1 : maxBin, minDataInBin: minDataInBin)
    // The last bound is +infinity: the bins' thresholds are the others.
    bounds.removeLast()
    return FeatureBins(
      categorical: false, thresholds: bounds, valueBins: bounds.count + 1,
      hadMissing: hadMissing)
  }

  /// LightGBM's FindBinWithZeroAsOneBin: upper bounds, the last +infinity.
  static func zeroAsOneBin(
    _ distinct: [Double], _ counts: [Int], maxBin: Int, minDataInBin: Int
  ) -> [Double] {
    let negatives = distinct.firstIndex { $0 > -zeroThreshold } ?? distinct.count
    let positives = distinct[negatives...].firstIndex { $0 > zeroThreshold }
    var negativeRows = 0
    var zeroRows = 0
    var positiveRows = 0
    for (value, count) in zip(distinct, counts) {
      if value <= -zeroThreshold {
        negativeRows += count
      } else if value > zeroThreshold {
        positiveRows += count
      } else {
        zeroRows += count
      }
    }
    let total = negativeRows + zeroRows + positiveRows
    var bounds: [Double] = []
    if negatives > 0 && maxBin > 1 {
      let share = Double(negativeRows) / Double(total - zeroRows) * Double(maxBin - 1)
      bounds = greedy(
        Array(distinct[..<negatives]), Array(counts[..<negatives]), maxBin: max(1, Int(share)),
        total: negativeRows, minDataInBin: minDataInBin)
      if !bounds.isEmpty { bounds[bounds.count - 1] = -zeroThreshold }
    }
    let rightBins = maxBin - 1 - bounds.count
    if let positives, rightBins > 0 {
      bounds.append(zeroThreshold)
      bounds += greedy(
        Array(distinct[positives...]), Array(counts[positives...]), maxBin: rightBins,
        total: positiveRows, minDataInBin: minDataInBin)
    } else {
      bounds.append(.infinity)
    }
    return bounds
  }

  /// LightGBM's GreedyFindBin: upper bounds of at most `maxBin` bins over sorted distinct
  /// values with their counts, the last +infinity.
  static func greedy(
    _ distinct: [Double], _ counts: [Int], maxBin: Int, total: Int, minDataInBin: Int
  ) -> [Double] {
    var bounds: [Double] = []
    func add(_ bound: Double) {
      if let last = bounds.last, bound <= last.nextUp { return }
      bounds.append(bound)
    }
    if distinct.count <= maxBin {
      var inBin = 0
      for index in distinct.indices.dropLast() {
        inBin += counts[index]
        guard inBin >= minDataInBin else { continue }
        let bound = ((distinct[index] + distinct[index + 1]) / 2).nextUp
        if let last = bounds.last, bound <= last.nextUp { continue }
        bounds.append(bound)
        inBin = 0
      }
      bounds.append(.infinity)
      return bounds
    }
    let bins = max(1, minDataInBin > 0 ? min(maxBin, total / minDataInBin) : maxBin)
    var meanSize = Double(total) / Double(bins)
    var restBins = bins
    var restRows = total
    // Values as frequent as a whole bin get a bin of their own.
    let big = counts.map { Double($0) >= meanSize }
    for (index, count) in counts.enumerated() where big[index] {
      restBins -= 1
      restRows -= count
    }
    meanSize = Double(restRows) / Double(restBins)
    var uppers = [Double](repeating: .infinity, count: bins)
    var lowers = [Double](repeating: .infinity, count: bins)
    var binCount = 0
    lowers[0] = distinct[0]
    var inBin = 0
    for index in distinct.indices.dropLast() {
      if !big[index] { restRows -= counts[index] }
      inBin += counts[index]
      let half = max(1.0, Double(Float(meanSize) * 0.5))
      guard
        big[index] || Double(inBin) >= meanSize || (big[index + 1] && Double(inBin) >= half)
      else { continue }
      uppers[binCount] = distinct[index]
      binCount += 1
      lowers[binCount] = distinct[index + 1]
      if binCount >= bins - 1 { break }
      inBin = 0
      if !big[index] {
        restBins -= 1
        meanSize = Double(restRows) / Double(restBins)
      }
    }
    binCount += 1
    for index in 0..<(binCount - 1) { add(((uppers[index] + lowers[index + 1]) / 2).nextUp) }
    bounds.append(.infinity)
    return bounds
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
