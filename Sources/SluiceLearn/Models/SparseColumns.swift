import SluiceTable

/// A sparse matrix stored column by column (CSC), for `Xᵀ·r` without scattering into a
/// per-thread copy of a million-wide gradient.
///
/// Each column's sum runs over its rows in row order, and columns are split into fixed ranges,
/// so the product is bit-identical for any number of threads.
struct SparseColumns: Sendable {
  let rows: Int
  let columns: Int
  /// Start of each column's entries; `columns + 1` values.
  let columnStarts: [Int]
  /// Row of each entry.
  let rowIndices: [Int32]
  /// Value of each entry.
  let values: [Double]

  /// The columns of `matrix` (a counting sort of its entries by column, stable in row order).
  init(_ matrix: SparseMatrix) {
    var starts = [Int](repeating: 0, count: matrix.columns + 1)
    for column in matrix.columnIndices { starts[Int(column) + 1] += 1 }
    for column in 0..<matrix.columns { starts[column + 1] += starts[column] }
    var next = starts
    var rowIndices = [Int32](repeating: 0, count: matrix.columnIndices.count)
    var values = [Double](repeating: 0, count: matrix.columnIndices.count)
    for row in 0..<matrix.rows {
      for entry in matrix.rowStarts[row]..<matrix.rowStarts[row + 1] {
        let column = Int(matrix.columnIndices[entry])
        rowIndices[next[column]] = Int32(row)
        values[next[column]] = matrix.values[entry]
        next[column] += 1
      }
    }
    self.rows = matrix.rows
    self.columns = matrix.columns
    self.columnStarts = starts
    self.rowIndices = rowIndices
    self.values = values
  }

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
