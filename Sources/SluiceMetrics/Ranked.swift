import SluiceTable

/// Rows in ranking order with the end of each run of tied keys marked, sorted once.
struct Ranked: Sendable {
  /// Row indices by descending (or ascending) key, ties in row order.
  let order: [Int32]
  /// Whether position `k` ends a run of equal keys (a threshold of the ROC curve).
  let groupEnd: [Bool]
  /// The rows' labels in this order, when given: unweighted passes then read memory in
  /// sequence instead of jumping through `order`.
  let sortedLabels: [Int32]?

  /// Rows from which the two halves are sorted on two threads and merged.
  static let parallelThreshold = 1 << 20

  init(keys: [Double], descending: Bool, labels: [Int32]? = nil) {
    let count = keys.count
    var sorted: (bits: [UInt64], order: [Int32])
    if count >= Self.parallelThreshold {
      let halves = ParallelMap.map([0..<(count / 2), (count / 2)..<count], workers: 2) { range in
        Self.radixOrder(keys, range: range, descending: descending)
      }
      sorted = Self.merge(halves[0], halves[1])
    } else {
      sorted = Self.radixOrder(keys, range: 0..<count, descending: descending)
    }
    order = sorted.order
    let bits = sorted.bits
    // Equal keys have equal bits (-0.0 was folded into 0.0), so runs are read off in order.
    groupEnd = [Bool](unsafeUninitializedCapacity: count) { ends, initialized in
      bits.withUnsafeBufferPointer { bits in
        for k in 0..<count { ends[k] = k == count - 1 || bits[k] != bits[k + 1] }
      }
      initialized = count
    }
    let order = order
    sortedLabels = labels.map { labels in
      [Int32](unsafeUninitializedCapacity: count) { target, initialized in
        labels.withUnsafeBufferPointer { labels in
          order.withUnsafeBufferPointer { order in
            for k in 0..<count { target[k] = labels[Int(order[k])] }
          }
        }
        initialized = count
      }
    }
  }

  /// The stable merge of two sorted runs, the left run first among equal keys.
  static func merge(
    _ left: (bits: [UInt64], order: [Int32]), _ right: (bits: [UInt64], order: [Int32])
  )
    -> (bits: [UInt64], order: [Int32])
  {
    let count = left.bits.count + right.bits.count
    var bits = [UInt64](repeating: 0, count: count)
    var order = [Int32](repeating: 0, count: count)
    bits.withUnsafeMutableBufferPointer { bits in
      order.withUnsafeMutableBufferPointer { order in
        left.bits.withUnsafeBufferPointer { leftBits in
          right.bits.withUnsafeBufferPointer { rightBits in
            left.order.withUnsafeBufferPointer { leftOrder in
              right.order.withUnsafeBufferPointer { rightOrder in
                var i = 0
                var j = 0
                for k in 0..<count {
                  if j == rightBits.count || (i < leftBits.count && leftBits[i] <= rightBits[j]) {
                    bits[k] = leftBits[i]
                    order[k] = leftOrder[i]
                    i += 1
                  } else {
                    bits[k] = rightBits[j]
                    order[k] = rightOrder[j]
                    j += 1
                  }
                }
              }
            }
          }
        }
      }
    }
    return (bits, order)
  }

  /// The rows of `range` by key, ties in row order, with their sorted key bits: a stable LSD
  /// radix sort of order-preserving key bits, 11 bits a pass, skipping passes where every
  /// key has the same digit. NaN keys, which parsing rejects, would sort as the largest.
  static func radixOrder(_ keys: [Double], range: Range<Int>, descending: Bool)
    -> (bits: [UInt64], order: [Int32])
  {
    let count = range.count
    var bits = [UInt64](repeating: 0, count: count)
    var order = range.map { Int32($0) }
    var scratchBits = bits
    var scratchOrder = order
    keys.withUnsafeBufferPointer { source in
      bits.withUnsafeMutableBufferPointer { target in
        for index in 0..<count {
          let raw = (source[range.lowerBound + index] + 0).bitPattern  // + 0 folds -0.0 into 0.0
          let key = raw & (1 << 63) != 0 ? ~raw : raw | (1 << 63)
          target[index] = descending ? ~key : key
        }
      }
    }
    var counts = [Int](repeating: 0, count: 2048)
    var shift: UInt64 = 0
    while shift < 64 {
      let width: UInt64 = shift + 11 > 64 ? 64 - shift : 11
      let mask = (UInt64(1) << width) - 1
      var skipped = false
      bits.withUnsafeMutableBufferPointer { input in
        order.withUnsafeMutableBufferPointer { inputOrder in
          scratchBits.withUnsafeMutableBufferPointer { output in
            scratchOrder.withUnsafeMutableBufferPointer { outputOrder in
              counts.withUnsafeMutableBufferPointer { tally in
                tally.update(repeating: 0)
                for index in 0..<count { tally[Int((input[index] >> shift) & mask)] += 1 }
                if count == 0 || tally[Int((input[0] >> shift) & mask)] == count {
                  skipped = true
                  return
                }
                var total = 0
                for slot in 0..<tally.count {
                  let here = tally[slot]
                  tally[slot] = total
                  total += here
                }
                for index in 0..<count {
                  let digit = Int((input[index] >> shift) & mask)
                  output[tally[digit]] = input[index]
                  outputOrder[tally[digit]] = inputOrder[index]
                  tally[digit] += 1
                }
              }
            }
          }
        }
      }
      if !skipped {
        swap(&bits, &scratchBits)
        swap(&order, &scratchOrder)
      }
      shift += width
    }
    return (bits, order)
  }
}
