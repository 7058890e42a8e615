import SluiceTable

/// Sums per-row contributions over a matrix's rows in fixed blocks, possibly on several threads.
///
/// The block size is a constant and the block partials are added in block order, so the result
/// is bit-identical for any number of threads.
enum RowBlocks {
  /// Rows per block: large enough to amortise scheduling, small enough to balance threads.
  static let minimumBlockRows = 8192
  /// The most partial-sum values held at once (32 MB), which caps the block count for wide sums.
  static let partialBudget = 1 << 22

  /// Rows per block for `rows` rows and partials of `width` values: a function of the shape
  /// only, never of the thread count.
  static func blockRows(rows: Int, width: Int) -> Int {
    let maximumBlocks = max(1, partialBudget / max(1, width))
    return max(minimumBlockRows, (rows + maximumBlocks - 1) / maximumBlocks)
  }

  /// The element-wise sum over blocks of `body(rows, partial)`, where `body` adds the
  /// contribution of `rows` into the zeroed `partial` of `width` values.
  static func sum(
    rows: Int, width: Int, workers: Int,
    _ body: @escaping @Sendable (Range<Int>, UnsafeMutablePointer<Double>) -> Void
  ) -> [Double] {
    let blockRows = blockRows(rows: rows, width: width)
    let blocks = (rows + blockRows - 1) / blockRows
    let partials = ParallelMap.map(Array(0..<blocks), workers: max(1, workers)) { block in
      var partial = [Double](repeating: 0, count: width)
      let range = (block * blockRows)..<min(rows, (block + 1) * blockRows)
      partial.withUnsafeMutableBufferPointer { buffer in
        if let base = buffer.baseAddress { body(range, base) }
      }
      return partial
    }
    var total = [Double](repeating: 0, count: width)
    for partial in partials {
      for index in 0..<width { total[index] += partial[index] }
    }
    return total
  }
}
