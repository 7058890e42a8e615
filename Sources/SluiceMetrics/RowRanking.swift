import SluiceTable

/// The rows of a prediction set ranked by one key (a score, a class probability or an
/// absolute error), sorted once, with the end of each run of tied keys marked: the
/// thresholds of the ROC and precision-recall curves.
struct RowRanking: Sendable {
  /// Row indices by descending (or ascending) key, ties in row order.
  let order: [Int32]
  /// Whether position `k` ends a run of equal keys (a threshold of the ROC curve).
  let groupEnd: [Bool]
  /// The rows' labels in this order, when given: unweighted passes then read memory in
  /// sequence instead of jumping through `order`.
  let sortedLabels: [Int32]?

  init(keys: [Double], descending: Bool, labels: [Int32]? = nil) {
    let count = keys.count
    let sorted = RadixSort.order(of: keys, descending: descending)
    order = sorted.rows
    let bits = sorted.keys
    // Equal keys have equal bits (-0.0 ties with 0.0), so runs are read off in order.
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
}
