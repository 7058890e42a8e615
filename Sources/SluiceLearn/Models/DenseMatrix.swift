/// A dense row-major matrix of doubles: the design matrix the linear models train on.
///
/// Values live in one contiguous array so the model kernels can stream rows through
/// unsafe pointers without per-element bounds checks or allocation.
public struct DenseMatrix: Sendable, Equatable {
  /// Number of rows (samples).
  public let rows: Int
  /// Number of columns (features).
  public let columns: Int
  /// The `rows × columns` values, row after row.
  public private(set) var values: [Double]

  /// A matrix over `values` laid out row after row; throws when the sizes disagree.
  public init(rows: Int, columns: Int, values: [Double]) throws {
    guard rows >= 0, columns >= 0, rows.multipliedReportingOverflow(by: columns).overflow == false,
      values.count == rows * columns
    else {
      throw LearnError(
        "a \(rows) × \(columns) matrix needs \(rows) × \(columns) values, not \(values.count)")
    }
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  /// A matrix from a list of equally long rows; throws when the rows are ragged.
  public init(rowList: [[Double]]) throws {
    let width = rowList.first?.count ?? 0
    var values: [Double] = []
    values.reserveCapacity(rowList.count * width)
    for (index, row) in rowList.enumerated() {
      guard row.count == width else {
        throw LearnError("row \(index + 1) has \(row.count) values, row 1 has \(width)")
      }
      values.append(contentsOf: row)
    }
    try self.init(rows: rowList.count, columns: width, values: values)
  }

  /// A `rows × columns` matrix of zeros.
  public init(zeros rows: Int, columns: Int) {
    self.rows = max(0, rows)
    self.columns = max(0, columns)
    self.values = [Double](repeating: 0, count: self.rows * self.columns)
  }

  /// The feature pipeline's output as a matrix (the same row-major layout, no copy of logic).
  public init(_ features: FeatureMatrix) throws {
    try self.init(rows: features.rows, columns: features.width, values: features.values)
  }

  /// The value at `row`, `column` (both 0-based).
  public subscript(row: Int, column: Int) -> Double {
    get { values[row * columns + column] }
    set { values[row * columns + column] = newValue }
  }

  /// Row `index` (0-based) as a slice of `values`.
  public func row(_ index: Int) -> ArraySlice<Double> {
    values[(index * columns)..<((index + 1) * columns)]
  }

  /// The first value that is NaN or infinite, as 0-based row and column, if any.
  public func firstNonFinite() -> (row: Int, column: Int)? {
    guard columns > 0 else { return nil }
    return values.withUnsafeBufferPointer { buffer in
      // x·0 is 0 for every finite x and NaN otherwise: one vectorisable pass answers the
      // common all-finite case, and only a bad matrix pays for the scan.
      var total = 0.0
      for value in buffer { total += value * 0 }
      if total == 0 { return nil }
      guard let index = buffer.firstIndex(where: { !$0.isFinite }) else { return nil }
      return (index / columns, index % columns)
    }
  }

  /// The product `self · vector` (one value per row).
  public func multiply(_ vector: [Double]) -> [Double] {
    precondition(vector.count == columns, "vector length must equal the column count")
    var result = [Double](repeating: 0, count: rows)
    values.withUnsafeBufferPointer { matrix in
      vector.withUnsafeBufferPointer { v in
        result.withUnsafeMutableBufferPointer { out in
          guard let m = matrix.baseAddress, let w = v.baseAddress else { return }
          for row in 0..<rows { out[row] = VectorMath.dot(m + row * columns, w, columns) }
        }
      }
    }
    return result
  }

  /// The product `selfᵀ · vector` (one value per column), summed in row order.
  public func transposeMultiply(_ vector: [Double]) -> [Double] {
    precondition(vector.count == rows, "vector length must equal the row count")
    var result = [Double](repeating: 0, count: columns)
    values.withUnsafeBufferPointer { matrix in
      result.withUnsafeMutableBufferPointer { out in
        guard let m = matrix.baseAddress, let o = out.baseAddress else { return }
        for row in 0..<rows { VectorMath.axpy(vector[row], m + row * columns, o, columns) }
      }
    }
    return result
  }
}

/// The inner loops shared by the models, written so the compiler keeps them in registers and
/// vectorises them; the summation order is fixed, so results never depend on the machine's
/// thread count.
enum VectorMath {
  /// `Σ a[j]·b[j]` over `count` values with four interleaved partial sums.
  @inline(__always)
  static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
    var s0 = 0.0
    var s1 = 0.0
    var s2 = 0.0
    var s3 = 0.0
    var j = 0
    while j + 4 <= count {
      s0 += a[j] * b[j]
      s1 += a[j + 1] * b[j + 1]
      s2 += a[j + 2] * b[j + 2]
      s3 += a[j + 3] * b[j + 3]
      j += 4
    }
    while j < count {
      s0 += a[j] * b[j]
      j += 1
    }
    return (s0 + s1) + (s2 + s3)
  }

  /// `y[j] += scale · x[j]` for `count` values.
  @inline(__always)
  static func axpy(
    _ scale: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int
  ) {
    for j in 0..<count { y[j] += scale * x[j] }
  }
}
