import SluiceCore

/// The JSON form of `QuantileSketch` (a profile's `quantiles` member); equality below.
extension QuantileSketch {
  /// The sketch as JSON: level populations plus every item as base64 of little-endian IEEE
  /// doubles (level 0 first, in stored order), so a reloaded sketch continues bit for bit.
  public var json: JSONValue {
    var members: [String: JSONValue] = [
      "kind": "kll",
      "k": .int(Int64(k)),
      "n": .int(Int64(count)),
      "levels": .array((0..<levelCount).map { .int(Int64(levels[$0 + 1] - levels[$0])) }),
      "items": .string(SketchCoding.base64(doubles: items[levels[0]...])),
      "coin": .string(SketchCoding.hex(coinState)),
    ]
    members["min"] = count > 0 ? SketchCoding.number(low) : .null
    members["max"] = count > 0 ? SketchCoding.number(high) : .null
    return .object(members)
  }

  /// Reads a sketch written by `json`, checking every invariant a query relies on; throws
  /// `CoreError.invalidData` otherwise.
  public init(json: JSONValue) throws(CoreError) {
    let fields = try SketchCoding.Fields(json, sketch: "quantile sketch", kind: "kll")
    let k = try fields.int("k", in: Self.kRange)
    let count = try fields.int("n", in: 0...Int.max)
    guard let state = SketchCoding.uint64(hex: try fields.string("coin")) else {
      throw fields.invalid("coin", "must be 16 hex digits")
    }
    guard let populations = try fields.value("levels").arrayValue,
      (1...KLLLevels.maximumLevels).contains(populations.count)
    else { throw fields.invalid("levels", "must be an array of 1 to 61 counts") }
    var sizes: [Int] = []
    for population in populations {
      guard let size = population.intValue.flatMap({ Int(exactly: $0) }), size >= 0 else {
        throw fields.invalid("levels", "must hold non-negative integers")
      }
      sizes.append(size)
    }
    guard let stored = SketchCoding.doubles(base64: try fields.string("items")),
      stored.count == sizes.reduce(0, +)
    else { throw fields.invalid("items", "must be base64 of as many doubles as 'levels' counts") }
    let fullCapacity = KLLLevels.totalCapacity(k: k, levelCount: sizes.count)
    guard stored.count <= fullCapacity else {
      throw fields.invalid("levels", "hold more items than k and the level count allow")
    }
    var weight: UInt64 = 0
    for (level, size) in sizes.enumerated() {
      let (shifted, overflow) = UInt64(size).multipliedReportingOverflow(by: 1 << UInt64(level))
      let (sum, carry) = weight.addingReportingOverflow(shifted)
      guard !overflow, !carry, level < 62 else { throw fields.invalid("levels", "overflow") }
      weight = sum
    }
    guard weight == UInt64(count) else {
      throw fields.invalid("n", "must equal the total weight of the items (\(weight))")
    }
    let minimum = try fields.optionalDouble("min")
    let maximum = try fields.optionalDouble("max")
    if count == 0 {
      guard minimum == nil, maximum == nil else {
        throw fields.invalid("min", "must be null when 'n' is 0")
      }
      self.init(
        k: k, count: 0, coinState: state, low: .infinity, high: -.infinity, stored: [],
        sizes: [0])
      return
    }
    guard let minimum, let maximum, minimum <= maximum else {
      throw fields.invalid("min", "and 'max' must be numbers with min <= max")
    }
    guard stored.allSatisfy({ $0 >= minimum && $0 <= maximum }) else {
      throw fields.invalid("items", "must lie within [min, max] (and not be NaN)")
    }
    var offset = sizes[0]
    for size in sizes.dropFirst() {
      let run = stored[offset..<(offset + size)]
      guard zip(run, run.dropFirst()).allSatisfy({ $0 <= $1 }) else {
        throw fields.invalid("items", "must be sorted within every level above 0")
      }
      offset += size
    }
    self.init(
      k: k, count: count, coinState: state, low: minimum, high: maximum, stored: stored,
      sizes: sizes)
  }
}

extension QuantileSketch: Equatable {
  /// Same k, count, extremes, generator state and items level by level (free space ignored).
  public static func == (a: QuantileSketch, b: QuantileSketch) -> Bool {
    guard a.k == b.k, a.count == b.count, a.coinState == b.coinState,
      a.levelCount == b.levelCount, a.retainedCount == b.retainedCount
    else { return false }
    if a.count > 0 {
      guard a.low.bitPattern == b.low.bitPattern, a.high.bitPattern == b.high.bitPattern else {
        return false
      }
    }
    for level in 0..<a.levelCount {
      let mine = a.items[a.levels[level]..<a.levels[level + 1]]
      let theirs = b.items[b.levels[level]..<b.levels[level + 1]]
      guard mine.elementsEqual(theirs, by: { $0.bitPattern == $1.bitPattern }) else {
        return false
      }
    }
    return true
  }
}
