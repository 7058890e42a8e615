import Foundation
import XCTest

/// Issue 12, validate-data: inferred ranges accept fresh data, drift sees missing and empty
/// columns and never drifts from its own profile, one meaning per option name, honest exit
/// codes and a PR-comment marker.
final class RightByDefaultValidateTests: XCTestCase {
  /// A deterministic generator (SplitMix64) so every run writes the same files.
  struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
      let u = max(unit(), 1e-300)
      return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  }

  func write(_ text: String, _ name: String, in directory: String) throws {
    try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
  }

  func json(_ text: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
  }

  // MARK: inferred bounds

  /// A train/test split of one distribution, the extremes in the held-out part (as a random
  /// split of breast cancer puts them).
  func writeSplit(in directory: String) throws {
    var generator = Generator(state: 12)
    var rows: [String] = []
    for _ in 0..<500 {
      let radius = 14 + 3.5 * generator.normal()
      let count = 20 + generator.below(30)
      rows.append("\(radius),\(count)")
    }
    try write("radius,count\n" + rows.joined(separator: "\n") + "\n", "train.csv", in: directory)
    let held = ["31.5,55", "0.5,19", "14.1,25"]
    try write("radius,count\n" + held.joined(separator: "\n") + "\n", "test.csv", in: directory)
  }

  func testAnInferredSchemaAcceptsTheHeldOutSplitAndWarnsOfTheRange() throws {
    let directory = try makeTempDir(self)
    try writeSplit(in: directory)
    let infer = try CLIRunner.run(
      "validate-data", ["infer", "train.csv", "-o", "schema.json"], directory: directory)
    XCTAssertEqual(infer.status, 0, infer.stderr)
    let schema = try String(contentsOfFile: directory + "/schema.json", encoding: .utf8)
    let columns = try json(schema)["columns"] as? [[String: Any]] ?? []
    XCTAssertEqual(columns.count, 2)
    for column in columns {
      XCTAssertNil(column["min"], "\(column)")
      XCTAssertNil(column["max"], "\(column)")
      let observed = column["observed"] as? [String: Any]
      XCTAssertNotNil(observed?["min"], "\(column)")
      XCTAssertNotNil(observed?["max"], "\(column)")
    }
    let check = try CLIRunner.run(
      "validate-data",
      ["check", "test.csv", "--schema", "schema.json", "--json", "r.json", "--markdown", "r.md"],
      directory: directory)
    XCTAssertEqual(check.status, 0, check.stderr)
    XCTAssertTrue(check.stderr.contains("valid: 3 rows, no findings"), check.stderr)
    XCTAssertTrue(
      check.stderr.contains("validate-data: warning: radius: 1 value below the observed min"),
      check.stderr)
    XCTAssertTrue(check.stderr.contains("1 value above the observed max"), check.stderr)
    XCTAssertTrue(check.stderr.contains("a drift signal, not a finding"), check.stderr)
    let report = try json(String(contentsOfFile: directory + "/r.json", encoding: .utf8))
    let result = report["result"] as? [String: Any]
    XCTAssertEqual(result?["valid"] as? Bool, true)
    XCTAssertEqual(result?["findings_total"] as? Int, 0)
    let outside = result?["outside_observed_range"] as? [[String: Any]] ?? []
    XCTAssertEqual(outside.map { $0["column"] as? String }, ["radius", "count"])
    XCTAssertEqual(outside.first?["below"] as? Int, 1)
    XCTAssertEqual(outside.first?["above"] as? Int, 1)
    XCTAssertEqual(outside.first?["first_line"] as? Int, 2)
    let markdown = try String(contentsOfFile: directory + "/r.md", encoding: .utf8)
    XCTAssertTrue(markdown.contains("Warning: radius: 1 value below"), markdown)
  }

  func testABoundAPersonWritesStaysAHardLimit() throws {
    let directory = try makeTempDir(self)
    try writeSplit(in: directory)
    // The shape of schemas written before `observed`: min and max are limits, as always.
    try write(
      """
      {"columns": [{"name": "radius", "type": "float", "min": 0, "max": 30},
                   {"name": "count", "type": "integer", "observed": {"min": 20, "max": 49}}]}
      """, "schema.json", in: directory)
    let check = try CLIRunner.run(
      "validate-data", ["check", "test.csv", "--schema", "schema.json"], directory: directory)
    XCTAssertEqual(check.status, 1, check.stderr)
    XCTAssertTrue(
      check.stderr.contains(
        "test.csv:2:1: error: [max] radius: value '31.5' is above the maximum 30"),
      check.stderr)
    XCTAssertTrue(check.stderr.contains("invalid: 1 finding in 1 column (3 rows)"), check.stderr)
    XCTAssertTrue(
      check.stderr.contains(
        "warning: count: 1 value below the observed min 20 (down to 19) and 1 value above the observed max 49 (up to 55)"
      ), check.stderr)
  }

  func testUpdateKeepsWrittenLimitsAndRefreshesTheObservedRange() throws {
    let directory = try makeTempDir(self)
    try writeSplit(in: directory)
    try write(
      """
      {"columns": [{"name": "radius", "type": "float", "max": 40},
                   {"name": "count", "type": "integer", "observed": {"min": 0, "max": 1}}]}
      """, "schema.json", in: directory)
    let update = try CLIRunner.run(
      "validate-data", ["infer", "test.csv", "--update", "schema.json"], directory: directory)
    XCTAssertEqual(update.status, 0, update.stderr)
    let columns = try json(update.stdout)["columns"] as? [[String: Any]] ?? []
    XCTAssertEqual(columns.first?["max"] as? Int, 40)
    XCTAssertEqual(columns.first?["observed"] as? [String: Double], ["min": 0.5, "max": 31.5])
    XCTAssertEqual(columns.last?["observed"] as? [String: Int], ["min": 19, "max": 55])
    let bad = """
      {"columns": [{"name": "count", "type": "integer", "observed": {"max": "high"}}]}
      """
    try write(bad, "bad.json", in: directory)
    let refused = try CLIRunner.run(
      "validate-data", ["check", "test.csv", "--schema", "bad.json"], directory: directory)
    XCTAssertEqual(refused.status, 65, refused.stderr)
    XCTAssertTrue(refused.stderr.contains("columns[0].observed.max"), refused.stderr)
  }

  // MARK: options, exit codes, marker

  func testDriftNamesItsPerMethodThresholdApart() throws {
    let help = try CLIRunner.run("validate-data", ["drift", "--help"])
    XCTAssertEqual(help.status, 0)
    XCTAssertTrue(help.stdout.contains("--method-threshold"), help.stdout)
    XCTAssertFalse(help.stdout.contains("--threshold "), help.stdout)
    let directory = try makeTempDir(self)
    try writeSplit(in: directory)
    let old = try CLIRunner.run(
      "validate-data", ["drift", "test.csv", "--reference", "train.csv", "--threshold", "psi=9"],
      directory: directory)
    XCTAssertEqual(old.status, 64, old.stderr)
    let renamed = try CLIRunner.run(
      "validate-data",
      [
        "drift", "test.csv", "--reference", "train.csv", "--method-threshold", "psi=99",
        "--json", "-",
      ], directory: directory)
    XCTAssertNotEqual(renamed.status, 64, renamed.stderr)
    XCTAssertTrue(renamed.stdout.contains("\"threshold\": 99"), renamed.stdout)
  }

  func testEachSubcommandListsOnlyTheExitCodesItCanReturn() throws {
    func codes(_ arguments: [String]) throws -> [String] {
      let help = try CLIRunner.run("validate-data", arguments + ["--help"])
      XCTAssertEqual(help.status, 0)
      guard let range = help.stdout.range(of: "EXIT CODES:\n") else { return [] }
      return help.stdout[range.upperBound...].split(separator: "\n").compactMap {
        $0.split(separator: " ").first.map(String.init)
      }
    }
    for writer in ["infer", "profile", "merge"] {
      XCTAssertEqual(try codes([writer]), ["0", "64", "65", "66", "70", "73", "74"], writer)
    }
    for judge in ["check", "drift"] {
      XCTAssertEqual(try codes([judge]), ["0", "1", "64", "65", "66", "70", "73", "74"], judge)
    }
    let top = try CLIRunner.run("validate-data", ["--help"])
    XCTAssertTrue(top.stdout.contains("1   check: the data violates the schema; drift: drift"))
  }

  func testCheckAndDriftMarkdownCarryTheCommentMarker() throws {
    let directory = try makeTempDir(self)
    try writeSplit(in: directory)
    _ = try CLIRunner.run(
      "validate-data", ["infer", "train.csv", "-o", "schema.json"], directory: directory)
    let check = try CLIRunner.run(
      "validate-data", ["check", "test.csv", "--schema", "schema.json", "--markdown", "check.md"],
      directory: directory)
    XCTAssertEqual(check.status, 0, check.stderr)
    let checkMarkdown = try String(contentsOfFile: directory + "/check.md", encoding: .utf8)
    XCTAssertTrue(
      checkMarkdown.hasPrefix("<!-- sluice-validate-data-check -->\n"), checkMarkdown)
    let drift = try CLIRunner.run(
      "validate-data", ["drift", "train.csv", "--reference", "train.csv", "--markdown", "d.md"],
      directory: directory)
    XCTAssertEqual(drift.status, 0, drift.stderr)
    let driftMarkdown = try String(contentsOfFile: directory + "/d.md", encoding: .utf8)
    XCTAssertTrue(
      driftMarkdown.hasPrefix("<!-- sluice-validate-data-drift -->\n"), driftMarkdown)
  }
}
