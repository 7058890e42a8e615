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

  // MARK: drift: missing and empty columns

  func testAMissingOrEmptyColumnIsDrift() throws {
    let directory = try makeTempDir(self)
    var generator = Generator(state: 5)
    var rows: [String] = []
    for _ in 0..<200 { rows.append("\(generator.normal()),\(["a", "b", "c"][generator.below(3)])") }
    try write("x,kind\n" + rows.joined(separator: "\n") + "\n", "ref.csv", in: directory)
    try write(
      "x\n" + rows.map { String($0.split(separator: ",")[0]) }.joined(separator: "\n") + "\n",
      "nokind.csv", in: directory)
    try write("x,kind\n", "header.csv", in: directory)
    _ = try CLIRunner.run(
      "validate-data", ["profile", "ref.csv", "-o", "ref.json"], directory: directory)
    for reference in ["ref.csv", "ref.json"] {
      let missing = try CLIRunner.run(
        "validate-data",
        ["drift", "nokind.csv", "--reference", reference, "--drift-share", "0.5", "--json", "-"],
        directory: directory)
      XCTAssertEqual(missing.status, 1, missing.stderr)
      XCTAssertTrue(
        missing.stderr.contains("drift: 1 of 2 compared columns drifted"), missing.stderr)
      XCTAssertTrue(
        missing.stderr.contains("  kind: missing from the current data"), missing.stderr)
      XCTAssertTrue(missing.stdout.contains("\"note\": \"missing from the current data\""))
      let empty = try CLIRunner.run(
        "validate-data", ["drift", "header.csv", "--reference", reference, "--markdown", "-"],
        directory: directory)
      XCTAssertEqual(empty.status, 1, empty.stderr)
      XCTAssertTrue(empty.stderr.contains("drift: 2 of 2 compared columns drifted"), empty.stderr)
      XCTAssertTrue(
        empty.stderr.contains("  x: no values in the current data (the reference has 200)"),
        empty.stderr)
      XCTAssertTrue(empty.stdout.contains("no values in the current data"), empty.stdout)
    }
    // Asking to skip the missing column still skips it.
    let skipped = try CLIRunner.run(
      "validate-data", ["drift", "nokind.csv", "--reference", "ref.csv", "--skip-column", "kind"],
      directory: directory)
    XCTAssertEqual(skipped.status, 0, skipped.stderr)
  }

  // MARK: drift: a table never drifts from its own profile

  /// A table of the shapes that drifted from their own profile: 300 categories in 20,000
  /// rows, number-like text ("1"…"6", "7+"), ZIP codes with and without "-NNNN", numbers
  /// mixed with words; `shift` moves every distribution.
  func writeTable(_ name: String, seed: UInt64, shift: Bool, in directory: String) throws {
    var generator = Generator(state: seed)
    var lines = ["category,children,zip,mixed,amount"]
    lines.reserveCapacity(20_001)
    for _ in 0..<20_000 {
      // Zipf-like over 300 categories.
      let u = generator.unit()
      let category = Int(300 * pow(u, shift ? 1.5 : 3)) % 300
      let children =
        generator.unit() < 0.003 ? "7+" : String(1 + generator.below(shift ? 3 : 6))
      var zip = String(94_100 + generator.below(shift ? 20 : 40))
      if generator.unit() < 0.2 { zip += "-" + String(1000 + generator.below(9000)) }
      let mixed =
        generator.unit() < 0.3
        ? ["none", "unknown", "n/a"][generator.below(3)] : String(generator.below(shift ? 5 : 10))
      let amount = 100 + 15 * generator.normal() + (shift ? 10 : 0)
      lines.append("c\(category),\(children),\(zip),\(mixed),\(amount)")
    }
    try write(lines.joined(separator: "\n") + "\n", name, in: directory)
  }

  struct Statistics {
    var kind: String
    var drifted: Bool
    var approximate: Bool
    var values: [String: Double]
  }

  func drift(_ data: String, _ reference: String, in directory: String) throws
    -> (status: Int32, columns: [String: Statistics])
  {
    let result = try CLIRunner.run(
      "validate-data", ["drift", data, "--reference", reference, "--json", "-"],
      directory: directory)
    let document = try json(result.stdout)
    let payload = document["result"] as? [String: Any]
    var columns: [String: Statistics] = [:]
    for column in payload?["columns"] as? [[String: Any]] ?? [] {
      let statistics = (column["statistics"] as? [String: Any] ?? [:]).compactMapValues {
        $0 as? Double
      }
      columns[column["name"] as? String ?? ""] = Statistics(
        kind: column["kind"] as? String ?? "", drifted: column["drifted"] as? Bool ?? true,
        approximate: column["approximate"] as? Bool ?? false, values: statistics)
    }
    return (result.status, columns)
  }

  func testATableNeverDriftsFromItsOwnProfileAndBothReferencesAgree() throws {
    let directory = try makeTempDir(self)
    var sketchedNumbers = 0
    for (seed, shift) in [(UInt64(1), false), (UInt64(2), true), (UInt64(3), false)] {
      let name = "t\(seed)"
      try writeTable(name + ".csv", seed: seed, shift: shift, in: directory)
      let profile = try CLIRunner.run(
        "validate-data", ["profile", name + ".csv", "-o", name + ".json"], directory: directory)
      XCTAssertEqual(profile.status, 0, profile.stderr)
      let profileJSON = try json(
        String(contentsOfFile: directory + "/" + name + ".json", encoding: .utf8))
      for reference in [name + ".json", name + ".csv"] {
        let own = try drift(name + ".csv", reference, in: directory)
        XCTAssertEqual(own.status, 0, "\(name) against \(reference)")
        XCTAssertEqual(
          Set(own.columns.keys), ["category", "children", "zip", "mixed", "amount"], name)
        for (column, statistics) in own.columns {
          XCTAssertFalse(statistics.drifted, "\(name).\(column) against \(reference)")
          XCTAssertEqual(
            statistics.kind, column == "amount" ? "numeric" : "categorical", "\(name).\(column)")
          // Numeric statistics against a sketch are within its rank error, not exact.
          guard statistics.kind == "categorical" else { continue }
          for key in ["js_distance", "l_infinity", "psi"] {
            if let value = statistics.values[key] {
              XCTAssertEqual(value, 0, accuracy: 1e-9, "\(name).\(column) \(key) (\(reference))")
            }
          }
        }
      }
      // Another table (a fresh draw, or a shifted one) against both forms of the reference.
      let other = "o\(seed).csv"
      try writeTable(other, seed: seed + 100, shift: seed == 3, in: directory)
      let viaData = try drift(other, name + ".csv", in: directory)
      let viaProfile = try drift(other, name + ".json", in: directory)
      XCTAssertEqual(viaData.status, viaProfile.status, other)
      for (column, exact) in viaData.columns {
        guard let sketched = viaProfile.columns[column] else {
          XCTFail("\(column) missing")
          continue
        }
        if !sketched.approximate {
          for (key, value) in exact.values where key != "ks_p_value" {
            XCTAssertEqual(
              sketched.values[key] ?? .nan, value, accuracy: 1e-9, "\(other).\(column) \(key)")
          }
          continue
        }
        // The documented bounds: each kept share within error/N, "other" within 64 × error/N
        // (one more error/N of slack for a boundary value kept by one reference only).
        let columns = profileJSON["columns"] as? [[String: Any]] ?? []
        let state = columns.first { $0["name"] as? String == column }?["state"] as? [String: Any]
        let frequent = state?["frequent"] as? [String: Any]
        let error = Double(frequent?["error"] as? Int ?? 0)
        // Number-like values in the quantile sketch: intervals of twice its PMF error.
        let sketch = state?["quantiles"] as? [String: Any]
        let pmf = 2.446 / pow(Double(sketch?["k"] as? Int ?? 200), 0.9433)
        let width = error + 2 * pmf * Double(sketch?["n"] as? Int ?? 0)
        let rows = Double(profileJSON["rows"] as? Int ?? 1)
        if let a = exact.values["l_infinity"], let b = sketched.values["l_infinity"] {
          XCTAssertLessThanOrEqual(abs(a - b), 65 * width / rows + 1e-9, "\(other).\(column)")
        }
      }
      // The cases that drifted from their own profile are sketched here, not exact.
      XCTAssertEqual(viaProfile.columns["category"]?.approximate, true)
      if viaProfile.columns["children"]?.approximate == true { sketchedNumbers += 1 }
      if seed == 3 {
        XCTAssertEqual(viaData.status, 1, "a shifted table drifts")
        XCTAssertEqual(viaData.columns["children"]?.drifted, true)
        XCTAssertEqual(viaProfile.columns["children"]?.drifted, true)
        XCTAssertEqual(viaProfile.columns["category"]?.drifted, true)
      }
    }
    XCTAssertGreaterThan(sketchedNumbers, 0, "number-like values past the quantile sketch")
  }

  func testBothReferencesLeaveTheSameMostlyDistinctColumnOut() throws {
    let directory = try makeTempDir(self)
    var generator = Generator(state: 9)
    var lines = ["code,x"]
    for _ in 0..<1000 { lines.append("k\(generator.below(1500)),\(generator.below(10))") }
    try write(lines.joined(separator: "\n") + "\n", "codes.csv", in: directory)
    _ = try CLIRunner.run(
      "validate-data", ["profile", "codes.csv", "-o", "codes.json"], directory: directory)
    for reference in ["codes.csv", "codes.json"] {
      let result = try drift("codes.csv", reference, in: directory)
      XCTAssertEqual(result.status, 0, reference)
      XCTAssertEqual(result.columns["code"]?.kind, "skipped", reference)
      XCTAssertEqual(result.columns["x"]?.kind, "numeric", reference)
    }
  }
}
