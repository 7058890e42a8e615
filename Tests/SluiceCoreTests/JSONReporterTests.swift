import SluiceCore
import XCTest

final class JSONReporterTests: XCTestCase {
  func testGoldenDocument() {
    let expected = """
      {
        "notes": [
          "Schema: schema.json."
        ],
        "result": {
          "findings": 4,
          "ratio": 0.5,
          "valid": false
        },
        "result_version": 1,
        "schema": "sluice-report/1",
        "summary": "2 of 4 rules failed.",
        "title": "Data check: train.csv",
        "tool": "validate-data check",
        "verdict": "fail"
      }

      """
    XCTAssertEqual(JSONReporter().render(ReporterSamples.report), expected)
  }

  func testVersionProblemRefusesOnlyNewerSluiceReports() throws {
    let current = JSONReporter().document(ReporterSamples.report)
    XCTAssertNil(JSONReporter.versionProblem(current))
    var members = current.objectValue ?? [:]
    members["result_version"] = 2
    XCTAssertEqual(
      JSONReporter.versionProblem(.object(members)),
      "result_version: format version 2 is newer than Sluice \(sluiceVersion) understands (1);"
        + " upgrade Sluice")
    members["result_version"] = 1
    members["schema"] = "sluice-report/2"
    XCTAssertTrue(
      JSONReporter.versionProblem(.object(members))?.hasPrefix("schema: format version 2") == true)
    // Not Sluice's: another tool's "schema" member, or none.
    XCTAssertNil(JSONReporter.versionProblem(["schema": "other/9", "result_version": 9]))
    XCTAssertNil(JSONReporter.versionProblem(["accuracy": 0.9]))
  }

  func testRoundTripsThroughTheParserWithHostileText() throws {
    var report = ReporterSamples.report
    report.title = ReporterSamples.hostile
    report.notes = []
    report.payload = ["text": .string(ReporterSamples.hostile), "list": [1, 2.5, .null]]
    let text = JSONReporter().render(report)
    let parsed = try JSONParser.parse(text, file: "report.json")
    XCTAssertEqual(parsed, JSONReporter().document(report))
    XCTAssertEqual(parsed["title"]?.stringValue, ReporterSamples.hostile)
    XCTAssertEqual(parsed["result"]?["text"]?.stringValue, ReporterSamples.hostile)
    XCTAssertEqual(parsed["notes"], .array([]))
  }

  func testNonFiniteNumbersBecomeNull() {
    var report = ReporterSamples.report
    report.payload = ["auc": .double(.nan), "loss": .double(-.infinity)]
    let text = JSONReporter().render(report)
    XCTAssertTrue(text.contains("\"auc\": null"), text)
    XCTAssertTrue(text.contains("\"loss\": null"), text)
  }

  func testEveryVerdictIsItsRawValue() throws {
    for verdict in Verdict.allCases {
      var report = ReporterSamples.report
      report.verdict = verdict
      let parsed = try JSONParser.parse(JSONReporter().render(report), file: "-")
      XCTAssertEqual(parsed["verdict"]?.stringValue, verdict.rawValue)
    }
  }

  func testDeterministicWhateverTheDictionaryOrder() {
    var members: [String: JSONValue] = [:]
    for index in (0..<200).reversed() { members["k\(index)"] = .int(Int64(index)) }
    var first = ReporterSamples.report
    first.payload = .object(members)
    var second = ReporterSamples.report
    second.payload = .object(Dictionary(uniqueKeysWithValues: members.sorted { $0.key < $1.key }))
    XCTAssertEqual(JSONReporter().render(first), JSONReporter().render(second))
  }
}
