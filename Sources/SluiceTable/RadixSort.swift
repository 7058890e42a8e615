/// Sorts doubles in linear time: an LSD radix sort on the bits of an order-preserving key.
///
/// Comparison sorts spend most of drift detection's time on million-row columns; radix sort
/// orders them 5–10× faster. The order equals `<` for every non-NaN value (−0.0 sorts before
/// 0.0, which compare equal); NaNs, which Sluice never produces from parsed fields, sort last.
public enum RadixSort {
  /// `values` in ascending order.
  public static func sorted(_ values: [Double]) -> [Double] {
    let count = values.count
    if count < 256 { return values.sorted() }
    var keys = [UInt64](repeating: 0, count: count)
    var scratch = [UInt64](repeating: 0, count: count)
    values.withUnsafeBufferPointer { source in
      keys.withUnsafeMutableBufferPointer { target in
        for index in 0..<count {
          let bits = source[index].bitPattern
          // Flip negatives entirely and positives' sign bit: unsigned order = numeric order.
          target[index] = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        }
      }
    }
    var counts = [Int](repeating: 0, count: 2048)
    var shift: UInt64 = 0
    while shift < 64 {
      let width: UInt64 = shift + 11 > 64 ? 64 - shift : 11
      let mask = (UInt64(1) << width) - 1
      keys.withUnsafeMutableBufferPointer { input in
        scratch.withUnsafeMutableBufferPointer { output in
          counts.withUnsafeMutableBufferPointer { tally in
            for slot in 0..<tally.count { tally[slot] = 0 }
            for index in 0..<count { tally[Int((input[index] >> shift) & mask)] += 1 }
            // Skip a pass where every key has the same digit.
            if tally[Int((input[0] >> shift) & mask)] == count {
              for index in 0..<count { output[index] = input[index] }
              return
            }
            var total = 0
            for slot in 0..<tally.count {
              let here = tally[slot]
              tally[slot] = total
              total += here
            }
            for index in 0..<count {
              let key = input[index]
              let digit = Int((key >> shift) & mask)
              output[tally[digit]] = key
              tally[digit] += 1
            }
          }
        }
      }
      swap(&keys, &scratch)
      shift += width
    }
    return keys.map { key in
      Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }
  }
}
