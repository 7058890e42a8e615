/// The rows a tree is grown on, kept grouped by leaf with their data beside them: each row's
/// bins (row-major) and its gradient and hessian sit at the row's position in `order`, so
/// building a leaf's histogram streams through memory instead of gathering rows from all
/// over the table, and a split moves a leaf's rows in place. Reused from tree to tree.
struct LeafRows: Sendable {
  /// The rows, grouped by leaf; within a leaf in ascending order (partitions are stable).
  var order: [Int32] = []
  /// The bins of the row at each position, `width` a row.
  var bins: [UInt8] = []
  /// The gradient and hessian of the row at each position, side by side.
  var pairs: [Double] = []
  /// Bins per row (the number of features).
  var width = 0
  private var spareOrder: [Int32] = []
  private var spareBins: [UInt8] = []
  private var sparePairs: [Double] = []

  /// Starts a tree on `rows` (ascending) with their `gradients` and `hessians`.
  mutating func load(
    _ data: BinnedData, rows: [Int32], gradients: [Double], hessians: [Double]
  ) {
    let width = data.features.count
    self.width = width
    if order.count != rows.count {
      order = rows
      bins = [UInt8](repeating: 0, count: rows.count * width)
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
            let to = position &* width
            for feature in 0..<width { bins[to &+ feature] = source[from &+ feature] }
            pairs[2 &* position] = gradients[r]
            pairs[2 &* position &+ 1] = hessians[r]
          }
        }
      }
    }
  }

  /// Splits the leaf at `range` in place, stably: rows going left first (their bins,
  /// gradients and hessians with them); returns where the right rows start.
  mutating func partition(_ range: Range<Int>, feature: Int, goesLeft: [Bool]) -> Int {
    let width = self.width
    var next = range.lowerBound
    order.withUnsafeMutableBufferPointer { order in
      bins.withUnsafeMutableBufferPointer { bins in
        pairs.withUnsafeMutableBufferPointer { pairs in
          spareOrder.withUnsafeMutableBufferPointer { spareOrder in
            spareBins.withUnsafeMutableBufferPointer { spareBins in
              sparePairs.withUnsafeMutableBufferPointer { sparePairs in
                goesLeft.withUnsafeBufferPointer { goesLeft in
                  var rights = 0
                  for position in range {
                    let from = position &* width
                    let left = goesLeft[Int(bins[from &+ feature])]
                    let to = left ? next &* width : rights &* width
                    if left {
                      if next != position {
                        order[next] = order[position]
                        for column in 0..<width { bins[to &+ column] = bins[from &+ column] }
                        pairs[2 &* next] = pairs[2 &* position]
                        pairs[2 &* next &+ 1] = pairs[2 &* position &+ 1]
                      }
                      next &+= 1
                    } else {
                      spareOrder[rights] = order[position]
                      for column in 0..<width { spareBins[to &+ column] = bins[from &+ column] }
                      sparePairs[2 &* rights] = pairs[2 &* position]
                      sparePairs[2 &* rights &+ 1] = pairs[2 &* position &+ 1]
                      rights &+= 1
                    }
                  }
                  for offset in 0..<rights {
                    let position = next &+ offset
                    order[position] = spareOrder[offset]
                    for column in 0..<width {
                      bins[position &* width &+ column] = spareBins[offset &* width &+ column]
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
