/// One document's features: strictly increasing column indices and their values.
public struct SparseRow: Sendable, Hashable {
  /// The column of each stored entry, strictly increasing.
  public var indices: [Int32]
  /// The value of each stored entry (may be 0 where hashed features cancelled, as in scipy).
  public var values: [Double]

  /// A row from matching index and value arrays.
  public init(indices: [Int32] = [], values: [Double] = []) {
    self.indices = indices
    self.values = values
  }
}

/// Rows of sparse features in compressed sparse row (CSR) form, laid out as scipy's
/// `csr_matrix` (`indptr`, `indices`, `data`) and as `SparseMatrix` takes them.
public struct SparseRows: Sendable, Hashable {
  /// The number of columns (`n_features`).
  public let columns: Int
  /// Where each row's entries start, plus the total entry count at the end.
  public private(set) var rowStarts: [Int] = [0]
  /// The column of each entry; increasing within a row.
  public private(set) var columnIndices: [Int32] = []
  /// The value of each entry.
  public private(set) var values: [Double] = []

  /// No rows yet, `columns` wide.
  public init(columns: Int) {
    self.columns = columns
  }

  /// The number of rows.
  public var count: Int { rowStarts.count - 1 }

  /// Row `row` as its own arrays.
  public subscript(row: Int) -> SparseRow {
    let range = rowStarts[row]..<rowStarts[row + 1]
    return SparseRow(indices: Array(columnIndices[range]), values: Array(values[range]))
  }

  /// Appends a row from matching index and value sequences.
  public mutating func append(
    indices: some Sequence<Int32>, values rowValues: some Sequence<Double>
  ) {
    columnIndices.append(contentsOf: indices)
    values.append(contentsOf: rowValues)
    precondition(columnIndices.count == values.count, "a sparse row needs one value per index")
    rowStarts.append(columnIndices.count)
  }

  /// Appends every row of `other`, which must have as many columns.
  public mutating func append(contentsOf other: SparseRows) {
    precondition(other.columns == columns, "appending sparse rows of a different width")
    let offset = columnIndices.count
    columnIndices.append(contentsOf: other.columnIndices)
    values.append(contentsOf: other.values)
    rowStarts.append(contentsOf: other.rowStarts.dropFirst().lazy.map { $0 + offset })
  }

  /// Reserves room for `rows` more rows holding `entries` more entries in total.
  public mutating func reserveCapacity(rows: Int, entries: Int) {
    rowStarts.reserveCapacity(rowStarts.count + rows)
    columnIndices.reserveCapacity(columnIndices.count + entries)
    values.reserveCapacity(values.count + entries)
  }
}
