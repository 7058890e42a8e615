import Foundation
import XCTest

/// Issue 14, one JSON parser: `gate` reads Python's bare NaN and Infinity with the parser
/// itself (no token patcher re-parsing a copy), so a syntax error elsewhere in such a file is
/// reported where it is.
final class OneImplementationJSONTests: XCTestCase {
  func testSyntaxErrorAfterABareNaNIsReportedWhereItIs() throws {
    let directory = try makeTempDir(self)
    try "{\"loss\": NaN,\n \"auc\": [1 2]}".write(
      toFile: directory + "/m.json", atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      "gate", ["m.json", "--rule", "auc >= 0.5"], directory: directory)
    XCTAssertEqual(result.status, 65, result.stderr)
    XCTAssertTrue(
      result.stderr.contains("m.json:2:12: error: expected ',' or ']' after array element"),
      result.stderr)
  }

  func testBareNaNStillFailsOnlyItsOwnRule() throws {
    let directory = try makeTempDir(self)
    try "{\"loss\": NaN, \"auc\": 0.9}".write(
      toFile: directory + "/m.json", atomically: true, encoding: .utf8)
    let good = try CLIRunner.run("gate", ["m.json", "--rule", "auc >= 0.5"], directory: directory)
    XCTAssertEqual(good.status, 0, good.stderr)
    let bad = try CLIRunner.run("gate", ["m.json", "--rule", "loss <= 1"], directory: directory)
    XCTAssertNotEqual(bad.status, 0, bad.stderr)
    XCTAssertTrue(bad.stderr.contains("NaN"), bad.stderr)
  }
}
