import SluiceCore
import XCTest

@testable import SluiceData

/// `ChiSquare` against `scipy.stats.chi2.sf` and `scipy.stats.chi2_contingency`.
final class ChiSquareTests: XCTestCase {
  /// The survival function to 1e-12 relative: p-values near 0 are compared by their digits.
  func testSurvivalMatchesScipy() throws {
    var tracker = ToleranceTracker("chi2.sf", relative: 1e-12)
    for testCase in try StatisticsFixture.cases("chi2_sf.json", count: 645) {
      let df = try XCTUnwrap(testCase["df"]?.fixtureDouble)
      let x = try XCTUnwrap(testCase["x"]?.fixtureDouble)
      let expected = try XCTUnwrap(testCase["sf"]?.fixtureDouble)
      tracker.check(ChiSquare.survival(x, degreesOfFreedom: df), expected, "df=\(df) x=\(x)")
    }
    tracker.report()
  }

  /// Statistic and expected counts to 1e-12 relative, p-value to 1e-12 relative, dof exactly.
  func testContingencyMatchesScipy() throws {
    var statistic = ToleranceTracker("chi2_contingency.statistic", relative: 1e-12, absolute: 1e-12)
    var pValue = ToleranceTracker("chi2_contingency.pvalue", relative: 1e-12)
    var expectedCounts = ToleranceTracker("chi2_contingency.expected", relative: 1e-12)
    for testCase in try StatisticsFixture.cases("chi2_contingency.json", count: 75) {
      let name = testCase["name"]?.stringValue ?? "?"
      let table = try XCTUnwrap(testCase["table"]?.arrayValue).map {
        try XCTUnwrap($0.fixtureDoubles)
      }
      let result = ChiSquare.contingency(table)
      statistic.check(result.statistic, try XCTUnwrap(testCase["statistic"]?.fixtureDouble), name)
      pValue.check(result.pValue, try XCTUnwrap(testCase["pvalue"]?.fixtureDouble), name)
      XCTAssertEqual(Int64(result.degreesOfFreedom), testCase["dof"]?.intValue, name)
      let expected = try XCTUnwrap(testCase["expected"]?.arrayValue).map {
        try XCTUnwrap($0.fixtureDoubles)
      }
      XCTAssertEqual(result.expected.count, expected.count, name)
      for (row, expectedRow) in zip(result.expected, expected) {
        XCTAssertEqual(row.count, expectedRow.count, name)
        for (value, oracle) in zip(row, expectedRow) { expectedCounts.check(value, oracle, name) }
      }
    }
    statistic.report()
    pValue.report()
    expectedCounts.report()
  }

  func testZeroTotalsAreDropped() {
    let withEmptyColumn = ChiSquare.contingency([[3, 0, 5], [2, 0, 7]])
    let without = ChiSquare.contingency([[3, 5], [2, 7]])
    XCTAssertEqual(withEmptyColumn.statistic, without.statistic)
    XCTAssertEqual(withEmptyColumn.pValue, without.pValue)
    XCTAssertEqual(withEmptyColumn.degreesOfFreedom, 1)
    XCTAssertEqual(withEmptyColumn.expected[0][1], 0)
    // One sample empty: only one row is left, so there is nothing to test.
    let emptyRow = ChiSquare.contingency([[0, 0], [4, 6]])
    XCTAssertEqual(emptyRow.statistic, 0)
    XCTAssertEqual(emptyRow.pValue, 1)
    XCTAssertEqual(emptyRow.degreesOfFreedom, 0)
  }

  func testInvalidTablesGiveNaN() {
    for table: [[Double]] in [
      [], [[]], [[1, 2], [3]], [[1, -1], [2, 2]], [[0, 0], [0, 0]],
      [[1, .nan], [1, 1]], [[1, .infinity], [1, 1]],
    ] {
      let result = ChiSquare.contingency(table)
      XCTAssertTrue(result.statistic.isNaN, "\(table)")
      XCTAssertTrue(result.pValue.isNaN, "\(table)")
      XCTAssertEqual(result.expected, [])
    }
  }

  func testSurvivalEdges() {
    XCTAssertEqual(ChiSquare.survival(0, degreesOfFreedom: 3), 1)
    XCTAssertEqual(ChiSquare.survival(-2, degreesOfFreedom: 3), 1)
    XCTAssertEqual(ChiSquare.survival(.infinity, degreesOfFreedom: 3), 0)
    XCTAssertEqual(ChiSquare.survival(1, degreesOfFreedom: 0), 0)
    XCTAssertTrue(ChiSquare.survival(.nan, degreesOfFreedom: 3).isNaN)
    XCTAssertTrue(ChiSquare.survival(1, degreesOfFreedom: -1).isNaN)
    // Q(1, x/2) = e^(-x/2) for two degrees of freedom.
    XCTAssertEqual(
      ChiSquare.survival(7, degreesOfFreedom: 2), 0.030197383422318501, accuracy: 1e-17)
  }
}
