import SluiceCore
import SluiceData
import SluiceTable

/// A numeric column's transform: median imputation, a missing indicator when the training
/// data had missing values, then standardisation of both (as scikit-learn's
/// `SimpleImputer(strategy="median", add_indicator=True)` followed by `StandardScaler()`).
public struct NumericEncoder: Sendable, Equatable {
  /// Source column.
  public var column: String
  /// The training median, used for missing values.
  public var median: Double
  /// Mean and scale of the imputed values (scale 1 when the values are constant).
  public var mean: Double
  public var scale: Double
  /// Whether an indicator feature follows, with its own mean and scale.
  public var indicator: Bool
  public var indicatorMean: Double
  public var indicatorScale: Double

  /// Output feature names.
  public var featureNames: [String] { indicator ? [column, "\(column)__missing"] : [column] }

  /// Learns the transform from training values (nil = missing).
  public static func fit(column: String, values: [Double?]) throws -> NumericEncoder {
    try fit(column: column, numbersOrNaN: values.map { $0 ?? .nan })
  }

  /// `fit` on values with NaN for a missing one (as `ColumnCache` keeps them).
  static func fit(column: String, numbersOrNaN values: [Double]) throws -> NumericEncoder {
    var present = values.filter { !$0.isNaN }
    guard !present.isEmpty else {
      throw LearnError("column '\(column)' has no values; it cannot be a feature (use --ignore)")
    }
    let median = Self.median(&present)
    let imputed = values.map { $0.isNaN ? median : $0 }
    let (mean, scale) = standardisation(imputed)
    let missing = values.count - present.count
    var encoder = NumericEncoder(
      column: column, median: median, mean: mean, scale: scale, indicator: missing > 0,
      indicatorMean: 0, indicatorScale: 1)
    if missing > 0 {
      let (m, s) = standardisation(values.map { $0.isNaN ? 1 : 0 })
      encoder.indicatorMean = m
      encoder.indicatorScale = s
    }
    return encoder
  }

  /// The median of `values` (the mean of the two middle ones for an even count), in the
  /// order of `RadixSort.sorted` (−0.0 before 0.0), by selection rather than a full sort: a
  /// three-way quickselect, which falls back to sorting the remaining range when its pivots
  /// keep going wrong, so no input makes it quadratic. Reorders `values`.
  static func median(_ values: inout [Double]) -> Double {
    let middle = values.count / 2
    let upper = select(&values, middle)
    guard values.count % 2 == 0 else { return upper }
    // Selection leaves every value below `middle` at or before the middle one in the order.
    var lower = values[0]
    for value in values[0..<middle] where precedes(lower, value) { lower = value }
    return (lower + upper) / 2
  }

  /// The total order of `RadixSort.sorted` on finite values: −0.0 before 0.0.
  @inline(__always)
  static func precedes(_ a: Double, _ b: Double) -> Bool {
    a < b || (a == b && a.sign == .minus && b.sign == .plus)
  }

  /// The `k`-th smallest of `values` (0-based); afterwards, values before index `k` precede
  /// or equal it and values after follow or equal it.
  static func select(_ values: inout [Double], _ k: Int) -> Double {
    var low = 0
    var high = values.count - 1
    var rounds = 0
    let limit = 2 * (Int.bitWidth - values.count.leadingZeroBitCount) + 8
    while low < high {
      if rounds > limit {
        let sorted = RadixSort.sorted(Array(values[low...high]))
        values.replaceSubrange(low...high, with: sorted)
        return values[k]
      }
      rounds += 1
      let a = values[low]
      let b = values[low + (high - low) / 2]
      let c = values[high]
      let pivot =
        precedes(a, b)
        ? (precedes(b, c) ? b : (precedes(a, c) ? c : a))
        : (precedes(a, c) ? a : (precedes(b, c) ? c : b))
      // Dutch national flag: [low, less) precede the pivot, [less, index) equal it,
      // (greater, high] follow it.
      var less = low
      var index = low
      var greater = high
      while index <= greater {
        let value = values[index]
        if precedes(value, pivot) {
          values.swapAt(index, less)
          less += 1
          index += 1
        } else if precedes(pivot, value) {
          values.swapAt(index, greater)
          greater -= 1
        } else {
          index += 1
        }
      }
      if k < less {
        high = less - 1
      } else if k > greater {
        low = greater + 1
      } else {
        return pivot
      }
    }
    return values[k]
  }

  /// Mean and population standard deviation (1 for constant data), as StandardScaler.
  static func standardisation(_ values: [Double]) -> (Double, Double) {
    let moments = values.withUnsafeBufferPointer { Moments(batch: $0) }
    let mean = moments.mean ?? 0
    let variance = moments.populationVariance ?? 0
    let scale = variance > 0 ? variance.squareRoot() : 1
    return (mean, scale)
  }

  /// Writes this column's features for one value into `row` at `offset`.
  @inline(__always)
  func encode(_ value: Double?, into row: UnsafeMutablePointer<Double>, at offset: Int) {
    row[offset] = encodedValue(value)
    if indicator { row[offset + 1] = encodedIndicator(missing: value == nil) }
  }

  /// The value's feature: imputed, then standardised.
  @inline(__always)
  func encodedValue(_ value: Double?) -> Double { ((value ?? median) - mean) / scale }

  /// The indicator feature (when `indicator`) of a value missing or not.
  @inline(__always)
  func encodedIndicator(missing: Bool) -> Double {
    ((missing ? 1 : 0) - indicatorMean) / indicatorScale
  }

  /// `encode` for a value with NaN standing for missing (as `ColumnCache` keeps them).
  @inline(__always)
  func encode(numberOrNaN value: Double, into row: UnsafeMutablePointer<Double>, at offset: Int) {
    encode(value.isNaN ? nil : value, into: row, at: offset)
  }

  var json: JSONValue {
    .object([
      "kind": "numeric", "column": .string(column), "median": .double(median),
      "mean": .double(mean), "scale": .double(scale), "indicator": .bool(indicator),
      "indicator_mean": .double(indicatorMean), "indicator_scale": .double(indicatorScale),
    ])
  }

  init(
    column: String, median: Double, mean: Double, scale: Double, indicator: Bool,
    indicatorMean: Double, indicatorScale: Double
  ) {
    self.column = column
    self.median = median
    self.mean = mean
    self.scale = scale
    self.indicator = indicator
    self.indicatorMean = indicatorMean
    self.indicatorScale = indicatorScale
  }

  init(json: JSONValue) throws {
    guard let column = json["column"]?.stringValue, let median = json["median"]?.doubleValue,
      let mean = json["mean"]?.doubleValue, let scale = json["scale"]?.doubleValue,
      let indicator = json["indicator"]?.boolValue
    else { throw LearnError("model file: a numeric feature lacks column, median, mean or scale") }
    let indicatorMean = json["indicator_mean"]?.doubleValue ?? 0
    let indicatorScale = json["indicator_scale"]?.doubleValue ?? 1
    // A zero or non-finite scale would turn every prediction into NaN or infinity.
    for (field, value) in [
      ("median", median), ("mean", mean), ("scale", scale), ("indicator_mean", indicatorMean),
      ("indicator_scale", indicatorScale),
    ] where !value.isFinite || (field.hasSuffix("scale") && value == 0) {
      throw LearnError(
        "model file: '\(field)' of numeric feature '\(column)' must be a finite"
          + (field.hasSuffix("scale") ? ", nonzero number" : " number"))
    }
    self.init(
      column: column, median: median, mean: mean, scale: scale, indicator: indicator,
      indicatorMean: indicatorMean, indicatorScale: indicatorScale)
  }
}
