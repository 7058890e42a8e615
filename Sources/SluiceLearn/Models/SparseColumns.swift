import SluiceTable

/// A sparse matrix stored column by column (CSC), for `Xᵀ·r` without scattering into a
/// per-thread copy of a million-wide gradient.
///
/// Each column's sum runs over its rows in row order, and columns are split into fixed ranges,
/// so the product is bit-identical for any number of threads.
struct SparseColumns: Sendable {
  let rows: Int
  let columns: Int
  /// Start of each column's entries; `columns + 1` values (a whole column has none here).
  let columnStarts: [Int]
  /// Row of each entry.
  let rowIndices: [Int32]
  /// Value of each entry.
  let values: [Double]
  /// For a design held only as columns: the column ranges in the order each row's entries
  /// were summed row by row (`rowProducts` repeats that order, so it gives the same bits);
  /// nil for the transpose of a `SparseMatrix`, whose rows are kept beside it.
  let rowOrder: [Range<Int>]?
  /// The columns with a nonzero value on every row, kept whole instead of as entries.
  let whole: [WholeColumn]
  /// Each column's index in `whole`, or -1; empty when no column is whole.
  let wholeIndex: [Int32]

  /// A column with a nonzero value on every row, in row order, so it needs no row indices (on
  /// a wide table's numeric features they were a third of the design): its values, or, when
  /// it takes two values (a missing-value indicator), one byte per row choosing between them.
  /// Sums over a whole column take the same products in the same order as over its entries.
  enum WholeColumn: Sendable {
    case values([Double])
    case twoValued(choices: [Bool], ifFalse: Double, ifTrue: Double)

    /// The value on `row`.
    @inline(__always)
    func value(_ row: Int) -> Double {
      switch self {
      case .values(let values): return values[row]
      case .twoValued(let choices, let ifFalse, let ifTrue):
        return choices[row] ? ifTrue : ifFalse
      }
    }
  }

  /// Columns given whole, with the order of `rowOrder`.
  init(
    rows: Int, columns: Int, columnStarts: [Int], rowIndices: [Int32], values: [Double],
    rowOrder: [Range<Int>], whole: [WholeColumn] = [], wholeIndex: [Int32] = []
  ) {
    self.rows = rows
    self.columns = columns
    self.columnStarts = columnStarts
    self.rowIndices = rowIndices
    self.values = values
    self.rowOrder = rowOrder
    self.whole = whole
    self.wholeIndex = wholeIndex
  }

  /// The whole column `column` holds, if any.
  @inline(__always)
  func wholeColumn(_ column: Int) -> WholeColumn? {
    guard !wholeIndex.isEmpty else { return nil }
    let index = Int(wholeIndex[column])
    return index < 0 ? nil : whole[index]
  }

  /// The design in plain CSC form (whole columns as entries), for tests and checks.
  func plain() -> (columnStarts: [Int], rowIndices: [Int32], values: [Double]) {
    var starts = [0]
    var rowsOf: [Int32] = []
    var entries: [Double] = []
    for column in 0..<columns {
      if let full = wholeColumn(column) {
        for row in 0..<rows {
          rowsOf.append(Int32(row))
          entries.append(full.value(row))
        }
      } else {
        for entry in columnStarts[column]..<columnStarts[column + 1] {
          rowsOf.append(rowIndices[entry])
          entries.append(values[entry])
        }
      }
      starts.append(entries.count)
    }
    return (starts, rowsOf, entries)
  }

  /// The position in `plain()` order of the first value that is not finite, if any.
  func firstNonFinite() -> Int? {
    var position = 0
    for column in 0..<columns {
      if let full = wholeColumn(column) {
        for row in 0..<rows where !full.value(row).isFinite { return position + row }
        position += rows
      } else {
        let range = columnStarts[column]..<columnStarts[column + 1]
        if let bad = values[range].firstIndex(where: { !$0.isFinite }) {
          return position + bad - range.lowerBound
        }
        position += range.count
      }
    }
    return nil
  }

  /// `X·v` for the first `columns` values of `v`, one value per row, when the design is held
  /// only as columns; nil otherwise.
  ///
  /// Each row's sum takes its entries in the order a row-major dot product takes them (the
  /// columns of `rowOrder`, in that order, and each column's rows in order), so it equals that
  /// dot product bit for bit. It runs on one thread: it is used on designs with few rows, where
  /// the row products ran on one thread too, and their sums stay in cache.
  func rowProducts(_ v: [Double]) -> [Double]? {
    guard let rowOrder else { return nil }
    var sums = [Double](repeating: 0, count: rows)
    sums.withUnsafeMutableBufferPointer { out in
      columnStarts.withUnsafeBufferPointer { starts in
        rowIndices.withUnsafeBufferPointer { rowsOf in
          values.withUnsafeBufferPointer { entries in
            for range in rowOrder {
              for column in range {
                let weight = v[column]
                if let full = wholeColumn(column) {
                  Self.addProducts(full, weight, rows: rows, into: out)
                  continue
                }
                for entry in starts[column]..<starts[column + 1] {
                  out[Int(rowsOf[entry])] += entries[entry] * weight
                }
              }
            }
          }
        }
      }
    }
    return sums
  }

  /// The columns of `matrix` (a counting sort of its entries by column, stable in row order).
  ///
  /// Scattering each entry straight to its column's slot writes to as many places at once as
  /// a row has columns; past the cache every entry is a miss, so the cost per entry grew with
  /// the table's width (4.5x the time for twice the columns of a 1,000-row table). When rows
  /// hold more than `blockColumns` entries on average it is sorted in two stable passes
  /// instead: entries go to their block of `blockColumns` columns (few places written at
  /// once), then from each block to its columns (a range that stays in cache), a group of rows
  /// at a time so the temporary copy stays small. Same result. Narrower rows (a tall
  /// table, even with a million hashed-text columns) keep the one pass, which stays in cache.
  init(_ matrix: SparseMatrix) {
    var starts = [Int](repeating: 0, count: matrix.columns + 1)
    for column in matrix.columnIndices { starts[Int(column) + 1] += 1 }
    for column in 0..<matrix.columns { starts[column + 1] += starts[column] }
    let count = matrix.columnIndices.count
    // Both passes below write every entry: no zero-filling first.
    var rowIndices = [Int32](unsafeUninitializedCapacity: count) { _, filled in filled = count }
    var values = [Double](unsafeUninitializedCapacity: count) { _, filled in filled = count }
    var next = starts
    if matrix.columns <= Self.blockColumns || count <= matrix.rows * Self.blockColumns {
      for row in 0..<matrix.rows {
        for entry in matrix.rowStarts[row]..<matrix.rowStarts[row + 1] {
          let column = Int(matrix.columnIndices[entry])
          rowIndices[next[column]] = Int32(row)
          values[next[column]] = matrix.values[entry]
          next[column] += 1
        }
      }
    } else {
      let shift = Self.blockColumns.trailingZeroBitCount
      let blocks = (matrix.columns + Self.blockColumns - 1) >> shift
      // Rows are staged a group at a time, so the temporary stays small however large the
      // matrix is (staging all entries at once took 16 bytes per entry more).
      var groups: [Range<Int>] = []
      var first = 0
      var largest = 0
      while first < matrix.rows {
        var last = first + 1
        while last < matrix.rows
          && matrix.rowStarts[last + 1] - matrix.rowStarts[first] <= Self.stagedEntries
        {
          last += 1
        }
        groups.append(first..<last)
        largest = max(largest, matrix.rowStarts[last] - matrix.rowStarts[first])
        first = last
      }
      var stagedRows = [Int32](unsafeUninitializedCapacity: largest) { _, n in n = largest }
      var stagedColumns = [Int32](unsafeUninitializedCapacity: largest) { _, n in n = largest }
      var stagedValues = [Double](unsafeUninitializedCapacity: largest) { _, n in n = largest }
      var blockNext = [Int](repeating: 0, count: blocks + 1)
      for group in groups {
        let base = matrix.rowStarts[group.lowerBound]
        let end = matrix.rowStarts[group.upperBound]
        for index in 0...blocks { blockNext[index] = 0 }
        for entry in base..<end { blockNext[(Int(matrix.columnIndices[entry]) >> shift) + 1] += 1 }
        for block in 0..<blocks { blockNext[block + 1] += blockNext[block] }
        for row in group {
          for entry in matrix.rowStarts[row]..<matrix.rowStarts[row + 1] {
            let column = matrix.columnIndices[entry]
            let block = Int(column) >> shift
            let slot = blockNext[block]
            stagedRows[slot] = Int32(row)
            stagedColumns[slot] = column
            stagedValues[slot] = matrix.values[entry]
            blockNext[block] = slot + 1
          }
        }
        for slot in 0..<(end - base) {
          let column = Int(stagedColumns[slot])
          rowIndices[next[column]] = stagedRows[slot]
          values[next[column]] = stagedValues[slot]
          next[column] += 1
        }
      }
    }
    self.rows = matrix.rows
    self.columns = matrix.columns
    self.columnStarts = starts
    self.rowIndices = rowIndices
    self.values = values
    self.rowOrder = nil
    self.whole = []
    self.wholeIndex = []
  }

  /// `out[row] += value(row) * weight` for every row, in row order.
  @inline(__always)
  static func addProducts(
    _ full: WholeColumn, _ weight: Double, rows: Int, into out: UnsafeMutableBufferPointer<Double>
  ) {
    switch full {
    case .values(let values):
      values.withUnsafeBufferPointer { column in
        for row in 0..<rows { out[row] += column[row] * weight }
      }
    case .twoValued(let choices, let ifFalse, let ifTrue):
      choices.withUnsafeBufferPointer { choice in
        for row in 0..<rows { out[row] += (choice[row] ? ifTrue : ifFalse) * weight }
      }
    }
  }

  /// `Σ value(row) * r[row]`, in row order from 0.
  @inline(__always)
  static func dot(_ full: WholeColumn, _ r: UnsafeBufferPointer<Double>, rows: Int) -> Double {
    var sum = 0.0
    switch full {
    case .values(let values):
      values.withUnsafeBufferPointer { column in
        for row in 0..<rows { sum += column[row] * r[row] }
      }
    case .twoValued(let choices, let ifFalse, let ifTrue):
      choices.withUnsafeBufferPointer { choice in
        for row in 0..<rows { sum += (choice[row] ? ifTrue : ifFalse) * r[row] }
      }
    }
    return sum
  }

  /// The most entries staged at once by the two-pass transpose (a group holds at least one
  /// row): 2²¹ entries, 32 MB.
  static let stagedEntries = 1 << 21

  /// Columns per block of the two-pass transpose: their write positions (two cache lines
  /// each) stay within a core's cache.
  static let blockColumns = 1 << 12

  /// Columns per parallel task: a constant, so the split never depends on the thread count.
  static let columnsPerTask = 1 << 16

  /// `Xᵀ·r`: one value per column.
  func transposeMultiply(_ r: [Double], workers: Int) -> [Double] {
    let tasks = (columns + Self.columnsPerTask - 1) / Self.columnsPerTask
    let pieces = ParallelMap.map(Array(0..<tasks), workers: max(1, workers)) { task -> [Double] in
      let first = task * Self.columnsPerTask
      let last = min(columns, first + Self.columnsPerTask)
      var out = [Double](repeating: 0, count: last - first)
      columnStarts.withUnsafeBufferPointer { starts in
        rowIndices.withUnsafeBufferPointer { rowsOf in
          values.withUnsafeBufferPointer { entries in
            r.withUnsafeBufferPointer { residuals in
              for column in first..<last {
                if let full = wholeColumn(column) {
                  out[column - first] = Self.dot(full, residuals, rows: rows)
                  continue
                }
                var sum = 0.0
                for entry in starts[column]..<starts[column + 1] {
                  sum += entries[entry] * residuals[Int(rowsOf[entry])]
                }
                out[column - first] = sum
              }
            }
          }
        }
      }
      return out
    }
    var result: [Double] = []
    result.reserveCapacity(columns)
    for piece in pieces { result.append(contentsOf: piece) }
    return result
  }
}
