/// Pearson's chi-square distribution and test of independence, matching
/// `scipy.stats.chi2.sf` and `scipy.stats.chi2_contingency(table, correction=False)`.
public enum ChiSquare {
  /// The outcome of a contingency-table test.
  public struct Result: Sendable, Equatable {
    /// Pearson's statistic `Σ (observed - expected)² / expected`.
    public var statistic: Double
    /// `P(χ²_dof >= statistic)`; 1 when `degreesOfFreedom` is 0.
    public var pValue: Double
    /// `(rows - 1)·(columns - 1)` counted after dropping zero-total rows and columns.
    public var degreesOfFreedom: Int
    /// Expected counts under independence, shaped like the input; 0 in dropped rows/columns.
    public var expected: [[Double]]

    /// A result from its parts.
    public init(statistic: Double, pValue: Double, degreesOfFreedom: Int, expected: [[Double]]) {
      self.statistic = statistic
      self.pValue = pValue
      self.degreesOfFreedom = degreesOfFreedom
      self.expected = expected
    }
  }

  /// `P(χ²_k >= x)`, the regularized upper incomplete gamma `Q(k/2, x/2)`.
  ///
  /// Returns 1 for `x <= 0` (as `scipy.stats.chi2.sf` does) and NaN for NaN arguments or
  /// `degreesOfFreedom < 0`; `degreesOfFreedom == 0` is the point mass at 0.
  public static func survival(_ x: Double, degreesOfFreedom: Double) -> Double {
    if x.isNaN || degreesOfFreedom.isNaN || degreesOfFreedom < 0 { return .nan }
    if x <= 0 { return 1 }
    return IncompleteGamma.upper(a: degreesOfFreedom / 2, x: x / 2)
  }

  /// The chi-square test of independence on a table of counts (`table[row][column]`), without
  /// Yates' continuity correction.
  ///
  /// Zero totals: scipy raises when an expected frequency is 0, which happens exactly when a
  /// row or column sums to 0 (for drift, a bin neither sample hit). Such rows and columns are
  /// dropped first, and the statistic, p-value and degrees of freedom are those of the
  /// remaining table, so a table with an empty column gives what scipy gives for the table
  /// without it. The result is all NaN (with 0 degrees of freedom and an empty `expected`) when
  /// the table is empty or ragged, holds a negative or non-finite count, or sums to 0.
  public static func contingency(_ table: [[Double]]) -> Result {
    let invalid = Result(statistic: .nan, pValue: .nan, degreesOfFreedom: 0, expected: [])
    guard let columns = table.first?.count, columns > 0 else { return invalid }
    var rowTotals = [Double](repeating: 0, count: table.count)
    var columnTotals = [Double](repeating: 0, count: columns)
    for (r, row) in table.enumerated() {
      guard row.count == columns else { return invalid }
      for (c, count) in row.enumerated() {
        guard count.isFinite, count >= 0 else { return invalid }
        rowTotals[r] += count
        columnTotals[c] += count
      }
    }
    var total = 0.0
    for rowTotal in rowTotals { total += rowTotal }
    guard total > 0 else { return invalid }

    let keptRows = rowTotals.indices.filter { rowTotals[$0] > 0 }
    let keptColumns = columnTotals.indices.filter { columnTotals[$0] > 0 }
    var expected = [[Double]](
      repeating: [Double](repeating: 0, count: columns), count: table.count)
    var statistic = 0.0
    for r in keptRows {
      for c in keptColumns {
        let e = rowTotals[r] * columnTotals[c] / total
        expected[r][c] = e
        let difference = table[r][c] - e
        statistic += difference * difference / e
      }
    }
    let degreesOfFreedom = (keptRows.count - 1) * (keptColumns.count - 1)
    // scipy's degenerate case: one non-trivial dimension means observed == expected.
    if degreesOfFreedom == 0 {
      return Result(statistic: 0, pValue: 1, degreesOfFreedom: 0, expected: expected)
    }
    let pValue = survival(statistic, degreesOfFreedom: Double(degreesOfFreedom))
    return Result(
      statistic: statistic, pValue: pValue, degreesOfFreedom: degreesOfFreedom,
      expected: expected)
  }
}
