/// A design matrix the linear models can stream: the two row operations a linear model needs,
/// behind raw pointers that stay valid for the duration of `withRows`.
///
/// Internal so that every use is specialised for the concrete matrix type: the per-row calls
/// then inline into the model kernels.
protocol LinearDesign: Sendable {
  /// Row access valid inside `withRows`.
  associatedtype Rows: DesignRows
  /// Number of rows.
  var rows: Int { get }
  /// Number of columns.
  var columns: Int { get }
  /// The first value that is NaN or infinite, as 0-based row and column, if any.
  func firstNonFinite() -> (row: Int, column: Int)?
  /// The stored value at a row and column (0 where a sparse matrix stores nothing).
  func value(row: Int, column: Int) -> Double
  /// Calls `body` with row access.
  func withRows<Result>(_ body: (Rows) -> Result) -> Result
}

/// The row operations of a `LinearDesign`.
protocol DesignRows {
  /// `xᵣ · w` for the `columns` weights at `w`.
  func dot(_ row: Int, _ w: UnsafePointer<Double>) -> Double
  /// `y += a · xᵣ` for the `columns` values at `y`.
  func axpy(_ row: Int, _ a: Double, _ y: UnsafeMutablePointer<Double>)
}

extension DenseMatrix: LinearDesign {
  /// Dense rows: `columns` contiguous values per row.
  struct Rows: DesignRows {
    let base: UnsafePointer<Double>
    let columns: Int

    @inline(__always)
    func dot(_ row: Int, _ w: UnsafePointer<Double>) -> Double {
      VectorMath.dot(base + row * columns, w, columns)
    }

    @inline(__always)
    func axpy(_ row: Int, _ a: Double, _ y: UnsafeMutablePointer<Double>) {
      VectorMath.axpy(a, base + row * columns, y, columns)
    }
  }

  func value(row: Int, column: Int) -> Double { self[row, column] }

  func withRows<Result>(_ body: (Rows) -> Result) -> Result {
    values.withUnsafeBufferPointer { buffer in
      // An empty array may have no storage; a dangling one-element buffer is never read,
      // because there are then no columns (or no rows) to touch.
      guard let base = buffer.baseAddress else {
        let placeholder = UnsafeMutablePointer<Double>.allocate(capacity: 1)
        defer { placeholder.deallocate() }
        return body(Rows(base: placeholder, columns: columns))
      }
      return body(Rows(base: base, columns: columns))
    }
  }
}
