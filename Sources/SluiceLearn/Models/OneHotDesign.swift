/// A design matrix of dense columns followed by one-hot groups, each group stored as one
/// column index per row instead of a row of mostly zeros.
///
/// A million rows with a few dozen one-hot slots then need a few integers per row rather than
/// a few dozen doubles, and a row's dot product touches one weight per group. The columns are
/// `0..<dense` (the dense block, row-major) then the groups' slots; `codes[row·groups + g]` is
/// the column of the one slot set to 1 in group `g`, or -1 when none is.
struct OneHotDesign: LinearDesign {
  let rows: Int
  let columns: Int
  /// Width of the dense block.
  let dense: Int
  /// Number of one-hot groups.
  let groups: Int
  /// `rows × dense` values, row after row.
  let values: [Double]
  /// `rows × groups` column indices (each ≥ `dense`), or -1.
  let codes: [Int32]

  /// Row access over raw pointers.
  struct Rows: DesignRows {
    let values: UnsafePointer<Double>
    let codes: UnsafePointer<Int32>
    let dense: Int
    let groups: Int

    @inline(__always)
    func dot(_ row: Int, _ w: UnsafePointer<Double>) -> Double {
      var total = VectorMath.dot(values + row * dense, w, dense)
      let base = codes + row * groups
      for g in 0..<groups where base[g] >= 0 { total += w[Int(base[g])] }
      return total
    }

    @inline(__always)
    func axpy(_ row: Int, _ a: Double, _ y: UnsafeMutablePointer<Double>) {
      VectorMath.axpy(a, values + row * dense, y, dense)
      let base = codes + row * groups
      for g in 0..<groups where base[g] >= 0 { y[Int(base[g])] += a }
    }
  }

  func firstNonFinite() -> (row: Int, column: Int)? {
    guard dense > 0, let index = values.firstIndex(where: { !$0.isFinite }) else { return nil }
    return (index / dense, index % dense)
  }

  func value(row: Int, column: Int) -> Double {
    if column < dense { return values[row * dense + column] }
    for g in 0..<groups where Int(codes[row * groups + g]) == column { return 1 }
    return 0
  }

  func withRows<Result>(_ body: (Rows) -> Result) -> Result {
    // Empty arrays may have no storage; a one-element placeholder is never read then.
    let placeholderValue = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    let placeholderCode = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    defer {
      placeholderValue.deallocate()
      placeholderCode.deallocate()
    }
    return values.withUnsafeBufferPointer { valueBuffer in
      codes.withUnsafeBufferPointer { codeBuffer in
        body(
          Rows(
            values: valueBuffer.baseAddress ?? UnsafePointer(placeholderValue),
            codes: codeBuffer.baseAddress ?? UnsafePointer(placeholderCode), dense: dense,
            groups: groups))
      }
    }
  }
}
