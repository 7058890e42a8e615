import SluiceCore
import SluiceTable

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A KLL quantile sketch of Doubles (Karnin, Lang and Liberty 2016), laid out and compacted
/// as in Apache DataSketches' `KllDoublesSketch`, so its accuracy table applies.
///
/// Error: with k = 200 a rank, CDF or quantile query is within ±1.33% normalised rank of the
/// truth, and the difference of two ranks (a histogram bar) within ±1.65%, each with 99%
/// confidence (DataSketches' fit to the 99th percentile of the maximum error over all ranks:
/// 2.296 / k^0.9723 single-sided, 2.446 / k^0.9433 double-sided). The bound holds for any
/// sequence of adds and merges; while no compaction has happened (`isExact`, n ≤ k) every
/// answer is exact.
///
/// Determinism: a compaction keeps the odd or even items of a sorted level by a coin drawn
/// from a SplitMix64 chain held in the sketch (`coin` in the JSON), salted with a hash of the
/// items being halved. The salt makes shards with different data draw independent coins
/// (identical seeds alone would correlate their errors) while the result stays a pure
/// function of the inputs and the merge order, never of timing or thread count.
///
/// NaN is ignored; -0.0 is stored as 0.0.
public struct QuantileSketch: Sendable {
  /// The default accuracy parameter.
  public static let defaultK = 200
  /// The accepted accuracy parameters.
  public static let kRange = 8...65535
  /// The generator state of a new sketch (the digits of π, for want of a better constant).
  static let seed: UInt64 = 0x3243_F6A8_885A_308D

  /// The accuracy parameter: the top level holds k items, lower levels about k·(2/3)^depth.
  public private(set) var k: Int
  /// Number of values added (NaN excluded).
  public private(set) var count = 0
  private(set) var low = Double.infinity
  private(set) var high = -Double.infinity
  private(set) var items: [Double]
  private(set) var levels: [Int]
  private(set) var coinState = QuantileSketch.seed

  /// An empty sketch; `k` is clamped to `kRange`. It allocates nothing yet: level 0 gets
  /// room as values arrive (doubling up to k), so a column of 20 values holds 20 doubles.
  public init(k: Int = QuantileSketch.defaultK) {
    self.k = Swift.min(Swift.max(k, Self.kRange.lowerBound), Self.kRange.upperBound)
    items = []
    levels = [0, 0]
  }

  /// The capacity of a one-level sketch: values held before the first compaction.
  private var firstCapacity: Int { KLLLevels.totalCapacity(k: k, levelCount: 1) }

  /// Adds every value of `values`.
  public init(k: Int = QuantileSketch.defaultK, _ values: some Sequence<Double>) {
    self.init(k: k)
    for value in values { add(value) }
  }

  /// A sketch of a whole batch: one sort-and-compact pass (DataSketches' general compression,
  /// as in a merge) instead of one compaction per few inserts; the same guarantees hold.
  public init(k: Int = QuantileSketch.defaultK, batch: [Double]) {
    self.init(k: k)
    if batch.count <= firstCapacity {
      reserveLevelZero(batch.count)
      for value in batch { add(value) }
      return
    }
    // Sorting first makes the rest cheap: NaNs sort to the two ends (by their sign bit) and
    // are cut off there, -0.0 sorts just before 0.0 and is stored as 0.0, and the extremes
    // are the first and last items. No pass over the batch besides the sort's own.
    var sorted = RadixSort.sorted(batch)
    var first = 0
    var end = sorted.count
    while first < end && sorted[first].isNaN { first += 1 }
    while end > first && sorted[end - 1].isNaN { end -= 1 }
    guard first < end else { return }
    if sorted[first] <= 0 && sorted[end - 1] >= 0 {
      // The first item not below zero; -0.0 == 0.0, so a run of -0.0 starts there.
      var lower = first
      var upper = end
      while lower < upper {
        let middle = (lower + upper) / 2
        if sorted[middle] < 0 { lower = middle + 1 } else { upper = middle }
      }
      while lower < end && sorted[lower] == 0 && sorted[lower].sign == .minus {
        sorted[lower] = 0
        lower += 1
      }
    }
    if first > 0 || end < sorted.count { sorted = Array(sorted[first..<end]) }
    low = sorted[0]
    high = sorted[sorted.count - 1]
    count = sorted.count
    if count <= firstCapacity {
      reserveLevelZero(count)
      for value in sorted { insert(value) }
      return
    }
    recompress(levels: [0, count], sorted: sorted)
  }

  /// Single-sided normalised rank error at 99% confidence for `k`: 2.296 / k^0.9723.
  public static func rankErrorBound(k: Int) -> Double { 2.296 / pow(Double(k), 0.9723) }

  /// Double-sided (PMF, histogram bar) normalised rank error at 99% confidence: 2.446 / k^0.9433.
  public static func pmfErrorBound(k: Int) -> Double { 2.446 / pow(Double(k), 0.9433) }

  /// The bound on `rank`, `cdf(at:)` and `quantile` errors of this sketch (0 while exact).
  public var rankErrorBound: Double { isExact ? 0 : Self.rankErrorBound(k: k) }

  /// The bound on the error of a difference of two ranks (0 while exact).
  public var pmfErrorBound: Double { isExact ? 0 : Self.pmfErrorBound(k: k) }

  /// Whether nothing was added.
  public var isEmpty: Bool { count == 0 }

  /// Number of items the sketch holds.
  public var retainedCount: Int { items.count - levels[0] }

  /// Whether every value is still held with weight 1 (no compaction yet): answers are exact.
  public var isExact: Bool { retainedCount == count }

  /// The smallest value, nil when empty.
  public var min: Double? { count > 0 ? low : nil }

  /// The largest value, nil when empty.
  public var max: Double? { count > 0 ? high : nil }

  var levelCount: Int { levels.count - 1 }

  /// Adds one value.
  @inline(__always)
  public mutating func add(_ value: Double) {
    if value.isNaN { return }
    let x = value + 0.0
    if x < low { low = x }
    if x > high { high = x }
    insert(x)
    count += 1
  }

  @inline(__always)
  private mutating func insert(_ x: Double) {
    if levels[0] == 0 {
      if levelCount == 1 && items.count < firstCapacity {
        reserveLevelZero(Swift.max(8, items.count))
      } else {
        compressWhileUpdating()
      }
    }
    let index = levels[0] - 1
    levels[0] = index
    items[index] = x
  }

  /// Grows a one-level sketch's items by room for `extra` more values (at most up to its
  /// capacity), in front: items are right-aligned. Compactions start only once the capacity is
  /// reached, so they are those of a sketch allocated in full.
  private mutating func reserveLevelZero(_ extra: Int) {
    let growth = Swift.min(extra, firstCapacity - items.count)
    guard levelCount == 1, growth > 0 else { return }
    var grown = [Double](repeating: 0, count: items.count + growth)
    for index in levels[0]..<items.count { grown[index + growth] = items[index] }
    for index in levels.indices { levels[index] += growth }
    items = grown
  }

  /// DataSketches' `compressWhileUpdating`: the items array is full, so halve the lowest level
  /// at capacity into the one above (adding a level when that is the top).
  private mutating func compressWhileUpdating() {
    var level = 0
    while level < levelCount - 1 {
      let capacity = KLLLevels.capacity(k: k, levelCount: levelCount, level: level)
      if levels[level + 1] - levels[level] >= capacity { break }
      level += 1
    }
    if level == levelCount - 1 { addEmptyTopLevel() }
    let rawStart = levels[level]
    let rawEnd = levels[level + 1]
    let aboveEnd = levels[level + 2]
    let odd = (rawEnd - rawStart) & 1 == 1
    var state = coinState
    let bottom = levels[0]
    var half = 0
    items.withUnsafeMutableBufferPointer { buffer in
      half = KLLLevels.compact(
        buffer, rawStart: rawStart, rawEnd: rawEnd, aboveEnd: aboveEnd, isLevelZero: level == 0,
        coin: { Self.drawCoin(&state, $0) })
      if odd { buffer[rawStart + half] = buffer[rawStart] }
      if level > 0 {
        // Shift the levels below up into the freed slots, top item first (ranges overlap).
        var index = rawStart - 1
        while index >= bottom {
          buffer[index + half] = buffer[index]
          index -= 1
        }
      }
    }
    coinState = state
    levels[level + 1] -= half
    levels[level] = levels[level + 1] - (odd ? 1 : 0)
    for lower in 0..<level { levels[lower] += half }
  }

  /// Grows the items array by the capacity of a new bottom level and adds an empty top level.
  private mutating func addEmptyTopLevel() {
    let growth = KLLLevels.capacity(k: k, levelCount: levelCount + 1, level: 0)
    var grown = [Double](repeating: 0, count: items.count + growth)
    for index in levels[0]..<items.count { grown[index + growth] = items[index] }
    for index in levels.indices { levels[index] += growth }
    levels.append(grown.count)
    items = grown
  }

  /// Draws a compaction offset (0 or 1), salting the chain with the items about to be halved.
  static func drawCoin(_ state: inout UInt64, _ range: UnsafeMutableBufferPointer<Double>) -> Int {
    var salt = UInt64(truncatingIfNeeded: range.count)
    // Up to 64 items spread over the range (all of a short one) tell shards apart as well as
    // every item would, without a pass over a whole batch.
    let step = Swift.max(1, range.count / 64)
    for index in stride(from: 0, to: range.count, by: step) {
      salt = salt &+ range[index].bitPattern &* 0x9E37_79B9_7F4A_7C15
    }
    state = SplitRandom.mix((state &+ 0x9E37_79B9_7F4A_7C15) ^ salt)
    return Int(state >> 63)
  }

  /// Folds `other` in (DataSketches' merge): its level-0 items are added one by one, then the
  /// levels above are merged pairwise and recompressed. Merging a sketch with a smaller k
  /// lowers this sketch's k to it, so the result carries the weaker bound honestly.
  public mutating func merge(_ other: QuantileSketch) {
    guard other.count > 0 else { return }
    if count == 0 && other.k <= k {
      self = other
      return
    }
    if other.k < k {
      k = other.k
      recompress(levels: levels.map { $0 - levels[0] }, buffer: Array(items[levels[0]...]))
    }
    let finalCount = count + other.count
    low = Swift.min(low, other.low)
    high = Swift.max(high, other.high)
    for index in other.levels[0]..<other.levels[1] { insert(other.items[index]) }
    coinState = SplitRandom.mix(coinState ^ (other.coinState &* 0xD6E8_FEB8_6659_FD93))
    if other.levelCount > 1 {
      let combinedLevels = Swift.max(levelCount, other.levelCount)
      var work: [Double] = []
      work.reserveCapacity(retainedCount + other.retainedCount)
      var workLevels = [0]
      work.append(contentsOf: items[levels[0]..<levels[1]])
      workLevels.append(work.count)
      for level in 1..<combinedLevels {
        let mine = level < levelCount ? items[levels[level]..<levels[level + 1]] : []
        let theirs =
          level < other.levelCount
          ? other.items[other.levels[level]..<other.levels[level + 1]] : []
        Self.appendMerged(mine, theirs, to: &work)
        workLevels.append(work.count)
      }
      recompress(levels: workLevels, buffer: work)
    }
    count = finalCount
  }

  /// Appends the merge of two sorted runs to `output`.
  private static func appendMerged(
    _ a: ArraySlice<Double>, _ b: ArraySlice<Double>, to output: inout [Double]
  ) {
    var i = a.startIndex
    var j = b.startIndex
    while i < a.endIndex && j < b.endIndex {
      if b[j] < a[i] {
        output.append(b[j])
        j += 1
      } else {
        output.append(a[i])
        i += 1
      }
    }
    output.append(contentsOf: a[i...])
    output.append(contentsOf: b[j...])
  }

  /// Compresses the levels in `buffer` to fit this sketch's k and installs them, right-aligned
  /// in an items array of exactly the resulting capacity.
  private mutating func recompress(levels workLevels: [Int], buffer: [Double]) {
    recompress(levels: workLevels, levelZeroSorted: false, work: buffer)
  }

  /// `recompress` of a batch whose level 0 (all of it) is already sorted.
  private mutating func recompress(levels workLevels: [Int], sorted: consuming [Double]) {
    recompress(levels: workLevels, levelZeroSorted: true, work: sorted)
  }

  private mutating func recompress(
    levels workLevels: [Int], levelZeroSorted: Bool, work buffer: consuming [Double]
  ) {
    var work = buffer
    var state = coinState
    let result = KLLLevels.compress(
      k: k, buffer: &work, levels: workLevels, levelZeroSorted: levelZeroSorted,
      coin: { Self.drawCoin(&state, $0) })
    coinState = state
    let shift = result.capacity - result.population
    var packed = [Double](repeating: 0, count: result.capacity)
    for index in 0..<result.population { packed[shift + index] = work[index] }
    items = packed
    levels = result.levels.map { $0 + shift }
  }

  /// A sketch from checked parts (`init(json:)` checks them): the stored items level by
  /// level, `sizes` their level populations, laid out as a sketch that grew to them would be.
  init(
    k: Int, count: Int, coinState: UInt64, low: Double, high: Double, stored: [Double],
    sizes: [Int]
  ) {
    self.init(k: k)
    self.count = count
    self.coinState = coinState
    self.low = low
    self.high = high
    // A one-level sketch gets room for its items only (it grows on adds, as a fresh one does).
    let capacity =
      sizes.count == 1 ? stored.count : KLLLevels.totalCapacity(k: k, levelCount: sizes.count)
    let shift = capacity - stored.count
    items = [Double](repeating: 0, count: capacity)
    for (index, value) in stored.enumerated() { items[shift + index] = value }
    levels = [shift]
    for size in sizes { levels.append(levels[levels.count - 1] + size) }
  }
}
