/// The rows a tree is grown on, kept grouped by leaf with their data beside them: each row's
/// bins (row-major) and its gradient and hessian sit at the row's position in `order`, so
/// building a leaf's histogram streams through memory instead of gathering rows from all
/// over the table, and a split moves a leaf's rows in place. Reused from tree to tree.
struct LeafRows: Sendable {
  /// The rows, grouped by leaf; within a leaf in ascending order (partitions are stable).
  var order: [Int32] = []
  /// The bins of the row at each position, `stride` bytes a row (the features, then zeros to
  /// a multiple of 8, so a split moves a row's bins as whole words).
  var bins: [UInt8] = []
  /// The gradient and hessian of the row at each position, side by side.
  var pairs: [Double] = []
  /// Bytes per row in `bins`.
  var stride = 0
  private var spareOrder: [Int32] = []
  private var spareBins: [UInt8] = []
  private var sparePairs: [Double] = []

  /// Starts a tree on `rows` (ascending) with their `gradients` and `hessians`.
  mutating func load(
    _ data: BinnedData, rows: [Int32], gradients: [Double], hessians: [Double]
  ) {
    let width = data.features.count
    let stride = (width + 7) / 8 * 8
    self.stride = stride
    if order.count != rows.count || bins.count != rows.count * stride {
      order = rows
      bins = [UInt8](repeating: 0, count: rows.count * stride)
      pairs = [Double](repeating: 0, count: rows.count * 2)
      spareOrder = order
      spareBins = bins
      sparePairs = pairs
    } else {
      order.withUnsafeMutableBufferPointer { order in
        for position in rows.indices { order[position] = rows[position] }
      }
    }
    data.rowMajor.withUnsafeBufferPointer { source in
      bins.withUnsafeMutableBufferPointer { bins in
        pairs.withUnsafeMutableBufferPointer { pairs in
          for (position, row) in rows.enumerated() {
            let r = Int(row)
            let from = r &* width
            let to = position &* stride
            for feature in 0..<width { bins[to &+ feature] = source[from &+ feature] }
            pairs[2 &* position] = gradients[r]
            pairs[2 &* position &+ 1] = hessians[r]
          }
        }
      }
    }
  }

  /// Splits the leaf at `range` in place, stably: rows going left first (their bins,
  /// gradients and hessians with them); returns where the right rows start. Branch-free:
  /// every row is written to both sides and only the side it belongs to moves on, since
  /// which way a row goes is as good as random to a branch predictor.
  mutating func partition(_ range: Range<Int>, feature: Int, goesLeft: [Bool]) -> Int {
    let words = stride / 8
    var next = range.lowerBound
    order.withUnsafeMutableBufferPointer { order in
      bins.withUnsafeMutableBytes { bins in
        pairs.withUnsafeMutableBufferPointer { pairs in
          spareOrder.withUnsafeMutableBufferPointer { spareOrder in
            spareBins.withUnsafeMutableBytes { spareBins in
              sparePairs.withUnsafeMutableBufferPointer { sparePairs in
                goesLeft.withUnsafeBufferPointer { goesLeft in
                  var rights = 0
                  for position in range {
                    let from = position &* stride
                    let left = goesLeft[Int(bins[from &+ feature])] ? 1 : 0
                    let row = order[position]
                    let g = pairs[2 &* position]
                    let h = pairs[2 &* position &+ 1]
                    // `next` is at most `position`: the left write lands on a row read.
                    for word in 0..<words {
                      let value = bins.load(fromByteOffset: from &+ 8 &* word, as: UInt64.self)
                      bins.storeBytes(
                        of: value, toByteOffset: next &* stride &+ 8 &* word, as: UInt64.self)
                      spareBins.storeBytes(
                        of: value, toByteOffset: rights &* stride &+ 8 &* word, as: UInt64.self)
                    }
                    order[next] = row
                    spareOrder[rights] = row
                    pairs[2 &* next] = g
                    pairs[2 &* next &+ 1] = h
                    sparePairs[2 &* rights] = g
                    sparePairs[2 &* rights &+ 1] = h
                    next &+= left
                    rights &+= 1 &- left
                  }
                  for offset in 0..<rights {
                    let position = next &+ offset
                    order[position] = spareOrder[offset]
                    for word in 0..<words {
                      let value = spareBins.load(
                        fromByteOffset: offset &* stride &+ 8 &* word, as: UInt64.self)
                      bins.storeBytes(
                        of: value, toByteOffset: position &* stride &+ 8 &* word, as: UInt64.self)
                    }
                    pairs[2 &* position] = sparePairs[2 &* offset]
                    pairs[2 &* position &+ 1] = sparePairs[2 &* offset &+ 1]
                  }
                }
              }
            }
          }
        }
      }
    }
    return next
  }
}
