import SluiceCore
import SluiceTable

/// Count, extremes, mean and variance of a stream of numbers, mergeable across shards.
///
/// The mean comes from a Neumaier-compensated sum, so every merge order gives it to about one
/// ulp. The sum of squared deviations follows Welford per value and Chan, Golub and LeVeque
/// (1979) per merge; the running mean it needs is carried as a double-double so the Welford
/// step stays accurate when |mean| is far larger than the spread, where a plain Double mean
/// would lose digits to rounding. NaN is ignored (it has no order and would poison every
/// field); an infinite value makes the mean infinite and the variance NaN.
public struct Moments: Sendable, Equatable {
  /// Number of values added (NaN excluded).
  public private(set) var count = 0
  private var low = Double.infinity
  private var high = -Double.infinity
  private var total = 0.0
  private var totalError = 0.0
  private var meanHigh = 0.0
  private var meanLow = 0.0
  private var squaredDeviations = 0.0

  /// An empty summary.
  public init() {}

  /// Adds every value of `values`.
  public init(_ values: some Sequence<Double>) {
    for value in values { add(value) }
  }

  /// A summary of a whole batch in two passes (compensated sum, then squared deviations from
  /// the double-double mean, corrected), cheaper per value than `add` and as accurate.
  public init(batch: UnsafeBufferPointer<Double>) {
    // Most batches are all finite: one branch-free pass, with the extremes taken in the order
    // of `RadixSort`'s keys (which put -0.0 below 0.0, as `min` and `max` promise). A NaN or
    // an infinity shows in the sum, and such a batch takes the careful pass instead.
    var total = 0.0
    var error = 0.0
    var lowKey = UInt64.max
    var highKey: UInt64 = 0
    for x in batch {
      Self.accumulate(x, total: &total, error: &error)
      let key = RadixSort.key(x)
      lowKey = Swift.min(lowKey, key)
      highKey = Swift.max(highKey, key)
    }
    if (total + error).isFinite {
      guard !batch.isEmpty else { return }
      low = RadixSort.value(ofKey: lowKey)
      high = RadixSort.value(ofKey: highKey)
      self.finish(batch, total: total, error: error, count: batch.count, skipNaN: false)
      return
    }
    total = 0
    error = 0
    var counted = 0
    for x in batch where !x.isNaN {
      counted += 1
      Self.accumulate(x, total: &total, error: &error)
      if x < low || (x == low && x.sign == .minus) { low = x }
      if x > high || (x == high && x.sign == .plus) { high = x }
    }
    guard counted > 0 else { return }
    finish(batch, total: total, error: error, count: counted, skipNaN: true)
  }

  /// The mean from the compensated sum, then the squared deviations from it.
  private mutating func finish(
    _ batch: UnsafeBufferPointer<Double>, total: Double, error: Double, count counted: Int,
    skipNaN: Bool
  ) {
    count = counted
    self.total = total
    totalError = error
    let n = Double(counted)
    let head = (total + error) / n
    // The exact remainder of total - head·n (one fused multiply-add), plus the sum's error.
    let tail = (total.addingProduct(-head, n) + error) / n
    meanHigh = head + tail
    meanLow = tail - (meanHigh - head)
    var squares = 0.0
    var deviations = 0.0
    for x in batch where !skipNaN || !x.isNaN {
      let d = (x - meanHigh) - meanLow
      squares += d * d
      deviations += d
    }
    let corrected = squares - deviations * deviations / n
    // An infinite value leaves NaN here, as `add` does; `max` would turn it into 0.
    squaredDeviations = corrected.isNaN ? .nan : Swift.max(0, corrected)
  }

  /// Adds `x` to a Neumaier-compensated sum, without a branch (one would mispredict on
  /// random data).
  @inline(__always)
  private static func accumulate(_ x: Double, total: inout Double, error: inout Double) {
    let sum = total + x
    let larger = abs(total) >= abs(x)
    let big = larger ? total : x
    let small = larger ? x : total
    error += (big - sum) + small
    total = sum
  }

  /// The smallest value, nil when empty; -0.0 counts as below 0.0 so any order agrees.
  public var min: Double? { count > 0 ? low : nil }

  /// The largest value, nil when empty; 0.0 counts as above -0.0 so any order agrees.
  public var max: Double? { count > 0 ? high : nil }

  /// The compensated sum of the values.
  public var sum: Double { total + totalError }

  /// The mean (compensated sum / count, kept within [min, max]), nil when empty.
  public var mean: Double? {
    guard count > 0 else { return nil }
    return Swift.min(Swift.max(sum / Double(count), low), high)
  }

  /// Sum of squared deviations from the mean divided by count, nil when empty.
  public var populationVariance: Double? {
    count > 0 ? squaredDeviations / Double(count) : nil
  }

  /// Sum of squared deviations from the mean divided by count - 1, nil below two values.
  public var sampleVariance: Double? {
    count > 1 ? squaredDeviations / Double(count - 1) : nil
  }

  /// The sum of squared deviations from the mean (Welford's M2).
  public var sumOfSquaredDeviations: Double { squaredDeviations }

  /// Adds one value.
  @inline(__always)
  public mutating func add(_ x: Double) {
    if x.isNaN { return }
    count += 1
    Self.accumulate(x, total: &total, error: &totalError)
    if x < low || (x == low && x.sign == .minus) { low = x }
    if x > high || (x == high && x.sign == .plus) { high = x }
    let delta = (x - meanHigh) - meanLow
    addToMean(delta / Double(count))
    squaredDeviations += delta * ((x - meanHigh) - meanLow)
  }

  /// Folds `other` in, as if its values had been added to this summary.
  public mutating func merge(_ other: Moments) {
    guard other.count > 0 else { return }
    guard count > 0 else {
      self = other
      return
    }
    let countA = Double(count)
    let countB = Double(other.count)
    let combined = countA + countB
    let delta = (other.meanHigh - meanHigh) + (other.meanLow - meanLow)
    squaredDeviations =
      (squaredDeviations + other.squaredDeviations) + delta * delta * (countA / combined * countB)
    addToMean(delta * (countB / combined))
    let sum = total + other.total
    let rounding =
      abs(total) >= abs(other.total) ? (total - sum) + other.total : (other.total - sum) + total
    totalError = (totalError + other.totalError) + rounding
    total = sum
    count += other.count
    if other.low < low || (other.low == low && other.low.sign == .minus) { low = other.low }
    if other.high > high || (other.high == high && other.high.sign == .plus) { high = other.high }
  }

  /// Adds `step` to the double-double mean (TwoSum, then renormalise).
  @inline(__always)
  private mutating func addToMean(_ step: Double) {
    let sum = meanHigh + step
    let virtual = sum - meanHigh
    let rounding = (meanHigh - (sum - virtual)) + (step - virtual)
    let low = meanLow + rounding
    meanHigh = sum + low
    meanLow = low - (meanHigh - sum)
  }

  /// The summary as JSON; numbers are exact (shortest round-trip form), non-finite ones strings.
  public var json: JSONValue {
    var members: [String: JSONValue] = [
      "kind": "moments",
      "count": .int(Int64(count)),
      "sum": SketchCoding.number(total),
      "sum_error": SketchCoding.number(totalError),
      "mean": SketchCoding.number(meanHigh),
      "mean_error": SketchCoding.number(meanLow),
      "m2": SketchCoding.number(squaredDeviations),
    ]
    members["min"] = count > 0 ? SketchCoding.number(low) : .null
    members["max"] = count > 0 ? SketchCoding.number(high) : .null
    return .object(members)
  }

  /// Reads a summary written by `json`; throws `CoreError.invalidData` on anything else.
  public init(json: JSONValue) throws(CoreError) {
    let fields = try SketchCoding.Fields(json, sketch: "moments", kind: "moments")
    count = try fields.int("count", in: 0...Int.max)
    total = try fields.double("sum")
    totalError = try fields.double("sum_error")
    meanHigh = try fields.double("mean")
    meanLow = try fields.double("mean_error")
    squaredDeviations = try fields.double("m2")
    let minimum = try fields.optionalDouble("min")
    let maximum = try fields.optionalDouble("max")
    if count == 0 {
      guard minimum == nil, maximum == nil else {
        throw fields.invalid("min", "must be null when 'count' is 0")
      }
      guard total == 0, totalError == 0, meanHigh == 0, meanLow == 0, squaredDeviations == 0
      else { throw fields.invalid("count", "is 0 but the sums are not") }
      return
    }
    guard let minimum, let maximum, !minimum.isNaN, !maximum.isNaN, minimum <= maximum else {
      throw fields.invalid("min", "and 'max' must be numbers with min <= max")
    }
    guard !(squaredDeviations < 0) else { throw fields.invalid("m2", "must not be negative") }
    low = minimum
    high = maximum
  }
}
