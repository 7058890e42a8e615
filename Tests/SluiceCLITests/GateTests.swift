import Foundation
import XCTest

/// `gate` as a process: verdicts, exit codes, reports, git baselines and paired predictions.
final class GateTests: XCTestCase {
  let candidate =
    #"{"roc_auc": 0.84, "accuracy": 0.80, "slices": {"region": {"north": {"accuracy": 0.71}, "south": {"accuracy": 0.62}}}}"#
  let baseline =
    #"{"roc_auc": 0.85, "accuracy": 0.81, "slices": {"region": {"north": {"accuracy": 0.70}, "south": {"accuracy": 0.70}}}}"#

  func write(_ text: String, _ name: String, in directory: String) throws -> String {
    let path = directory + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @discardableResult
  func git(_ args: [String], in directory: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["git", "-c", "user.name=t", "-c", "user.email=t@e", "-c", "init.defaultBranch=main"] + args
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "git \(args)")
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func testPassAndFailWithEveryReport() throws {
    let directory = try makeTempDir(self)
    _ = try write(candidate, "c.json", in: directory)
    _ = try write(baseline, "b.json", in: directory)
    _ = try write(
      "# quality gate\nroc_auc >= baseline - 0.02\nslices.region.*.accuracy >= baseline - 0.05\n",
      "gate.rules", in: directory)
    let arguments = [
      "c.json", "--baseline", "b.json", "--rules", "gate.rules", "--json", "g.json", "--junit",
      "g.xml", "--markdown", "g.md",
    ]
    let result = try CLIRunner.run("gate", arguments, directory: directory)
    XCTAssertEqual(result.status, 1, result.stderr)
    XCTAssertTrue(result.stderr.hasPrefix("gate: FAIL: Gate: c.json vs b.json"), result.stderr)
    XCTAssertTrue(
      result.stderr.contains("3 checks: 1 failed, 0 errors, 0 skipped, 2 passed."),
      result.stderr)
    let json = try String(contentsOfFile: directory + "/g.json", encoding: .utf8)
    XCTAssertTrue(json.contains("\"schema\": \"sluice-report/1\""), json)
    XCTAssertTrue(json.contains("\"metric\": \"slices.region.south.accuracy\""), json)
    let xml = try String(contentsOfFile: directory + "/g.xml", encoding: .utf8)
    XCTAssertTrue(xml.contains("tests=\"3\" failures=\"1\""), xml)
    XCTAssertTrue(
      xml.contains(
        "<testcase classname=\"slices.region.south.accuracy\" name=\"slices.region.south.accuracy &gt;= baseline - 0.05\">"
      ), xml)
    let markdown = try String(contentsOfFile: directory + "/g.md", encoding: .utf8)
    XCTAssertTrue(
      markdown.hasPrefix("<!-- sluice-gate -->\n### Gate: c.json vs b.json\n"), markdown)
    XCTAssertTrue(
      markdown.contains(
        "| slices.region.south.accuracy | 0.7 | 0.62 | -0.08 | slices.region.south.accuracy &gt;= baseline - 0.05 | fail |"
      ),
      markdown)
    // Byte-stable: the same run writes the same bytes.
    let again = try CLIRunner.run(
      "gate", arguments.map { $0.replacingOccurrences(of: "g.", with: "h.") }, directory: directory)
    XCTAssertEqual(again.status, 1)
    for ext in ["json", "xml", "md"] {
      XCTAssertEqual(
        try Data(contentsOf: URL(fileURLWithPath: directory + "/g." + ext)),
        try Data(contentsOf: URL(fileURLWithPath: directory + "/h." + ext)), ext)
    }
    let pass = try CLIRunner.run(
      "gate", ["c.json", "--baseline", "b.json", "--rule", "roc_auc >= baseline - 0.02"],
      directory: directory)
    XCTAssertEqual(pass.status, 0, pass.stderr)
    XCTAssertTrue(pass.stderr.hasPrefix("gate: PASS"), pass.stderr)
  }

  func testErrorsAndTheirExitCodes() throws {
    let directory = try makeTempDir(self)
    _ = try write(candidate, "c.json", in: directory)
    _ = try write("roc_auc >= 0.8\nroc_auc => 0.8\n", "bad.rules", in: directory)
    _ = try write("{\"roc_auc\": 0.8,}", "broken.json", in: directory)
    let cases: [([String], Int32, String)] = [
      (["c.json", "--baseline", "typo.json", "--rule", "roc_auc >= baseline"], 66, "typo.json"),
      (["c.json"], 64, "no rules"),
      (["c.json", "--rule", "roc_auc >> 1"], 64, "--rule 1:1:9: error: expected an operator"),
      (["c.json", "--rules", "bad.rules"], 65, "bad.rules:2:9: error: expected an operator"),
      (["broken.json", "--rule", "roc_auc >= 0.8"], 65, "broken.json:1:"),
      (["missing.json", "--rule", "roc_auc >= 0.8"], 66, "missing.json"),
      (["c.json", "--rule", "a >= 1", "--correction", "bonferroni"], 64, "expected none or holm"),
      (
        ["c.json", "--rule", "a >= 1", "--baseline", "c.json", "--baseline-ref", "x:y"], 64,
        "cannot be used together"
      ),
      (["c.json", "--rule", "a >= 1", "--predictions", "p.csv"], 64, "must be given together"),
      (["c.json", "--rule", "rocauc >= 0.8"], 1, "did you mean 'roc_auc'?"),
    ]
    for (arguments, status, message) in cases {
      let result = try CLIRunner.run("gate", arguments, directory: directory)
      XCTAssertEqual(result.status, status, "\(arguments): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }
  }

  func testFirstRunSkipsBaselineRulesUnlessRequired() throws {
    let directory = try makeTempDir(self)
    _ = try write(candidate, "c.json", in: directory)
    let rules = ["--rule", "roc_auc >= baseline - 0.01", "--rule", "accuracy >= 0.7"]
    let result = try CLIRunner.run(
      "gate", ["c.json", "--first-run", "--json", "-"] + rules, directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains("\"skipped\": 1"), result.stdout)
    XCTAssertTrue(result.stdout.contains("first run: --first-run given"), result.stdout)
    let required = try CLIRunner.run(
      "gate", ["c.json", "--first-run", "--require-baseline"] + rules, directory: directory)
    XCTAssertEqual(required.status, 1, required.stderr)
  }

  func testBaselineFromGitRevisions() throws {
    let repository = try makeTempDir(self)
    try git(["init", "-q"], in: repository)
    _ = try write("{\"roc_auc\": 0.5}", "other.json", in: repository)
    try git(["add", "."], in: repository)
    try git(["commit", "-q", "-m", "first"], in: repository)
    let first = try git(["rev-parse", "HEAD"], in: repository)
    _ = try write(baseline, "metrics.json", in: repository)
    try git(["add", "."], in: repository)
    try git(["commit", "-q", "-m", "second"], in: repository)
    _ = try write(candidate, "c.json", in: repository)
    let rule = ["--rule", "roc_auc >= baseline - 0.005"]
    // Found at HEAD: compared (0.84 vs 0.85 fails a 0.005 tolerance).
    var result = try CLIRunner.run(
      "gate", ["c.json", "--baseline-ref", "main:metrics.json"] + rule, directory: repository)
    XCTAssertEqual(result.status, 1, result.stderr)
    XCTAssertTrue(result.stderr.contains("vs main:metrics.json"), result.stderr)
    // The revision exists without the file: a first run.
    result = try CLIRunner.run(
      "gate", ["c.json", "--baseline-ref", "\(first):metrics.json", "--json", "-"] + rule,
      directory: repository)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(
      result.stdout.contains("'metrics.json' does not exist at \(first)"), result.stdout)
    // An unknown revision: exit 66 with the fetch command.
    result = try CLIRunner.run(
      "gate", ["c.json", "--baseline-ref", "origin/main:metrics.json"] + rule, directory: repository
    )
    XCTAssertEqual(result.status, 66, result.stderr)
    XCTAssertTrue(result.stderr.contains("git fetch --depth=1 origin main"), result.stderr)
    XCTAssertTrue(result.stderr.contains("fetch-depth: 0"), result.stderr)
    // A shallow clone lacks the first commit.
    let parent = try makeTempDir(self)
    try git(["clone", "-q", "--depth", "1", "file://" + repository, "shallow"], in: parent)
    let shallow = parent + "/shallow"
    _ = try write(candidate, "c.json", in: shallow)
    result = try CLIRunner.run(
      "gate", ["c.json", "--baseline-ref", "\(first):other.json"] + rule, directory: shallow)
    XCTAssertEqual(result.status, 66, result.stderr)
    XCTAssertTrue(result.stderr.contains("is not in this shallow clone"), result.stderr)
    XCTAssertTrue(result.stderr.contains("git fetch --depth=1 origin \(first)"), result.stderr)
    result = try CLIRunner.run(
      "gate", ["c.json", "--baseline-ref", "origin/main:metrics.json"] + rule, directory: shallow)
    XCTAssertEqual(result.status, 1, result.stderr)
    // Outside any repository.
    let plain = try makeTempDir(self)
    _ = try write(candidate, "c.json", in: plain)
    result = try CLIRunner.run(
      "gate", ["c.json", "--baseline-ref", "main:metrics.json"] + rule, directory: plain,
      environment: ["GIT_CEILING_DIRECTORIES": plain])
    XCTAssertEqual(result.status, 66, result.stderr)
    XCTAssertTrue(result.stderr.contains("not in a git repository"), result.stderr)
  }

  func testGitHubActionsAnnotationsAndStepSummary() throws {
    let directory = try makeTempDir(self)
    _ = try write(candidate, "c.json", in: directory)
    _ = try write(baseline, "b.json", in: directory)
    _ = try write("slices.region.*.accuracy >= baseline - 0.05\n", "gate.rules", in: directory)
    let summary = directory + "/summary.md"
    let result = try CLIRunner.run(
      "gate", ["c.json", "--baseline", "b.json", "--rules", "gate.rules"], directory: directory,
      environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary])
    XCTAssertEqual(result.status, 1)
    XCTAssertTrue(
      result.stderr.contains(
        "::error title=gate%3A slices.region.south.accuracy fail,file=gate.rules,line=1,col=1::"),
      result.stderr)
    let text = try String(contentsOfFile: summary, encoding: .utf8)
    XCTAssertTrue(text.hasPrefix("<!-- sluice-gate -->"), text)
    XCTAssertTrue(text.contains("| slices.region.south.accuracy |"), text)
  }

  /// Binary predictions of 400 rows: the baseline errs on every tenth row; the candidate
  /// additionally errs on `worse` rows and fixes `better` of the baseline's errors.
  func predictions(worse: Int, better: Int, renameRow: Int? = nil) -> (
    csv: String, accuracy: Double
  ) {
    var csv = "id,prediction,proba_0,proba_1,target\n"
    var correct = 0
    for row in 0..<400 {
      let label = row % 3 == 0 ? 1 : 0
      var right = row % 10 != 0
      if row % 10 == 0 && row / 10 < better { right = true }
      if row % 10 == 5 && row / 10 < worse { right = false }
      if right { correct += 1 }
      let predicted = right ? label : 1 - label
      let p1 = predicted == 1 ? 0.6 + Double(row % 7) / 20 : 0.4 - Double(row % 7) / 20
      let id = row == renameRow ? "x\(row)" : "r\(row)"
      csv += "\(id),\(predicted),\(1 - p1),\(p1),\(label)\n"
    }
    return (csv, Double(correct) / 400)
  }

  /// Without --target, paired predictions are read by the target evaluate names in meta.target.
  func testPairedTargetDefaultsToTheCandidatesMetaTarget() throws {
    let directory = try makeTempDir(self)
    let base = predictions(worse: 0, better: 0)
    let bad = predictions(worse: 30, better: 0)
    let rename = { (csv: String) in csv.replacingOccurrences(of: ",target\n", with: ",species\n") }
    _ = try write(rename(base.csv), "b.csv", in: directory)
    _ = try write(rename(bad.csv), "c.csv", in: directory)
    _ = try write(
      "{\"accuracy\": \(base.accuracy), \"meta\": {\"target\": \"species\"}}", "b.json",
      in: directory)
    _ = try write(
      "{\"accuracy\": \(bad.accuracy), \"meta\": {\"target\": \"species\"}}", "c.json",
      in: directory)
    let arguments = [
      "c.json", "--baseline", "b.json", "--rule", "accuracy >= baseline - 0.02", "--predictions",
      "c.csv", "--baseline-predictions", "b.csv", "--resamples", "300", "--json", "-",
    ]
    let result = try CLIRunner.run("gate", arguments, directory: directory)
    XCTAssertEqual(result.status, 1, result.stderr)
    XCTAssertTrue(result.stdout.contains("\"method\": \"paired-bootstrap\""), result.stdout)
    let named = try CLIRunner.run(
      "gate", arguments + ["--target", "nothing"], directory: directory)
    XCTAssertEqual(named.status, 65, named.stderr)
    XCTAssertTrue(named.stderr.contains("'nothing'"), named.stderr)
  }

  func testPairedPredictionsDecideBaselineRules() throws {
    let directory = try makeTempDir(self)
    try git(["init", "-q"], in: directory)
    let base = predictions(worse: 0, better: 0)
    _ = try write(base.csv, "b.csv", in: directory)
    try git(["add", "b.csv"], in: directory)
    try git(["commit", "-q", "-m", "baseline predictions"], in: directory)
    _ = try write("{\"accuracy\": \(base.accuracy)}", "b.json", in: directory)
    // Slightly worse (3 more errors, 1 fixed: -0.005): the interval straddles the margin, so
    // the point values decide, and the check is marked inconclusive.
    let close = predictions(worse: 3, better: 1)
    _ = try write(close.csv, "c.csv", in: directory)
    _ = try write("{\"accuracy\": \(close.accuracy)}", "c.json", in: directory)
    let arguments = [
      "c.json", "--baseline", "b.json", "--rule", "accuracy >= baseline - 0.01", "--predictions",
      "c.csv", "--baseline-predictions", "main:b.csv", "--id", "id", "--resamples", "300",
      "--json", "-",
    ]
    var result = try CLIRunner.run("gate", arguments, directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains("\"verdict\": \"pass\""), result.stdout)
    XCTAssertTrue(result.stdout.contains("\"inconclusive\": true"), result.stdout)
    XCTAssertTrue(result.stdout.contains("\"method\": \"paired-bootstrap\""), result.stdout)
    XCTAssertTrue(result.stdout.contains("\"p_mcnemar\": 0.625"), result.stdout)  // b=1, c=3
    result = try CLIRunner.run("gate", arguments + ["--strict"], directory: directory)
    XCTAssertEqual(result.status, 1, result.stderr)
    // Under a zero margin the same drop fails on its point values, inconclusive or not.
    result = try CLIRunner.run(
      "gate",
      arguments.map { $0 == "accuracy >= baseline - 0.01" ? "accuracy >= baseline" : $0 },
      directory: directory)
    XCTAssertEqual(result.status, 1, result.stderr)
    XCTAssertTrue(result.stdout.contains("\"inconclusive\": true"), result.stdout)
    // Much worse (30 more errors): a confident regression beyond a 0.02 margin.
    let bad = predictions(worse: 30, better: 0)
    _ = try write(bad.csv, "c.csv", in: directory)
    _ = try write("{\"accuracy\": \(bad.accuracy)}", "c.json", in: directory)
    result = try CLIRunner.run(
      "gate",
      [
        "c.json", "--baseline", "b.json", "--rule", "accuracy >= baseline - 0.02", "--predictions",
        "c.csv", "--baseline-predictions", "b.csv", "--resamples", "300",
      ], directory: directory)
    XCTAssertEqual(result.status, 1, result.stderr)
    XCTAssertTrue(result.stderr.contains("a confident regression"), result.stderr)
    // First run: neither the metrics nor the predictions exist at the revision yet (both
    // are in the working tree).
    _ = try write("{\"accuracy\": \(bad.accuracy)}", "m.json", in: directory)
    _ = try write(bad.csv, "p.csv", in: directory)
    result = try CLIRunner.run(
      "gate",
      [
        "c.json", "--baseline-ref", "main:m.json", "--rule", "accuracy >= baseline",
        "--predictions", "c.csv", "--baseline-predictions", "main:p.csv", "--json", "-",
      ], directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(
      result.stdout.contains("Baseline predictions: 'p.csv' does not exist at main yet"),
      result.stdout)
    XCTAssertTrue(result.stdout.contains("\"skipped\": 1"), result.stdout)
    // Ids must match: the first differing id is named.
    _ = try write(predictions(worse: 0, better: 0, renameRow: 5).csv, "c.csv", in: directory)
    result = try CLIRunner.run(
      "gate",
      [
        "c.json", "--baseline", "b.json", "--rule", "accuracy >= baseline", "--predictions",
        "c.csv", "--baseline-predictions", "b.csv", "--id", "id",
      ], directory: directory)
    XCTAssertEqual(result.status, 65, result.stderr)
    XCTAssertTrue(
      result.stderr.contains("prediction ids differ: 'x5' is in c.csv but not in b.csv"),
      result.stderr)
  }
}
