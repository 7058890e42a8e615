import Foundation
import XCTest

/// Issue 14, one JSON lexer: a bad token in a JSON Lines table and in a JSON file Sluice reads
/// fails with the same message, each at its own place (JSON Lines: line and field; JSON: line
/// and column).
final class RightByDefaultDedupeTests: XCTestCase {
  func testABadNumberFailsTheSameWayInJSONLinesAndInJSON() throws {
    let directory = try makeTempDir(self)
    try "{\"a\": 1, \"b\": 2}\n{\"a\": 3, \"b\": 01}\n".write(
      toFile: directory + "/d.jsonl", atomically: true, encoding: .utf8)
    try "{\n  \"sluice_schema_version\": 01\n}\n".write(
      toFile: directory + "/s.json", atomically: true, encoding: .utf8)
    let message = "error: leading zeros are not allowed in numbers"
    let lines = try CLIRunner.run(
      "validate-data", ["infer", "d.jsonl", "-o", "out.json"], directory: directory)
    XCTAssertEqual(lines.status, 65, lines.stderr)
    // Line 2, second field.
    XCTAssertTrue(lines.stderr.contains("d.jsonl:2:2: \(message)"), lines.stderr)
    let schema = try CLIRunner.run(
      "validate-data", ["check", "d.jsonl", "--schema", "s.json"], directory: directory)
    XCTAssertEqual(schema.status, 65, schema.stderr)
    // Line 2, column 28: the number's first digit.
    XCTAssertTrue(schema.stderr.contains("s.json:2:28: \(message)"), schema.stderr)
  }

  func testABadEscapeFailsTheSameWayInJSONLinesAndInJSON() throws {
    let directory = try makeTempDir(self)
    try "{\"a\": \"x\\qy\"}\n".write(
      toFile: directory + "/d.jsonl", atomically: true, encoding: .utf8)
    try "{\"a\": \"x\\qy\"}\n".write(
      toFile: directory + "/m.json", atomically: true, encoding: .utf8)
    let message = "error: invalid escape '\\q' in string"
    let lines = try CLIRunner.run(
      "validate-data", ["profile", "d.jsonl", "-o", "p.json"], directory: directory)
    XCTAssertEqual(lines.status, 65, lines.stderr)
    XCTAssertTrue(lines.stderr.contains("d.jsonl:1:1: \(message)"), lines.stderr)
    let model = try CLIRunner.run("predict", ["m.json", "d.jsonl"], directory: directory)
    XCTAssertEqual(model.status, 65, model.stderr)
    XCTAssertTrue(model.stderr.contains("m.json:1:9: \(message)"), model.stderr)
  }
}
