import Foundation
import SluiceCore
import XCTest

/// Tests of `ReportWriter`, which sends a report to files, annotations and the step summary.
final class ReporterWriterTests: XCTestCase {
  private let report = ReporterSamples.report

  func testWritesEachRequestedFileWithItsReporter() throws {
    let dir = try makeTempDir(self)
    let stdout = ByteWriter.memory()
    let stderr = ByteWriter.memory()
    try ReportWriter.write(
      report, paths: ["json": dir + "/r.json", "markdown": dir + "/r.md", "junit": dir + "/r.xml"],
      environment: [:], stdout: stdout, stderr: stderr)
    XCTAssertEqual(try readText(dir + "/r.json"), JSONReporter().render(report))
    XCTAssertEqual(try readText(dir + "/r.md"), MarkdownReporter().render(report))
    XCTAssertEqual(try readText(dir + "/r.xml"), JUnitReporter().render(report))
    XCTAssertEqual(try listing(dir), ["r.json", "r.md", "r.xml"])
    XCTAssertEqual(stdout.text, "")
    XCTAssertEqual(stderr.text, "")
  }

  func testParsedOptionsSelectTheFilesAndDashIsStandardOutput() throws {
    let dir = try makeTempDir(self)
    let arguments = ParsedArguments(
      options: ReportWriter.options, values: ["--junit": [dir + "/j.xml"], "--markdown": ["-"]])
    let stdout = ByteWriter.memory()
    try ReportWriter.write(
      report, arguments: arguments, environment: [:], stdout: stdout, stderr: .memory())
    XCTAssertEqual(stdout.text, MarkdownReporter().render(report))
    XCTAssertEqual(try readText(dir + "/j.xml"), JUnitReporter().render(report))
    XCTAssertEqual(try listing(dir), ["j.xml"])
  }

  func testTwoFormatsForOneDestinationIsAUsageErrorAndWritesNothing() throws {
    let dir = try makeTempDir(self)
    XCTAssertThrowsError(
      try ReportWriter.write(
        report, paths: ["json": dir + "/same", "junit": dir + "/same"], environment: [:],
        stdout: .memory(), stderr: .memory())
    ) { error in
      XCTAssertEqual(
        error as? CoreError, .usage("'--json' and '--junit' cannot both write to '\(dir)/same'"))
    }
    XCTAssertEqual(try listing(dir), [])
    let stdout = ByteWriter.memory()
    XCTAssertThrowsError(
      try ReportWriter.write(
        report, paths: ["markdown": "-", "json": "-"], environment: [:], stdout: stdout,
        stderr: .memory())
    ) { error in
      XCTAssertEqual(
        error as? CoreError,
        .usage("'--json' and '--markdown' cannot both write to standard output"))
    }
    XCTAssertEqual(stdout.text, "")
  }

  func testUnwritableDestinationFailsWithoutLeavingTheOtherFiles() throws {
    let dir = try makeTempDir(self)
    XCTAssertThrowsError(
      try ReportWriter.write(
        report, paths: ["json": dir + "/ok.json", "junit": dir + "/missing/r.xml"],
        environment: [:], stdout: .memory(), stderr: .memory())
    ) { error in
      guard case .cannotCreateOutput(let path, _) = error as? CoreError else {
        return XCTFail("unexpected \(error)")
      }
      XCTAssertEqual(path, dir + "/missing/r.xml")
    }
    XCTAssertEqual(try listing(dir), [])
  }

  func testUnknownFormatIsAnInternalError() {
    XCTAssertThrowsError(
      try ReportWriter.write(
        report, paths: ["yaml": "x"], environment: [:], stdout: .memory(), stderr: .memory())
    ) { error in
      XCTAssertEqual(error as? CoreError, .internalError("unknown report format 'yaml'"))
    }
  }

  func testAnnotationsGoToStandardErrorOnlyOnGitHubActions() throws {
    let stdout = ByteWriter.memory()
    let stderr = ByteWriter.memory()
    try ReportWriter.write(
      report, paths: ["json": "-"], environment: ["GITHUB_ACTIONS": "true"], stdout: stdout,
      stderr: stderr)
    XCTAssertEqual(stderr.text, GitHubActionsReporter().render(report))
    XCTAssertEqual(stdout.text, JSONReporter().render(report))
    for value in ["false", "TRUE", "1", ""] {
      let quiet = ByteWriter.memory()
      try ReportWriter.write(
        report, paths: [:], environment: ["GITHUB_ACTIONS": value], stdout: .memory(),
        stderr: quiet)
      XCTAssertEqual(quiet.text, "", value)
    }
  }

  func testStepSummaryIsAppendedAfterABlankLine() throws {
    let dir = try makeTempDir(self)
    let summary = dir + "/step_summary"
    try "earlier step output\n".write(toFile: summary, atomically: true, encoding: .utf8)
    let stderr = ByteWriter.memory()
    try ReportWriter.write(
      report, paths: [:], environment: ["GITHUB_STEP_SUMMARY": summary], stdout: .memory(),
      stderr: stderr)
    XCTAssertEqual(
      try readText(summary), "earlier step output\n\n" + MarkdownReporter().render(report))
    XCTAssertEqual(stderr.text, "")
    let fresh = dir + "/new_summary"
    try ReportWriter.write(
      report, paths: [:], environment: ["GITHUB_STEP_SUMMARY": fresh], stdout: .memory(),
      stderr: stderr)
    XCTAssertEqual(try readText(fresh), MarkdownReporter().render(report))
  }

  func testStepSummaryStaysWithinOneMebibyte() throws {
    let dir = try makeTempDir(self)
    let summary = dir + "/step_summary"
    var big = report
    big.table.rows = (0..<40_000).map { ["column \($0)", "rule é🚀", "\($0)"] }
    let existing = String(repeating: "x", count: 300_000)
    try existing.write(toFile: summary, atomically: true, encoding: .utf8)
    let stderr = ByteWriter.memory()
    try ReportWriter.write(
      big, paths: [:], environment: ["GITHUB_STEP_SUMMARY": summary], stdout: .memory(),
      stderr: stderr)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: summary))
    XCTAssertLessThanOrEqual(bytes.count, ReportWriter.stepSummaryLimit)
    XCTAssertGreaterThan(bytes.count, ReportWriter.stepSummaryLimit - 200)
    let text = String(decoding: bytes, as: UTF8.self)
    XCTAssertTrue(text.hasPrefix(existing + "\n<!-- sluice-check -->\n"))
    XCTAssertTrue(text.contains(" more rows not shown; see the full JSON / JUnit report.\n"))
    XCTAssertEqual(stderr.text, "")
  }

  func testFullOrUnwritableStepSummaryOnlyWarns() throws {
    let dir = try makeTempDir(self)
    let summary = dir + "/step_summary"
    try String(repeating: "x", count: ReportWriter.stepSummaryLimit - 10)
      .write(toFile: summary, atomically: true, encoding: .utf8)
    let stderr = ByteWriter.memory()
    try ReportWriter.write(
      report, paths: ["json": dir + "/r.json"], environment: ["GITHUB_STEP_SUMMARY": summary],
      stdout: .memory(), stderr: stderr)
    XCTAssertEqual(
      stderr.text,
      "validate-data: warning: cannot add the report to the step summary '\(summary)': "
        + "it is already full\n")
    XCTAssertEqual(
      try Data(contentsOf: URL(fileURLWithPath: summary)).count,
      ReportWriter.stepSummaryLimit - 10)
    XCTAssertEqual(try readText(dir + "/r.json"), JSONReporter().render(report))
    let missing = ByteWriter.memory()
    try ReportWriter.write(
      report, paths: [:], environment: ["GITHUB_STEP_SUMMARY": dir + "/no/such/file"],
      stdout: .memory(), stderr: missing)
    XCTAssertTrue(missing.text.hasPrefix("validate-data: warning: cannot add the report"))
    XCTAssertTrue(missing.text.hasSuffix(": no such file or directory\n"), missing.text)
  }

  func testProcessEnvironmentMatchesFoundation() {
    let current = ProcessEnvironment.current
    XCTAssertEqual(current, ProcessInfo.processInfo.environment)
    XCTAssertNotNil(current["PATH"])
  }
}
