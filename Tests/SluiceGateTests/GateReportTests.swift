import Foundation
import SluiceCore
import XCTest

@testable import SluiceGate

/// The gate's report: table contents, ordering, size limits and rendered HTML.
final class GateReportTests: XCTestCase {
  /// A report with `slices` region slices, every fifth one regressed.
  func sliceReport(slices: Int) throws -> GateReport {
    var candidate: [String: JSONValue] = [:]
    var baseline: [String: JSONValue] = [:]
    for index in 0..<slices {
      let name = "region_\(String(index + 100_000).dropFirst())"
      baseline[name] = .object(["accuracy": .double(0.8)])
      candidate[name] = .object(["accuracy": .double(index % 5 == 0 ? 0.7 : 0.81)])
    }
    let rules = try RuleParser.parse(
      "roc_auc >= 0.8\nslices.*.accuracy >= baseline - 0.02\n", file: "gate.rules")
    let evaluator = GateEvaluator(
      candidate: MetricsDocument(
        root: .object(["roc_auc": .double(0.91), "slices": .object(candidate)]), name: "c.json"),
      baseline: .document(
        MetricsDocument(root: .object(["slices": .object(baseline)]), name: "main:m.json")))
    return GateReport(
      results: evaluator.evaluate(rules), options: GateOptions(), candidateName: "c.json",
      baselineName: "main:m.json")
  }

  func testTableRowsFailuresFirstWithCounts() throws {
    let model = try sliceReport(slices: 10)
    let report = model.report()
    XCTAssertEqual(report.verdict, .fail)
    XCTAssertEqual(model.count(.fail), 2)
    XCTAssertEqual(model.count(.pass), 9)
    XCTAssertEqual(
      report.table.headers.prefix(6),
      ["Metric", "Baseline", "Candidate", "Delta", "Rule", "Verdict"])
    XCTAssertEqual(report.table.rows[0][0], "slices.region_00000.accuracy")
    XCTAssertEqual(
      Array(report.table.rows[0][1...5]),
      [
        "0.8", "0.7", "-0.1", "slices.region_00000.accuracy >= baseline - 0.02", "fail",
      ])
    XCTAssertEqual(report.table.rows[2][5], "pass")
    XCTAssertEqual(report.cases.count, 11)
    XCTAssertEqual(report.annotations.count, 2)
    XCTAssertEqual(report.annotations[0].file, "gate.rules")
    XCTAssertEqual(report.annotations[0].line, 2)
    XCTAssertEqual(report.marker, "sluice-gate")
    let markdown = MarkdownReporter().render(report)
    XCTAssertTrue(markdown.hasPrefix("<!-- sluice-gate -->\n"), markdown)
    // Byte-stable: a second evaluation renders identically in every format.
    let again = try sliceReport(slices: 10).report()
    XCTAssertEqual(MarkdownReporter().render(again), markdown)
    XCTAssertEqual(JSONReporter().render(again), JSONReporter().render(report))
    XCTAssertEqual(JUnitReporter().render(again), JUnitReporter().render(report))
  }

  func testHundredsOfSlicesFitACommentAndTheStepSummary() throws {
    let report = try sliceReport(slices: 1500).report()
    let comment = MarkdownReporter().render(report)
    XCTAssertLessThanOrEqual(comment.utf16.count, MarkdownReporter.pullRequestCommentLimit)
    XCTAssertTrue(
      comment.contains("not shown; see the full JSON / JUnit report."), String(comment.suffix(300)))
    // Failures come first, so the shortened table still lists every one of the 300.
    XCTAssertEqual(comment.components(separatedBy: "| fail |").count - 1, 300)
    let summary = MarkdownReporter(
      maxCharacters: ReportWriter.stepSummaryLimit, measure: .utf8Bytes
    )
    .render(report)
    XCTAssertLessThanOrEqual(summary.utf8.count, ReportWriter.stepSummaryLimit)
    XCTAssertEqual(
      summary.components(separatedBy: "\n| slices.").count - 1, 1500, "all rows fit 1 MiB")
    let small = try sliceReport(slices: 300).report()
    XCTAssertFalse(MarkdownReporter().render(small).contains("not shown"))
  }

  /// Renders the Markdown with markdown-it-py (GFM tables) from .venv-test.
  func testMarkdownRendersAsAnHTMLTable() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let python = root.appendingPathComponent(".venv-test/bin/python")
    guard FileManager.default.isExecutableFile(atPath: python.path) else {
      throw XCTSkip("no .venv-test (run ci/setup-python-oracles): rendered-HTML check skipped")
    }
    let markdown = MarkdownReporter().render(try sliceReport(slices: 3).report())
    let process = Process()
    process.executableURL = python
    process.arguments = [
      "-c",
      "import sys; from markdown_it import MarkdownIt; sys.stdout.write(MarkdownIt('commonmark').enable(['table', 'strikethrough']).render(sys.stdin.read()))",
    ]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(markdown.utf8))
    try input.fileHandleForWriting.close()
    let html = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0)
    XCTAssertTrue(html.contains("<table>"), html)
    XCTAssertTrue(html.contains("<th style=\"text-align:left\">Metric</th>"), html)
    XCTAssertTrue(html.contains("<th style=\"text-align:right\">Baseline</th>"), html)
    XCTAssertTrue(
      html.contains("<td style=\"text-align:left\">slices.region_00000.accuracy</td>"), html)
    XCTAssertTrue(
      html.contains(
        "<td style=\"text-align:left\">slices.region_00000.accuracy &gt;= baseline - 0.02</td>"),
      html)
    XCTAssertTrue(html.contains("<td style=\"text-align:right\">-0.1</td>"), html)
    XCTAssertTrue(html.contains("<td style=\"text-align:left\">fail</td>"), html)
    XCTAssertTrue(html.contains("<!-- sluice-gate -->"), html)
    XCTAssertFalse(html.contains("|"), "every row parsed as a table row")
  }

  func testNumberFormatting() {
    XCTAssertEqual(NumberText.short(0.812345678), "0.8123")
    XCTAssertEqual(NumberText.short(1234.5678), "1235")
    XCTAssertEqual(NumberText.short(-0.000123456), "-0.0001235")
    XCTAssertEqual(NumberText.signed(0.01), "+0.01")
    XCTAssertEqual(NumberText.plain(3), "3")
    XCTAssertEqual(NumberText.plain(0.1), "0.1")
  }
}
