/// Sorts doubles in linear time: a radix sort on the bits of an order-preserving key.
///
/// Comparison sorts spend most of drift detection's time on million-row columns; radix sort
/// orders them 5–10× faster. The order equals `<` for every non-NaN value (−0.0 sorts before
/// 0.0, which compare equal); NaNs, which Sluice never produces from parsed fields, sort last.
///
/// Only the highest 24 key bits that differ between some two values are sorted on, in two
/// LSD passes of at most 12 bits (measured fastest on 13k-value batches). Whatever the
/// magnitudes, those bits hold the exponent and the leading mantissa bits, so keys that tie
/// on them are rare and close: runs of ties are finished by insertion sort, or, when long
/// (many values within a tiny relative range), by sorting the run on its next 24 bits.
public enum RadixSort {
  /// The widest digit.
  static let maximumDigitBits = 12
  /// Tied runs this short are finished by insertion sort.
  static let insertionLimit = 24

  /// `values` in ascending order.
  public static func sorted(_ values: [Double]) -> [Double] {
    let count = values.count
    if count < 256 { return values.sorted() }
    let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
    let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
    let tallies = UnsafeMutablePointer<Int>.allocate(capacity: 2 << maximumDigitBits)
    defer {
      keys.deallocate()
      scratch.deallocate()
      tallies.deallocate()
    }
    values.withUnsafeBufferPointer { source in
      for index in 0..<count {
        let bits = source[index].bitPattern
        // Flip negatives entirely and positives' sign bit: unsigned order = numeric order.
        keys[index] = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
      }
    }
    sortKeys(keys, scratch, count: count, tallies: tallies)
    return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      for index in 0..<count {
        let key = keys[index]
        buffer[index] = Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
      }
      initialized = count
    }
  }

  /// Sorts `count` keys in place (see the type's summary).
  private static func sortKeys(
    _ keys: UnsafeMutablePointer<UInt64>, _ scratch: UnsafeMutablePointer<UInt64>, count: Int,
    tallies: UnsafeMutablePointer<Int>
  ) {
    if count <= insertionLimit {
      insertionSort(keys, count: count)
      return
    }
    var common = UInt64.max
    var any: UInt64 = 0
    for index in 0..<count {
      common &= keys[index]
      any |= keys[index]
    }
    let varying = common ^ any
    if varying == 0 { return }
    let top = 64 - varying.leadingZeroBitCount
    let bits = Swift.min(top, 2 * maximumDigitBits)
    let low = top - bits
    let passes = bits > maximumDigitBits ? 2 : 1
    let width = (bits + passes - 1) / passes
    let buckets = 1 << width
    let mask = UInt64(buckets - 1)
    let low64 = UInt64(low)
    let width64 = UInt64(width)
    tallies.update(repeating: 0, count: passes * buckets)
    for index in 0..<count {
      let digits = keys[index] &>> low64
      tallies[Int(digits & mask)] += 1
      if passes == 2 { tallies[buckets + Int((digits &>> width64) & mask)] += 1 }
    }
    var input = keys
    var output = scratch
    for pass in 0..<passes {
      let tally = tallies + pass * buckets
      let shift = low64 + UInt64(pass) * width64
      var total = 0
      for slot in 0..<buckets {
        let here = tally[slot]
        tally[slot] = total
        total += here
      }
      for index in 0..<count {
        let key = input[index]
        let digit = Int((key &>> shift) & mask)
        output[tally[digit]] = key
        tally[digit] += 1
      }
      swap(&input, &output)
    }
    if input != keys { keys.update(from: input, count: count) }
    // Bits below the sorted ones that still vary: order each run of keys tied above them.
    guard low > 0, varying & ((1 << low64) - 1) != 0 else { return }
    var start = 0
    while start < count {
      let prefix = keys[start] &>> low64
      var end = start + 1
      while end < count && keys[end] &>> low64 == prefix { end += 1 }
      let run = end - start
      if run > 1 {
        sortKeys(keys + start, scratch + start, count: run, tallies: tallies)
      }
      start = end
    }
  }

  private static func insertionSort(_ keys: UnsafeMutablePointer<UInt64>, count: Int) {
    var index = 1
    while index < count {
      let key = keys[index]
      var hole = index
      while hole > 0 && keys[hole - 1] > key {
        keys[hole] = keys[hole - 1]
        hole -= 1
      }
      keys[hole] = key
      index += 1
    }
  }
}
