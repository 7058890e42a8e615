import Foundation
import XCTest

/// `validate-data` run as a process: schema inference, its outputs and its errors.
final class ValidateDataTests: XCTestCase {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")
  static let penguins = ReadmeExamplesTests.repositoryRoot
    .appendingPathComponent("examples/penguins/penguins.csv").path

  /// Compares `actual` with a golden file; `SLUICE_RECORD=1` rewrites the golden file.
  func assertGolden(
    _ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line
  )
    throws
  {
    let url = Self.fixtures.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["SLUICE_RECORD"] == "1" {
      try actual.write(to: url, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    XCTAssertEqual(
      actual, expected, "golden \(name) (SLUICE_RECORD=1 re-records)", file: file, line: line)
  }

  func testInferPenguinsMatchesGolden() throws {
    let result = try CLIRunner.run("validate-data", ["infer", Self.penguins])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual(result.stderr, "")
    try assertGolden(result.stdout, "penguins.schema.json")
  }

  func testInferIsIndependentOfThreadCount() throws {
    let one = try CLIRunner.run("validate-data", ["infer", Self.penguins, "--threads", "1"])
    let eight = try CLIRunner.run("validate-data", ["infer", Self.penguins, "--threads", "8"])
    XCTAssertEqual(one.status, 0)
    XCTAssertEqual(one.stdoutBytes, eight.stdoutBytes)
  }

  func testInferReadsStandardInput() throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: Self.penguins))
    let piped = try CLIRunner.run("validate-data", ["infer", "-"], stdin: data)
    let named = try CLIRunner.run("validate-data", ["infer", Self.penguins])
    XCTAssertEqual(piped.status, 0, piped.stderr)
    XCTAssertEqual(piped.stdout, named.stdout)
  }

  func testInferWritesOutputFileAndSummary() throws {
    let directory = try makeTempDir(self)
    let result = try CLIRunner.run(
      "validate-data", ["infer", Self.penguins, "-o", "schema.json"], directory: directory)
    XCTAssertEqual(result.status, 0)
    XCTAssertEqual(result.stdout, "")
    XCTAssertTrue(result.stderr.hasPrefix("validate-data: inferred 8 columns"), result.stderr)
    let written = try String(contentsOfFile: directory + "/schema.json", encoding: .utf8)
    XCTAssertTrue(written.contains("\"sluice_schema_version\": 1"))
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["schema.json"])
  }

  func testFailedRunLeavesNoOutputAndNoTemporaryFile() throws {
    let directory = try makeTempDir(self)
    try "a,b\n1,2\n3,\"4\n".write(
      toFile: directory + "/bad.csv", atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      "validate-data", ["infer", "bad.csv", "-o", "schema.json"], directory: directory)
    XCTAssertEqual(result.status, 65)
    XCTAssertEqual(
      result.stderr,
      "bad.csv:3:2: error: unterminated quote: the quoted field runs to the end of the input\n")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["bad.csv"])
  }

  func testExistingOutputSurvivesAFailedRun() throws {
    let directory = try makeTempDir(self)
    try "keep me\n".write(toFile: directory + "/schema.json", atomically: true, encoding: .utf8)
    try "a,a\n1,2\n".write(toFile: directory + "/dup.csv", atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      "validate-data", ["infer", "dup.csv", "-o", "schema.json"], directory: directory)
    XCTAssertEqual(result.status, 65)
    XCTAssertEqual(result.stderr, "dup.csv:1:2: error: duplicate column name 'a' (also column 1)\n")
    XCTAssertEqual(
      try String(contentsOfFile: directory + "/schema.json", encoding: .utf8), "keep me\n")
  }

  func testMissingInputIs66() throws {
    let result = try CLIRunner.run("validate-data", ["infer", "/nonexistent/data.csv"])
    XCTAssertEqual(result.status, 66)
    XCTAssertEqual(
      result.stderr,
      "validate-data: error: cannot read '/nonexistent/data.csv': no such file or directory\n")
  }

  func testUncreatableOutputIs73() throws {
    let result = try CLIRunner.run(
      "validate-data", ["infer", Self.penguins, "-o", "/nonexistent/dir/schema.json"])
    XCTAssertEqual(result.status, 73, result.stderr)
    XCTAssertTrue(result.stderr.hasPrefix("validate-data: error: "), result.stderr)
  }

  func testWritingToDevNullKeepsTheDevice() throws {
    let result = try CLIRunner.run("validate-data", ["infer", Self.penguins, "-o", "/dev/null"])
    XCTAssertEqual(result.status, 0, result.stderr)
    var info = stat()
    XCTAssertEqual(stat("/dev/null", &info), 0)
    XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "/dev/null must stay a character device")
  }

  func testTableOptionsAreValidated() throws {
    let format = try CLIRunner.run(
      "validate-data", ["infer", Self.penguins, "--input-format", "xls"])
    XCTAssertEqual(format.status, 64)
    XCTAssertTrue(
      format.stderr.hasPrefix(
        "validate-data: error: invalid value 'xls' for '--input-format': expected csv, tsv or jsonl\n"
      ), format.stderr)
    let delimiter = try CLIRunner.run(
      "validate-data", ["infer", Self.penguins, "--delimiter", ";;"])
    XCTAssertEqual(delimiter.status, 64)
  }

  func testJSONLinesAndTSVInput() throws {
    let directory = try makeTempDir(self)
    try "{\"a\": 1, \"b\": \"x\"}\n{\"b\": \"y\", \"a\": 2.5}\n{\"a\": null}\n".write(
      toFile: directory + "/t.jsonl", atomically: true, encoding: .utf8)
    let jsonl = try CLIRunner.run("validate-data", ["infer", "t.jsonl"], directory: directory)
    XCTAssertEqual(jsonl.status, 0, jsonl.stderr)
    XCTAssertTrue(jsonl.stdout.contains("\"type\": \"float\""), jsonl.stdout)
    try "a\tb\n1\t\"q\n".write(toFile: directory + "/t.tsv", atomically: true, encoding: .utf8)
    let tsv = try CLIRunner.run("validate-data", ["infer", "t.tsv"], directory: directory)
    XCTAssertEqual(tsv.status, 0, tsv.stderr)
    XCTAssertTrue(tsv.stdout.contains("\"\\\"q\""), tsv.stdout)
  }
}
