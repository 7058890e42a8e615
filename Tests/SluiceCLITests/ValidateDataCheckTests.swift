import Foundation
import XCTest

/// `validate-data check` as a process: verdicts, exit codes, every report format.
final class ValidateDataCheckTests: XCTestCase {
  static let penguins = ValidateDataTests.penguins

  func schema(in directory: String) throws -> String {
    let result = try CLIRunner.run(
      "validate-data", ["infer", Self.penguins, "-o", "schema.json"], directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    return directory + "/schema.json"
  }

  func testValidDataPasses() throws {
    let directory = try makeTempDir(self)
    let schema = try schema(in: directory)
    let result = try CLIRunner.run("validate-data", ["check", Self.penguins, "--schema", schema])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual(result.stdout, "")
    XCTAssertTrue(result.stderr.contains("valid: 344 rows, no findings"), result.stderr)
  }

  func testInvalidDataFailsWithLocatedFindingsAndReports() throws {
    let directory = try makeTempDir(self)
    let schema = try schema(in: directory)
    let data =
      "species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n"
      + "Adelie,Mars,39.1,18.7,181,3750,male,2007\n"
      + "Adelie,Dream,x,18.7,181,99999,male,2007\n"
      + "Adelie,Dream,39.1,18.7\n"
    let result = try CLIRunner.run(
      "validate-data",
      [
        "check", "-", "--schema", schema, "--json", "r.json", "--junit", "r.xml", "--markdown",
        "r.md",
      ],
      stdin: Data(data.utf8), directory: directory)
    XCTAssertEqual(result.status, 1)
    XCTAssertTrue(
      result.stderr.contains(
        "<stdin>:2:2: error: [values] island: value 'Mars' is not an allowed value"),
      result.stderr)
    XCTAssertTrue(
      result.stderr.contains(
        "<stdin>:3:3: error: [type] bill_length_mm: value 'x' is not a number"),
      result.stderr)
    // An inferred range is observed, not a limit: a value past it is a warning only.
    XCTAssertTrue(
      result.stderr.contains(
        "validate-data: warning: body_mass_g: 1 value above the observed max 6300 (up to 99999)"),
      result.stderr)
    XCTAssertTrue(
      result.stderr.contains(
        "<stdin>:4:4: error: [field-count] bill_depth_mm: expected 8 fields, found 4"),
      result.stderr)
    let json =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: directory + "/r.json"))) as? [String: Any]
    let payload = json?["result"] as? [String: Any]
    XCTAssertEqual(payload?["findings_total"] as? Int, 3)
    XCTAssertEqual(payload?["valid"] as? Bool, false)
    let xml = try String(contentsOfFile: directory + "/r.xml", encoding: .utf8)
    XCTAssertTrue(xml.contains("<testcase classname=\"island\" name=\"values\">"), xml)
    XCTAssertTrue(xml.contains("<testcase classname=\"species\" name=\"type\"/>"), xml)
    let markdown = try String(contentsOfFile: directory + "/r.md", encoding: .utf8)
    XCTAssertTrue(markdown.contains("| 2 | 2 | island | values | Mars |"), markdown)
  }

  func testMaxErrorsListsTheFirstAndCountsAll() throws {
    let directory = try makeTempDir(self)
    let schema = try schema(in: directory)
    var data =
      "species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n"
    for _ in 0..<30 { data += "Adelie,Dream,x,18.7,181,3750,male,2007\n" }
    let result = try CLIRunner.run(
      "validate-data", ["check", "-", "--schema", schema, "--max-errors", "5", "--json", "-"],
      stdin: Data(data.utf8), directory: directory)
    XCTAssertEqual(result.status, 1)
    XCTAssertTrue(result.stdout.contains("\"findings_listed\": 5"), result.stdout)
    XCTAssertTrue(result.stdout.contains("\"findings_total\": 30"), result.stdout)
  }

  func testGitHubAnnotationsAndStepSummary() throws {
    let directory = try makeTempDir(self)
    let schema = try schema(in: directory)
    let summary = directory + "/summary.md"
    let data =
      "species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n"
      + "Adelie,Mars,39.1,18.7,181,3750,male,2007\n"
    try data.write(toFile: directory + "/new.csv", atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      "validate-data", ["check", "new.csv", "--schema", schema], directory: directory,
      environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary])
    XCTAssertEqual(result.status, 1)
    XCTAssertTrue(
      result.stderr.contains(
        "::error title=validate-data check%3A values,file=new.csv,line=2,col=2::"),
      result.stderr)
    XCTAssertTrue(
      try String(contentsOfFile: summary, encoding: .utf8).contains("Verdict: **FAIL**"))
  }

  func testMalformedSchemaIs65WithThePath() throws {
    let directory = try makeTempDir(self)
    try "{\"columns\": [{\"name\": \"a\", \"type\": \"strng\"}]}".write(
      toFile: directory + "/s.json", atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      "validate-data", ["check", Self.penguins, "--schema", "s.json"], directory: directory)
    XCTAssertEqual(result.status, 65)
    XCTAssertEqual(
      result.stderr,
      "validate-data: error: s.json: columns[0].type: unknown type 'strng'; expected one of boolean, integer, float, string, datetime\n"
    )
  }
}
