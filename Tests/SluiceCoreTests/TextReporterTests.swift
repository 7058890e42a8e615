import SluiceCore
import XCTest

final class TextReporterTests: XCTestCase {
  func testGoldenSummary() {
    let expected = """
      validate-data check: FAIL: Data check: train.csv
        2 of 4 rules failed.
        - [fail] age/max: 3 findings
        - [fail] name/null: 1 finding

      """
    XCTAssertEqual(TextReporter().render(ReporterSamples.report), expected)
  }

  func testLimitCountsTheRestAndSkipsPassingAndSkippedCases() {
    var report = ReporterSamples.report
    report.cases = (1...8).map { index in
      ReportCase(
        suite: "s", className: "c\(index)", name: "r",
        verdict: index % 2 == 0 ? .fail : (index == 3 ? .inconclusive : .pass), message: "m")
    }
    let expected = """
      validate-data check: FAIL: Data check: train.csv
        2 of 4 rules failed.
        - [fail] c2/r: m
        - [inconclusive] c3/r: m
        … 3 more findings; see the full report.

      """
    XCTAssertEqual(TextReporter(limit: 2).render(report), expected)
  }

  func testEachItemStaysOnOneLineWithoutControlCharacters() {
    let report = Report(
      tool: "gate", title: "a\nb", verdict: .pass, summary: "x\r\n\ty\u{1B}[2J z\u{7}",
      cases: [ReportCase(suite: "s", className: "", name: "", verdict: .fail, message: "\n\nm")])
    XCTAssertEqual(TextReporter().render(report), "gate: PASS: a b\n  x y[2J z\n  - [fail] m\n")
  }

  func testEmptyTitleAndSummary() {
    let report = Report(tool: "gate", title: "", verdict: .inconclusive)
    XCTAssertEqual(TextReporter().render(report), "gate: INCONCLUSIVE\n")
  }
}
