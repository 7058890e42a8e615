import Foundation
import XCTest

/// Issue 12, "a gate that cannot pass a regression by accident": the decision rule with
/// intervals, a missing baseline said out loud, messages naming only gate's options, and
/// gate's `--resamples` and `--id`.
final class RightByDefaultGateTests: XCTestCase {
  func write(_ text: String, _ name: String, in directory: String) throws {
    try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
  }

  func read(_ name: String, in directory: String) throws -> String {
    try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
  }

  func git(_ args: [String], in directory: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["git", "-c", "user.name=t", "-c", "user.email=t@e", "-c", "init.defaultBranch=main"] + args
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "git \(args)")
  }

  /// Binary predictions of 142 rows as predict writes them (`row` first); the rows below
  /// `errors` are predicted wrong, so both models err on the same first rows.
  func predictions(errors: Int, rows: Int = 142, firstColumn: String = "row", idPrefix: String = "")
    -> String
  {
    var csv = "\(firstColumn),prediction,proba_0,proba_1,target\n"
    for row in 0..<rows {
      let label = row % 3 == 0 ? 1 : 0
      let predicted = row < errors ? 1 - label : label
      let p1 = predicted == 1 ? 0.8 : 0.2
      csv += "\(idPrefix)\(row + 1),\(predicted),\(1 - p1),\(p1),\(label)\n"
    }
    return csv
  }

  /// The issue's case: accuracy falls from 135/142 = 0.951 to 126/142 = 0.887. Without
  /// predictions the rule fails; with paired predictions the interval straddles the margin
  /// (it passed as "inconclusive", exit 0); now the point values decide: it fails, marked
  /// inconclusive in every report.
  func testARegressionFailsWithPairedPredictionsAsWithoutThem() throws {
    let directory = try makeTempDir(self)
    try write(predictions(errors: 7), "b.csv", in: directory)
    try write(predictions(errors: 16), "c.csv", in: directory)
    try write(#"{"accuracy": 0.9507042253521126}"#, "b.json", in: directory)
    try write(#"{"accuracy": 0.8873239436619719}"#, "c.json", in: directory)
    let rule = ["--rule", "accuracy >= baseline - 0.05"]
    let point = try CLIRunner.run(
      "gate", ["c.json", "--baseline", "b.json"] + rule, directory: directory)
    XCTAssertEqual(point.status, 1, point.stderr)
    let paired = try CLIRunner.run(
      "gate",
      [
        "c.json", "--baseline", "b.json", "--predictions", "c.csv", "--baseline-predictions",
        "b.csv",
      ]
        + rule + ["--json", "g.json", "--markdown", "g.md", "--junit", "g.xml"],
      directory: directory)
    XCTAssertEqual(paired.status, 1, paired.stderr)
    XCTAssertTrue(paired.stderr.hasPrefix("gate: FAIL"), paired.stderr)
    XCTAssertTrue(
      paired.stderr.contains("1 check: 1 failed (1 inconclusive), 0 errors, 0 skipped, 0 passed."),
      paired.stderr)
    XCTAssertTrue(
      paired.stderr.contains("[fail] accuracy/accuracy >= baseline - 0.05: inconclusive: 95%"),
      paired.stderr)
    XCTAssertTrue(paired.stderr.contains("so the point values decide"), paired.stderr)
    let json = try read("g.json", in: directory)
    XCTAssertTrue(json.contains(#""verdict": "fail""#), json)
    XCTAssertTrue(json.contains(#""inconclusive": true"#), json)
    XCTAssertTrue(json.contains(#""inconclusive": 1"#), json)
    XCTAssertTrue(json.contains(#""method": "paired-bootstrap""#), json)
    let markdown = try read("g.md", in: directory)
    XCTAssertTrue(markdown.contains("| fail (inconclusive) |"), markdown)
    XCTAssertTrue(markdown.contains("1 inconclusive: the interval straddles"), markdown)
    let junit = try read("g.xml", in: directory)
    XCTAssertTrue(junit.contains(#"failures="1""#), junit)
    XCTAssertTrue(junit.contains(#"<failure message="inconclusive: 95% interval"#), junit)
    // --strict fails an inconclusive pass too: a 0.07 tolerance passes on the point values.
    let lenient = ["--rule", "accuracy >= baseline - 0.07"]
    let pairs = ["--predictions", "c.csv", "--baseline-predictions", "b.csv"]
    let pass = try CLIRunner.run(
      "gate", ["c.json", "--baseline", "b.json"] + pairs + lenient, directory: directory)
    XCTAssertEqual(pass.status, 0, pass.stderr)
    XCTAssertTrue(pass.stderr.contains("1 passed (1 inconclusive)"), pass.stderr)
    XCTAssertTrue(pass.stderr.contains("[inconclusive] accuracy/"), pass.stderr)
    let strict = try CLIRunner.run(
      "gate", ["c.json", "--baseline", "b.json", "--strict"] + pairs + lenient,
      directory: directory)
    XCTAssertEqual(strict.status, 1, strict.stderr)
    XCTAssertTrue(strict.stderr.contains("--strict: an inconclusive result fails"), strict.stderr)
  }

  /// The same drop with the bootstrap intervals `evaluate --bootstrap` writes: it fails.
  func testARegressionFailsWithPublishedIntervals() throws {
    let directory = try makeTempDir(self)
    try write(predictions(errors: 7), "b.csv", in: directory)
    try write(predictions(errors: 16), "c.csv", in: directory)
    for name in ["b", "c"] {
      let result = try CLIRunner.run(
        "evaluate",
        [
          "--predictions", "\(name).csv", "--target", "target", "--bootstrap", "200", "-o",
          "\(name).json",
        ],
        directory: directory)
      XCTAssertEqual(result.status, 0, result.stderr)
    }
    let result = try CLIRunner.run(
      "gate",
      [
        "c.json", "--baseline", "b.json", "--rule", "accuracy >= baseline - 0.05",
        "--json", "-",
      ],
      directory: directory)
    XCTAssertEqual(result.status, 1, result.stderr)
    XCTAssertTrue(result.stdout.contains(#""method": "ci-quadrature""#), result.stdout)
    XCTAssertTrue(result.stdout.contains(#""inconclusive": true"#), result.stdout)
    XCTAssertTrue(result.stdout.contains(#""verdict": "fail""#), result.stdout)
  }

  func testAMissingBaselineIsSaidOutLoud() throws {
    let directory = try makeTempDir(self)
    try git(["init", "-q"], in: directory)
    try write(#"{"accuracy": 0.9}"#, "other.json", in: directory)
    try git(["add", "."], in: directory)
    try git(["commit", "-q", "-m", "first"], in: directory)
    try write(#"{"accuracy": 0.9}"#, "metrics.json", in: directory)
    let rule = ["--rule", "accuracy >= baseline - 0.01"]
    // A path in neither the revision nor the working tree: a typo, not a first run.
    var result = try CLIRunner.run(
      "gate", ["metrics.json", "--baseline-ref", "main:metrcs.json"] + rule, directory: directory)
    XCTAssertEqual(result.status, 66, result.stderr)
    XCTAssertTrue(
      result.stderr.contains("'metrcs.json' exists neither at main nor in the working tree"),
      result.stderr)
    // In the working tree but not yet at the revision: a first run, stated.
    result = try CLIRunner.run(
      "gate", ["metrics.json", "--baseline-ref", "main:metrics.json", "--json", "-"] + rule,
      directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(
      result.stderr.contains(
        "gate: warning: skipped 'accuracy >= baseline - 0.01': first run: 'metrics.json' does not exist at main yet"
      ), result.stderr)
    XCTAssertTrue(result.stdout.contains("First run: no baseline"), result.stdout)
    // Baseline predictions: the same rule.
    try write(#"{"accuracy": 0.9}"#, "b.json", in: directory)
    try write(predictions(errors: 7), "c.csv", in: directory)
    result = try CLIRunner.run(
      "gate",
      [
        "metrics.json", "--baseline", "b.json", "--predictions", "c.csv",
        "--baseline-predictions", "main:nope.csv",
      ] + rule,
      directory: directory)
    XCTAssertEqual(result.status, 66, result.stderr)
    XCTAssertTrue(result.stderr.contains("'nope.csv' exists neither at main"), result.stderr)
    // No baseline at all: a baseline rule is a usage error unless --first-run says so.
    result = try CLIRunner.run("gate", ["metrics.json"] + rule, directory: directory)
    XCTAssertEqual(result.status, 64, result.stderr)
    XCTAssertTrue(result.stderr.contains("needs a baseline"), result.stderr)
    result = try CLIRunner.run(
      "gate", ["metrics.json", "--first-run", "--markdown", "-"] + rule, directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stderr.contains("first run: --first-run given"), result.stderr)
    XCTAssertTrue(result.stdout.contains("first run: --first-run given"), result.stdout)
    result = try CLIRunner.run(
      "gate", ["metrics.json", "--first-run", "--baseline", "b.json"] + rule,
      directory: directory)
    XCTAssertEqual(result.status, 64, result.stderr)
    // An unreadable champion: a directory, and broken JSON.
    try FileManager.default.createDirectory(
      atPath: directory + "/champion", withIntermediateDirectories: true)
    result = try CLIRunner.run(
      "gate", ["metrics.json", "--baseline", "champion"] + rule, directory: directory)
    XCTAssertEqual(result.status, 66, result.stderr)
    try write(#"{"accuracy": "#, "broken.json", in: directory)
    result = try CLIRunner.run(
      "gate", ["metrics.json", "--baseline", "broken.json"] + rule, directory: directory)
    XCTAssertEqual(result.status, 65, result.stderr)
  }

  func testABaselineWithoutTheRuledMetricsIsAnErrorAndANewMetricIsSkipped() throws {
    let directory = try makeTempDir(self)
    try write(#"{"accuracy": 0.9, "f1": 0.8}"#, "c.json", in: directory)
    try write("{}", "empty.json", in: directory)
    try write(#"{"accuracy": 0.9}"#, "b.json", in: directory)
    let rules = ["--rule", "accuracy >= baseline - 0.01", "--rule", "f1 >= baseline - 0.01"]
    var result = try CLIRunner.run(
      "gate", ["c.json", "--baseline", "empty.json"] + rules, directory: directory)
    XCTAssertEqual(result.status, 65, result.stderr)
    XCTAssertTrue(
      result.stderr.contains("the baseline empty.json holds none of the ruled metrics"),
      result.stderr)
    result = try CLIRunner.run(
      "gate",
      [
        "c.json", "--baseline", "b.json", "--json", "g.json", "--junit", "g.xml", "--markdown",
        "g.md",
      ] + rules,
      directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    let reason = "new metric: 'f1' is in c.json but not in b.json"
    XCTAssertTrue(
      result.stderr.contains("gate: warning: skipped 'f1 >= baseline - 0.01': \(reason)"),
      result.stderr)
    XCTAssertTrue(
      result.stderr.contains("2 checks: 0 failed, 0 errors, 1 skipped, 1 passed."), result.stderr)
    for file in ["g.json", "g.xml", "g.md"] {
      let text = try read(file, in: directory)
        .replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&#39;", with: "'")
      XCTAssertTrue(text.contains(reason), "\(file): \(text)")
    }
  }

  /// A predictions file without prediction or probability columns is a data error (65), and
  /// the message names no option gate lacks.
  func testPredictionsWithoutScoreColumnsNameOnlyGatesOptions() throws {
    let directory = try makeTempDir(self)
    try write(#"{"accuracy": 0.9}"#, "c.json", in: directory)
    try write("row,target\n1,0\n2,1\n", "p.csv", in: directory)
    try write("row,prediction,target\n1,0,0\n2,1,1\n3,2,2\n4,3,3\n", "q.csv", in: directory)
    for file in ["p.csv", "q.csv"] {
      let result = try CLIRunner.run(
        "gate",
        [
          "c.json", "--baseline", "c.json", "--rule", "accuracy >= baseline", "--predictions",
          file, "--baseline-predictions", file,
        ],
        directory: directory)
      XCTAssertEqual(result.status, 65, result.stderr)
      for foreign in ["--prediction ", "--prediction,", "--score", "--proba-prefix", "--task"] {
        XCTAssertFalse(result.stderr.contains(foreign), "\(file): \(result.stderr)")
      }
    }
  }

  /// Every `--x` in gate's messages (its sources' string literals) is one of gate's options,
  /// except git's own arguments and the git command gate suggests for a shallow clone.
  func testEveryOptionGateMentionsIsGatesOwn() throws {
    let help = try CLIRunner.run("gate", ["--help"])
    XCTAssertEqual(help.status, 0)
    let root = ReadmeExamplesTests.repositoryRoot.path
    let files =
      try FileManager.default.contentsOfDirectory(atPath: root + "/Sources/SluiceGate").map {
        root + "/Sources/SluiceGate/" + $0
      }
      + ["GateTool.swift", "GateTool+Paired.swift"].map { root + "/Sources/SluiceCommands/" + $0 }
    let git: Set<String> = [
      "--git-dir", "--verify", "--quiet", "--end-of-options", "--is-shallow-repository",
      "--no-textconv", "--show-toplevel", "--depth",
    ]
    let pattern = try NSRegularExpression(pattern: "--[a-z][a-z0-9-]*")
    var checked = 0
    for file in files where file.hasSuffix(".swift") {
      let text = try String(contentsOfFile: file, encoding: .utf8)
      for line in text.components(separatedBy: "\n") where line.contains("\"") {
        let range = NSRange(line.startIndex..., in: line)
        for match in pattern.matches(in: line, range: range) {
          guard let found = Range(match.range, in: line) else { continue }
          let name = String(line[found])
          if git.contains(name) { continue }
          checked += 1
          XCTAssertTrue(
            help.stdout.contains(" \(name) ") || help.stdout.contains(" \(name)\n"),
            "\(file): '\(name)' is not an option of gate")
        }
      }
    }
    XCTAssertGreaterThan(checked, 20)
    for gone in ["--bootstrap", "(default: the first column)"] {
      XCTAssertFalse(help.stdout.contains(gone), gone)
    }
  }

  /// `--resamples` names the paired bootstrap's rounds (`--bootstrap` is evaluate's interval
  /// option); `--id` defaults to row numbers (the `row` column), as in predict and evaluate.
  func testResamplesAndId() throws {
    let directory = try makeTempDir(self)
    try write(#"{"accuracy": 0.9}"#, "c.json", in: directory)
    try write(
      predictions(errors: 7, rows: 30, firstColumn: "patient", idPrefix: "a"), "b.csv",
      in: directory)
    try write(
      predictions(errors: 7, rows: 30, firstColumn: "patient", idPrefix: "b"), "c.csv",
      in: directory)
    let base = [
      "c.json", "--baseline", "c.json", "--rule", "accuracy >= baseline", "--predictions",
      "c.csv", "--baseline-predictions", "b.csv", "--json", "-",
    ]
    var result = try CLIRunner.run("gate", base + ["--bootstrap", "50"], directory: directory)
    XCTAssertEqual(result.status, 64, result.stderr)
    // The first column is not an id unless named: rows are matched by number.
    result = try CLIRunner.run("gate", base + ["--resamples", "50"], directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains(#""resamples": 50"#), result.stdout)
    XCTAssertTrue(result.stdout.contains("aligned by row number"), result.stdout)
    result = try CLIRunner.run(
      "gate", base + ["--resamples", "50", "--id", "patient"], directory: directory)
    XCTAssertEqual(result.status, 65, result.stderr)
    XCTAssertTrue(result.stderr.contains("prediction ids differ"), result.stderr)
    // predict's `row` column, in another order, is still matched row for row.
    let lines = predictions(errors: 7).split(separator: "\n")
    try write(
      ([lines[0]] + lines.dropFirst().reversed()).joined(separator: "\n") + "\n", "b.csv",
      in: directory)
    try write(predictions(errors: 7), "c.csv", in: directory)
    result = try CLIRunner.run("gate", base + ["--resamples", "50"], directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
  }

  func testSummaryPluralsAndHelpExitCodes() throws {
    let directory = try makeTempDir(self)
    try write(#"{"accuracy": 0.9}"#, "c.json", in: directory)
    let result = try CLIRunner.run(
      "gate", ["c.json", "--rule", "acc >= 0.5"], directory: directory)
    XCTAssertEqual(result.status, 1, result.stderr)
    XCTAssertTrue(
      result.stderr.contains("1 check: 0 failed, 1 error, 0 skipped, 0 passed."), result.stderr)
    let help = try CLIRunner.run("gate", ["--help"])
    let codes = help.stdout.components(separatedBy: "EXIT CODES:").last ?? ""
    let listed = codes.split(separator: "\n").compactMap {
      Int($0.split(separator: " ").first ?? "")
    }
    XCTAssertEqual(listed, [0, 1, 64, 65, 66, 70, 73, 74], codes)
  }
}
