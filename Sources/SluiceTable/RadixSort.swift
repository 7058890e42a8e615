/// Sorts doubles in linear time: a radix sort on the bits of an order-preserving key. Sluice's
/// one sort by key bits, for values (`sorted`) and for rows by a key (`order`).
///
/// Comparison sorts spend most of drift detection's and evaluation's time on million-row
/// columns; radix sort orders them 5–10× faster. The order equals `<` for every non-NaN value
/// (`sorted` puts −0.0 before 0.0, which compare equal; `order` ties them); NaNs, which Sluice
/// never produces from parsed fields, sort last whatever their sign.
///
/// Only the highest 24 key bits that differ between some two keys are sorted on, in two
/// LSD passes of at most 12 bits (measured fastest on 13k-value batches). Whatever the
/// magnitudes, those bits hold the exponent and the leading mantissa bits, so keys that tie
/// on them are rare and close: runs of ties are finished by insertion sort, or, when long
/// (many values within a tiny relative range), by sorting the run on its next 24 bits.
/// Every step keeps equal keys in their input order, so the sort is stable.
public enum RadixSort {
  /// The widest digit.
  static let maximumDigitBits = 12
  /// Tied runs this short are finished by insertion sort.
  static let insertionLimit = 24
  /// Inputs shorter than this are sorted by the standard library (tallies would dominate).
  static let radixMinimum = 256
  /// Rows from which `order` sorts the two halves on two threads and merges them.
  static let parallelMinimum = 1 << 20

  /// The unsigned key of `value` whose order is the numeric order, −0.0 below 0.0: negatives
  /// are flipped entirely and positives get their sign bit set. NaNs keep their bits (a
  /// negative NaN sorts first); the sorts map them to the largest key instead.
  @inlinable @inline(__always)
  public static func key(_ value: Double) -> UInt64 {
    let bits = value.bitPattern
    return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
  }

  /// The value whose `key` is `key`.
  @inlinable @inline(__always)
  public static func value(ofKey key: UInt64) -> Double {
    Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
  }

  /// `values` in ascending order, −0.0 before 0.0, NaNs last (as one canonical NaN).
  public static func sorted(_ values: [Double]) -> [Double] {
    let count = values.count
    var keys = [UInt64](unsafeUninitializedCapacity: count) { keys, initialized in
      values.withUnsafeBufferPointer { source in
        for index in 0..<count {
          let value = source[index]
          keys[index] = value.isNaN ? .max : key(value)
        }
      }
      initialized = count
    }
    if count < radixMinimum {
      keys.sort()
    } else {
      let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
      let tallies = UnsafeMutablePointer<Int>.allocate(capacity: 2 << maximumDigitBits)
      defer {
        scratch.deallocate()
        tallies.deallocate()
      }
      keys.withUnsafeMutableBufferPointer { keys in
        guard let base = keys.baseAddress else { return }
        sortKeys(base, scratch, count: count, carry: NoCarry(), tallies: tallies)
      }
    }
    return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      keys.withUnsafeBufferPointer { keys in
        for index in 0..<count { buffer[index] = value(ofKey: keys[index]) }
      }
      initialized = count
    }
  }

  /// Row numbers ordered by a key, with the keys in that order.
  public struct Ordering: Sendable {
    /// The sorted keys (descending orders store complemented keys, so these always ascend).
    /// Keys that compare equal have equal bits here, so ties are runs of equal entries.
    public let keys: [UInt64]
    /// `rows[k]` is the row (index into the input) at position `k`; ties keep row order.
    public let rows: [Int32]
  }

  /// The rows of `values` by ascending (or descending) value, ties in row order: a stable
  /// argsort. −0.0 and 0.0 tie; NaNs come last either way. From `parallelMinimum` rows
  /// the two halves are sorted on two threads and merged.
  public static func order(of values: [Double], descending: Bool = false) -> Ordering {
    order(of: values, descending: descending, parallelMinimum: parallelMinimum)
  }

  /// `order(of:descending:)` with the parallel threshold given (tests use a small one).
  static func order(of values: [Double], descending: Bool, parallelMinimum: Int) -> Ordering {
    let count = values.count
    guard count >= parallelMinimum, count >= 2 else {
      return order(of: values, range: 0..<count, descending: descending)
    }
    let halves = ParallelMap.map([0..<(count / 2), (count / 2)..<count], workers: 2) { range in
      order(of: values, range: range, descending: descending)
    }
    return merge(halves[0], halves[1])
  }

  /// The rows of `range` by key (see `order(of:descending:)`).
  private static func order(of values: [Double], range: Range<Int>, descending: Bool)
    -> Ordering
  {
    let count = range.count
    let flip: UInt64 = descending ? .max : 0
    var keys = [UInt64](unsafeUninitializedCapacity: count) { keys, initialized in
      values.withUnsafeBufferPointer { source in
        for index in 0..<count {
          let value = source[range.lowerBound + index]
          // + 0 folds −0.0 into 0.0, so that equal values have equal keys.
          keys[index] = value.isNaN ? .max : key(value + 0) ^ flip
        }
      }
      initialized = count
    }
    var rows = [Int32](unsafeUninitializedCapacity: count) { rows, initialized in
      for index in 0..<count { rows[index] = Int32(range.lowerBound + index) }
      initialized = count
    }
    let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
    let spareRows = UnsafeMutablePointer<Int32>.allocate(capacity: count)
    let tallies = UnsafeMutablePointer<Int>.allocate(capacity: 2 << maximumDigitBits)
    defer {
      scratch.deallocate()
      spareRows.deallocate()
      tallies.deallocate()
    }
    keys.withUnsafeMutableBufferPointer { keys in
      rows.withUnsafeMutableBufferPointer { rows in
        guard let base = keys.baseAddress, let rowBase = rows.baseAddress else { return }
        let carry = RowCarry(rows: rowBase, spare: spareRows)
        sortKeys(base, scratch, count: count, carry: carry, tallies: tallies)
      }
    }
    return Ordering(keys: keys, rows: rows)
  }

  /// The stable merge of two orderings, the left one first among equal keys.
  static func merge(_ left: Ordering, _ right: Ordering) -> Ordering {
    let count = left.keys.count + right.keys.count
    var keys = [UInt64](repeating: 0, count: count)
    var rows = [Int32](repeating: 0, count: count)
    keys.withUnsafeMutableBufferPointer { keys in
      rows.withUnsafeMutableBufferPointer { rows in
        left.keys.withUnsafeBufferPointer { leftKeys in
          right.keys.withUnsafeBufferPointer { rightKeys in
            left.rows.withUnsafeBufferPointer { leftRows in
              right.rows.withUnsafeBufferPointer { rightRows in
                var i = 0
                var j = 0
                for k in 0..<count {
                  if j == rightKeys.count || (i < leftKeys.count && leftKeys[i] <= rightKeys[j]) {
                    keys[k] = leftKeys[i]
                    rows[k] = leftRows[i]
                    i += 1
                  } else {
                    keys[k] = rightKeys[j]
                    rows[k] = rightRows[j]
                    j += 1
                  }
                }
              }
            }
          }
        }
      }
    }
    return Ordering(keys: keys, rows: rows)
  }

  /// Sorts `count` keys in place, stably, moving `carry`'s payload with them (see the type's
  /// summary). `scratch` holds `count` keys.
  private static func sortKeys<Carry: KeyCarry>(
    _ keys: UnsafeMutablePointer<UInt64>, _ scratch: UnsafeMutablePointer<UInt64>, count: Int,
    carry: Carry, tallies: UnsafeMutablePointer<Int>
  ) {
    if count <= insertionLimit {
      insertionSort(keys, count: count, carry: carry)
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
    // Digits about as wide as the count's bits: a run of a few dozen keys tied on the top
    // bits (a million values of a few exponents leave tens of thousands of them) would
    // otherwise clear and sum thousands of tallies for each of its few keys.
    let digitBits = Swift.min(
      maximumDigitBits, Swift.max(4, Int.bitWidth - count.leadingZeroBitCount))
    let bits = Swift.min(top, 2 * digitBits)
    let low = top - bits
    let passes = bits > digitBits ? 2 : 1
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
    var moving = carry
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
        let target = tally[digit]
        output[target] = key
        moving.move(index, to: target)
        tally[digit] = target + 1
      }
      swap(&input, &output)
      moving = moving.swapped
    }
    if input != keys {
      keys.update(from: input, count: count)
      moving.copyBack(count: count)
    }
    // Bits below the sorted ones that still vary: order each run of keys tied above them.
    guard low > 0, varying & ((1 << low64) - 1) != 0 else { return }
    var start = 0
    while start < count {
      let prefix = keys[start] &>> low64
      var end = start + 1
      while end < count && keys[end] &>> low64 == prefix { end += 1 }
      let run = end - start
      if run > 1 {
        sortKeys(
          keys + start, scratch + start, count: run, carry: carry.advanced(by: start),
          tallies: tallies)
      }
      start = end
    }
  }

  private static func insertionSort<Carry: KeyCarry>(
    _ keys: UnsafeMutablePointer<UInt64>, count: Int, carry: Carry
  ) {
    var index = 1
    while index < count {
      let key = keys[index]
      let held = carry.held(at: index)
      var hole = index
      while hole > 0 && keys[hole - 1] > key {
        keys[hole] = keys[hole - 1]
        carry.shift(hole - 1, to: hole)
        hole -= 1
      }
      keys[hole] = key
      carry.put(held, at: hole)
      index += 1
    }
  }
}

/// What moves with the keys while `RadixSort` sorts them: nothing, or row numbers. A generic
/// parameter rather than a branch, so that sorting bare values pays nothing for rows.
private protocol KeyCarry {
  associatedtype Held
  /// The payload at `index` of the current buffer.
  func held(at index: Int) -> Held
  /// Stores `held` at `index` of the current buffer.
  func put(_ held: Held, at index: Int)
  /// Current buffer: `target` ← `index` (insertion sort's shift).
  func shift(_ index: Int, to target: Int)
  /// Spare buffer at `target` ← current buffer at `index` (a radix pass's move).
  func move(_ index: Int, to target: Int)
  /// The carry with its buffers exchanged (after a pass).
  var swapped: Self { get }
  /// The carry of the run starting at `offset`.
  func advanced(by offset: Int) -> Self
  /// After an odd number of passes: the spare buffer (the caller's) ← the current one.
  func copyBack(count: Int)
}

/// Sorting bare values.
private struct NoCarry: KeyCarry {
  @inline(__always) func held(at index: Int) {}
  @inline(__always) func put(_ held: Void, at index: Int) {}
  @inline(__always) func shift(_ index: Int, to target: Int) {}
  @inline(__always) func move(_ index: Int, to target: Int) {}
  var swapped: NoCarry { self }
  func advanced(by offset: Int) -> NoCarry { self }
  func copyBack(count: Int) {}
}

/// Sorting rows by key: `rows` is the current buffer, `spare` as long.
private struct RowCarry: KeyCarry {
  let rows: UnsafeMutablePointer<Int32>
  let spare: UnsafeMutablePointer<Int32>

  @inline(__always) func held(at index: Int) -> Int32 { rows[index] }
  @inline(__always) func put(_ held: Int32, at index: Int) { rows[index] = held }
  @inline(__always) func shift(_ index: Int, to target: Int) { rows[target] = rows[index] }
  @inline(__always) func move(_ index: Int, to target: Int) { spare[target] = rows[index] }
  var swapped: RowCarry { RowCarry(rows: spare, spare: rows) }
  func advanced(by offset: Int) -> RowCarry {
    RowCarry(rows: rows + offset, spare: spare + offset)
  }
  func copyBack(count: Int) { spare.update(from: rows, count: count) }
}
