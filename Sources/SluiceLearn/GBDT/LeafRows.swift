import SluiceTable

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

  /// Starts a tree on `rows` (ascending) with their `gradients` and `hessians`, copying
  /// consecutive parts of the rows on `workers` threads (each position is written once, so
  /// the store never depends on the thread count).
  mutating func load(
    _ data: BinnedData, rows: [Int32], gradients: [Double], hessians: [Double], workers: Int = 1
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
    }
    let source = data.rowMajor
    order.withUnsafeMutableBufferPointer { order in
      bins.withUnsafeMutableBufferPointer { bins in
        pairs.withUnsafeMutableBufferPointer { pairs in
          guard let order = SharedBuffer(order), let bins = SharedBuffer(bins),
            let pairs = SharedBuffer(pairs)
          else { return }
          ChunkedWork.run(rows.count, workers: workers) { part in
            source.withUnsafeBufferPointer { source in
              rows.withUnsafeBufferPointer { rows in
                gradients.withUnsafeBufferPointer { gradients in
                  hessians.withUnsafeBufferPointer { hessians in
                    for position in part {
                      let row = rows[position]
                      let r = Int(row)
                      let from = r &* width
                      let to = position &* stride
                      order.base[position] = row
                      for feature in 0..<width {
                        bins.base[to &+ feature] = source[from &+ feature]
                      }
                      pairs.base[2 &* position] = gradients[r]
                      pairs.base[2 &* position &+ 1] = hessians[r]
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// Splits the leaf at `range` in place, stably: rows going left first (their bins,
  /// gradients and hessians with them); returns where the right rows start. A large leaf is
  /// cut into `workers` consecutive parts split at once; placing the parts' sides one after
  /// another keeps the order of a split made in one piece, whatever the number of parts.
  mutating func partition(
    _ range: Range<Int>, feature: Int, goesLeft: [Bool], workers: Int = 1
  ) -> Int {
    // Below this many rows a thread hand-off costs more than it saves.
    let parts = range.count < 65_536 ? 1 : max(1, workers)
    let size = (range.count + parts - 1) / parts
    let pieces = Swift.stride(from: range.lowerBound, to: range.upperBound, by: max(size, 1)).map {
      $0..<min($0 + size, range.upperBound)
    }
    let stride = self.stride
    var next = range.lowerBound
    order.withUnsafeMutableBufferPointer { order in
      bins.withUnsafeMutableBytes { bins in
        pairs.withUnsafeMutableBufferPointer { pairs in
          spareOrder.withUnsafeMutableBufferPointer { spareOrder in
            spareBins.withUnsafeMutableBytes { spareBins in
              sparePairs.withUnsafeMutableBufferPointer { sparePairs in
                goesLeft.withUnsafeBufferPointer { goesLeft in
                  guard
                    let buffers = Buffers(
                      order: order, bins: bins, pairs: pairs, spareOrder: spareOrder,
                      spareBins: spareBins, sparePairs: sparePairs, goesLeft: goesLeft,
                      stride: stride, feature: feature)
                  else { return }
                  let lefts = ParallelMap.map(pieces, workers: parts) { piece in
                    buffers.split(piece)
                  }
                  next = buffers.gather(pieces, lefts: lefts, to: range.lowerBound)
                }
              }
            }
          }
        }
      }
    }
    return next
  }

  /// The store's buffers as pointers, for threads that each touch rows of their own.
  private struct Buffers: @unchecked Sendable {
    var order: UnsafeMutablePointer<Int32>
    var bins: UnsafeMutableRawPointer
    var pairs: UnsafeMutablePointer<Double>
    var spareOrder: UnsafeMutablePointer<Int32>
    var spareBins: UnsafeMutableRawPointer
    var sparePairs: UnsafeMutablePointer<Double>
    var goesLeft: UnsafePointer<Bool>
    var stride: Int
    var feature: Int

    init?(
      order: UnsafeMutableBufferPointer<Int32>, bins: UnsafeMutableRawBufferPointer,
      pairs: UnsafeMutableBufferPointer<Double>, spareOrder: UnsafeMutableBufferPointer<Int32>,
      spareBins: UnsafeMutableRawBufferPointer, sparePairs: UnsafeMutableBufferPointer<Double>,
      goesLeft: UnsafeBufferPointer<Bool>, stride: Int, feature: Int
    ) {
      guard let order = order.baseAddress, let bins = bins.baseAddress,
        let pairs = pairs.baseAddress, let spareOrder = spareOrder.baseAddress,
        let spareBins = spareBins.baseAddress, let sparePairs = sparePairs.baseAddress,
        let goesLeft = goesLeft.baseAddress
      else { return nil }
      self.order = order
      self.bins = bins
      self.pairs = pairs
      self.spareOrder = spareOrder
      self.spareBins = spareBins
      self.sparePairs = sparePairs
      self.goesLeft = goesLeft
      self.stride = stride
      self.feature = feature
    }

    /// Moves the left rows of `piece` to its start, in order, and its right rows, in order,
    /// to the same positions of the spare buffers; returns the number of left rows.
    /// Branch-free: every row is written to both sides and only the side it belongs to moves
    /// on, since which way a row goes is as good as random to a branch predictor.
    func split(_ piece: Range<Int>) -> Int {
      let words = stride / 8
      var next = piece.lowerBound
      var rights = piece.lowerBound
      for position in piece {
        let from = position &* stride
        let left =
          goesLeft[Int(bins.load(fromByteOffset: from &+ feature, as: UInt8.self))]
          ? 1 : 0
        let row = order[position]
        let g = pairs[2 &* position]
        let h = pairs[2 &* position &+ 1]
        // `next` is at most `position`: the left write lands on a row already read.
        for word in 0..<words {
          let value = bins.load(fromByteOffset: from &+ 8 &* word, as: UInt64.self)
          bins.storeBytes(of: value, toByteOffset: next &* stride &+ 8 &* word, as: UInt64.self)
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
      return next &- piece.lowerBound
    }

    /// Puts the split pieces together from `start`: every piece's left rows, then every
    /// piece's right rows; returns where the right rows start. The left rows move first, in
    /// order (a piece's may land on an earlier piece's); the right rows come from the spare
    /// buffers into places no other copy touches, so they are copied on a thread per piece.
    func gather(_ pieces: [Range<Int>], lefts: [Int], to start: Int) -> Int {
      var next = start
      for (piece, count) in zip(pieces, lefts) {
        move(from: piece.lowerBound, spare: false, to: next, count: count)
        next += count
      }
      var rights: [(from: Int, to: Int, count: Int)] = []
      var position = next
      for (piece, count) in zip(pieces, lefts) {
        rights.append((piece.lowerBound, position, piece.count - count))
        position += piece.count - count
      }
      let buffers = self
      _ = ParallelMap.map(rights, workers: rights.count) { right in
        buffers.move(from: right.from, spare: true, to: right.to, count: right.count)
      }
      return next
    }

    /// Copies `count` rows from `from` (of the spare buffers when `spare`) to `to`; the
    /// regions may overlap (a piece's left rows move down).
    func move(from: Int, spare: Bool, to: Int, count: Int) {
      guard count > 0, spare || from != to else { return }
      UnsafeMutableRawPointer(order + to).copyMemory(
        from: (spare ? spareOrder : order) + from, byteCount: count * 4)
      (bins + to * stride).copyMemory(
        from: (spare ? spareBins : bins) + from * stride, byteCount: count * stride)
      UnsafeMutableRawPointer(pairs + 2 * to).copyMemory(
        from: (spare ? sparePairs : pairs) + 2 * from, byteCount: count * 16)
    }
  }
}
