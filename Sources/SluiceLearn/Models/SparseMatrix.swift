/// A sparse matrix in compressed sparse row (CSR) form, for wide features such as hashed text
/// (2²⁰ columns) that a dense matrix could not hold.
///
/// Row r's entries are `columnIndices[rowStarts[r]..<rowStarts[r + 1]]` with the matching
/// `values`, as in scipy's `csr_matrix`. A column may appear more than once in a row; its
/// values then add up.
public struct SparseMatrix: Sendable, Equatable {
  /// Number of rows.
  public let rows: Int
  /// Number of columns.
  public let columns: Int
  /// Where each row's entries start, plus the total entry count at the end (rows + 1 values).
  public let rowStarts: [Int]
  /// The column of each entry.
  public let columnIndices: [Int32]
  /// The value of each entry.
  public let values: [Double]

  /// A CSR matrix; throws when the arrays are inconsistent or a column is out of range.
  public init(
    rows: Int, columns: Int, rowStarts: [Int], columnIndices: [Int32], values: [Double]
  ) throws {
    guard rows >= 0, columns >= 0, columns <= Int(Int32.max) else {
      throw LearnError("a sparse matrix cannot have \(rows) rows and \(columns) columns")
    }
    guard rowStarts.count == rows + 1, rowStarts.first == 0,
      rowStarts.last == columnIndices.count, columnIndices.count == values.count
    else {
      throw LearnError(
        "a sparse matrix of \(rows) rows needs \(rows + 1) row starts from 0 to the entry count"
          + " and one value per column index")
    }
    for row in 0..<rows where rowStarts[row] > rowStarts[row + 1] {
      throw LearnError("sparse row \(row + 1) starts after the row that follows it")
    }
    if let bad = columnIndices.firstIndex(where: { $0 < 0 || Int($0) >= columns }) {
      throw LearnError(
        "sparse entry \(bad + 1) is in column \(columnIndices[bad]), outside 0..<\(columns)")
    }
    self.rows = rows
    self.columns = columns
    self.rowStarts = rowStarts
    self.columnIndices = columnIndices
    self.values = values
  }

  /// The non-zero entries of a dense matrix, row by row.
  public init(_ dense: DenseMatrix) {
    var starts = [0]
    var indices: [Int32] = []
    var entries: [Double] = []
    for row in 0..<dense.rows {
      for column in 0..<dense.columns where dense[row, column] != 0 {
        indices.append(Int32(column))
        entries.append(dense[row, column])
      }
      starts.append(indices.count)
    }
    self.rows = dense.rows
    self.columns = dense.columns
    self.rowStarts = starts
    self.columnIndices = indices
    self.values = entries
  }
}

extension SparseMatrix: LinearDesign {
  /// Sparse rows: index and value pointers.
  struct Rows: DesignRows {
    let starts: UnsafePointer<Int>
    let indices: UnsafePointer<Int32>
    let values: UnsafePointer<Double>

    @inline(__always)
    func dot(_ row: Int, _ w: UnsafePointer<Double>) -> Double {
      var sum = 0.0
      for entry in starts[row]..<starts[row + 1] { sum += values[entry] * w[Int(indices[entry])] }
      return sum
    }

    @inline(__always)
    func axpy(_ row: Int, _ a: Double, _ y: UnsafeMutablePointer<Double>) {
      for entry in starts[row]..<starts[row + 1] { y[Int(indices[entry])] += a * values[entry] }
    }
  }

  /// The first stored value that is NaN or infinite, as 0-based row and column, if any.
  public func firstNonFinite() -> (row: Int, column: Int)? {
    guard let entry = values.firstIndex(where: { !$0.isFinite }) else { return nil }
    // The row holding `entry`: the last row that starts at or before it.
    var low = 0
    var high = rows - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if rowStarts[middle] <= entry { low = middle } else { high = middle - 1 }
    }
    return (low, Int(columnIndices[entry]))
  }

  /// The value at `row`, `column` (0 when nothing is stored there).
  public func value(row: Int, column: Int) -> Double {
    var sum = 0.0
    for entry in rowStarts[row]..<rowStarts[row + 1] where Int(columnIndices[entry]) == column {
      sum += values[entry]
    }
    return sum
  }

  func withRows<Result>(_ body: (Rows) -> Result) -> Result {
    rowStarts.withUnsafeBufferPointer { starts in
      columnIndices.withUnsafeBufferPointer { indices in
        values.withUnsafeBufferPointer { entries in
          // Arrays without elements may lack storage; the stand-ins are then never read (a
          // matrix without entries has every row start 0).
          let spareStart = UnsafeMutablePointer<Int>.allocate(capacity: 1)
          let spareIndex = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
          let spareValue = UnsafeMutablePointer<Double>.allocate(capacity: 1)
          spareStart.initialize(to: 0)
          defer {
            spareStart.deallocate()
            spareIndex.deallocate()
            spareValue.deallocate()
          }
          return body(
            Rows(
              starts: starts.baseAddress ?? UnsafePointer(spareStart),
              indices: indices.baseAddress ?? UnsafePointer(spareIndex),
              values: entries.baseAddress ?? UnsafePointer(spareValue)))
        }
      }
    }
  }
}
