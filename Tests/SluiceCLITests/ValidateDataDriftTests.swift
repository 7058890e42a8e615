import Foundation
import XCTest

/// `validate-data profile`, `merge` and `drift` as processes.
final class ValidateDataDriftTests: XCTestCase {
  static let penguins = ValidateDataTests.penguins

  func split(in directory: String) throws {
    let lines = try String(contentsOfFile: Self.penguins, encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: true)
    let header = String(lines[0])
    let body = lines.dropFirst().map(String.init)
    try ([header] + body.prefix(200)).joined(separator: "\n").appending("\n").write(
      toFile: directory + "/a.csv", atomically: true, encoding: .utf8)
    try ([header] + body.suffix(from: 200)).joined(separator: "\n").appending("\n").write(
      toFile: directory + "/b.csv", atomically: true, encoding: .utf8)
  }

  func testSameDataDoesNotDrift() throws {
    let result = try CLIRunner.run(
      "validate-data", ["drift", Self.penguins, "--reference", Self.penguins, "--json", "-"])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains("\"drifted\": false"), result.stdout)
    XCTAssertTrue(
      result.stderr.contains("no drift: 0 of 8 compared columns drifted"), result.stderr)
  }

  func testShiftedDataDriftsAndAProfileReferenceAgrees() throws {
    let directory = try makeTempDir(self)
    try split(in: directory)
    let direct = try CLIRunner.run(
      "validate-data", ["drift", "b.csv", "--reference", "a.csv", "--json", "-"],
      directory: directory)
    XCTAssertEqual(direct.status, 1, direct.stderr)
    let profile = try CLIRunner.run(
      "validate-data", ["profile", "a.csv", "-o", "a.profile.json"], directory: directory)
    XCTAssertEqual(profile.status, 0, profile.stderr)
    let viaProfile = try CLIRunner.run(
      "validate-data", ["drift", "b.csv", "--reference", "a.profile.json", "--json", "-"],
      directory: directory)
    XCTAssertEqual(viaProfile.status, 1)
    // While the sketches hold every value, a profile reference gives the same statistics.
    XCTAssertEqual(
      direct.stdout.replacingOccurrences(of: "a.csv", with: "REF"),
      viaProfile.stdout.replacingOccurrences(of: "a.profile.json", with: "REF"))
  }

  func testThresholdAndMethodFlags() throws {
    let directory = try makeTempDir(self)
    try split(in: directory)
    let lenient = try CLIRunner.run(
      "validate-data",
      [
        "drift", "b.csv", "--reference", "a.csv", "--method-threshold", "psi=100",
        "--method-threshold", "js=1",
      ],
      directory: directory)
    XCTAssertEqual(lenient.status, 0, lenient.stderr)
    let bad = try CLIRunner.run(
      "validate-data", ["drift", "b.csv", "--reference", "a.csv", "--numeric-method", "js"],
      directory: directory)
    XCTAssertEqual(bad.status, 64)
    XCTAssertTrue(
      bad.stderr.hasPrefix("validate-data: error: '--numeric-method' takes psi, ks or wasserstein"))
  }

  func testMergedShardProfilesEqualTheWholeProfile() throws {
    let directory = try makeTempDir(self)
    try split(in: directory)
    for name in ["a", "b"] {
      let result = try CLIRunner.run(
        "validate-data", ["profile", "\(name).csv", "-o", "\(name).json"], directory: directory)
      XCTAssertEqual(result.status, 0, result.stderr)
    }
    let merged = try CLIRunner.run(
      "validate-data", ["merge", "b.json", "a.json"], directory: directory)
    XCTAssertEqual(merged.status, 0, merged.stderr)
    let whole = try CLIRunner.run("validate-data", ["profile", Self.penguins])
    func summary(_ text: String) throws -> [[String: String]] {
      let document = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
      let columns = document?["columns"] as? [[String: Any]] ?? []
      return columns.map { column in
        var facts: [String: String] = [:]
        for key in ["name", "type", "count", "missing"] { facts[key] = "\(column[key] ?? "")" }
        if let numeric = column["numeric"] as? [String: Any] {
          for key in ["min", "max"] { facts[key] = "\(numeric[key] ?? "")" }
          let mean = numeric["mean"] as? Double ?? .nan
          facts["mean"] = String(format: "%.9g", mean)
        }
        return facts
      }
    }
    XCTAssertEqual(try summary(merged.stdout), try summary(whole.stdout))
  }

  func testNoComparableColumnIsAnError() throws {
    let directory = try makeTempDir(self)
    // Date-times are not compared.
    try "when\n2024-01-01\n".write(
      toFile: directory + "/dates.csv", atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      "validate-data", ["drift", "dates.csv", "--reference", "dates.csv"], directory: directory)
    XCTAssertEqual(result.status, 65)
    XCTAssertTrue(
      result.stderr.hasPrefix("validate-data: error: no column of dates.csv could be compared"),
      result.stderr)
  }

  func testDataSharingNoColumnDriftsInEveryColumn() throws {
    // Every reference column is missing from the data: each is drift, with its reason.
    let directory = try makeTempDir(self)
    try "x,y\n1,2\n".write(toFile: directory + "/other.csv", atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      "validate-data", ["drift", "other.csv", "--reference", Self.penguins], directory: directory)
    XCTAssertEqual(result.status, 1, result.stderr)
    XCTAssertTrue(result.stderr.contains("drift: 8 of 8 compared columns drifted"), result.stderr)
    XCTAssertTrue(result.stderr.contains("  species: missing from the current data"), result.stderr)
  }
}
