import Foundation
import XCTest

/// Issue 12: a run's outputs appear together or not at all, user data never reaches a log
/// line or a report unescaped, and messages a newcomer can act on.
final class RightByDefaultOutputsTests: XCTestCase {
  /// A directory holding m.json (a binary model) and d.csv (data it can score).
  func fixture() throws -> String { try makeModelFixture(self) }

  func write(_ text: String, _ path: String) throws {
    try text.write(toFile: path, atomically: true, encoding: .utf8)
  }

  func contents(_ path: String) -> String? {
    try? String(contentsOfFile: path, encoding: .utf8)
  }

  // MARK: all-or-nothing outputs

  func testEvaluateLeavesNoOutputBehindWhenOneCannotBeWritten() throws {
    let directory = try fixture()
    try FileManager.default.createDirectory(
      atPath: directory + "/plots", withIntermediateDirectories: true)
    for name in ["report.md", "preds.csv", "metrics.prom", "plots/roc.svg"] {
      try write("old \(name)\n", directory + "/" + name)
    }
    let result = try CLIRunner.run(
      "evaluate",
      [
        "m.json", "d.csv", "--markdown", "report.md", "--predictions-out", "preds.csv",
        "--openmetrics", "metrics.prom", "--plots", "plots", "-o", "missing/metrics.json",
      ], directory: directory)
    XCTAssertEqual(result.status, 73, result.stderr)
    XCTAssertEqual(result.stdout, "")
    for name in ["report.md", "preds.csv", "metrics.prom", "plots/roc.svg"] {
      XCTAssertEqual(contents(directory + "/" + name), "old \(name)\n", name)
    }
    // The plots directory and its roc/ subdirectory are created up front; no file appears.
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: directory + "/plots").sorted(),
      ["roc", "roc.svg"])
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: directory + "/plots/roc"), [])
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    XCTAssertEqual(names, ["d.csv", "m.json", "metrics.prom", "plots", "preds.csv", "report.md"])
    // And when every output can be written, all of them are.
    let ok = try CLIRunner.run(
      "evaluate",
      [
        "m.json", "d.csv", "--markdown", "report.md", "--predictions-out", "preds.csv",
        "--plots", "plots", "-o", "metrics.json",
      ], directory: directory)
    XCTAssertEqual(ok.status, 0, ok.stderr)
    XCTAssertTrue(contents(directory + "/report.md")?.hasPrefix("## Evaluation") ?? false)
    XCTAssertTrue(contents(directory + "/preds.csv")?.hasPrefix("row,prediction") ?? false)
    XCTAssertNotEqual(contents(directory + "/plots/roc.svg"), "old plots/roc.svg\n")
  }

  func testPackageModelWritesItsBundleToStandardOutputWithDashOnly() throws {
    let directory = try fixture()
    let result = try CLIRunner.run(
      "package-model", ["m.json", "--name", "x", "--model-version", "1.0.0", "-o", "-"],
      directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual(Array(result.stdoutBytes.prefix(2)), [0x1F, 0x8B])
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: directory).sorted(), ["d.csv", "m.json"])
  }

  func testPackageModelRefusesToWriteABundleToATerminal() throws {
    let directory = try fixture()
    let predictPath = CLIRunner.executable("package-model")
    // script runs the command with a pseudo-terminal as its standard output.
    let (status, text) = try runMerged(
      "/usr/bin/script",
      ["-qec", "'\(predictPath)' m.json --name x --model-version 1.0.0 -o -", "/dev/null"],
      directory: directory, nullInput: true)
    XCTAssertEqual(status, 64, text)
    XCTAssertTrue(text.contains("refusing to write a compressed bundle to a terminal"), text)
  }

  // MARK: escaping

  func testCheckEscapesADataValueThatWouldStartAWorkflowCommand() throws {
    let directory = try makeTempDir(self)
    try write("name,n\n\"ok\n::error::pwned\",1\n", directory + "/d.csv")
    try write("name,n\nok,1\n", directory + "/ref.csv")
    let infer = try CLIRunner.run(
      "validate-data", ["infer", "ref.csv", "-o", "s.json"], directory: directory)
    XCTAssertEqual(infer.status, 0, infer.stderr)
    let result = try CLIRunner.run(
      "validate-data", ["check", "d.csv", "--schema", "s.json"], directory: directory,
      environment: ["GITHUB_ACTIONS": "true"])
    XCTAssertEqual(result.status, 1, result.stderr)
    for line in (result.stdout + result.stderr).split(separator: "\n") {
      XCTAssertFalse(line.hasPrefix("::error::pwned"), "a raw workflow command: \(line)")
    }
    XCTAssertTrue(result.stderr.contains("ok\\n::error::pwned"), result.stderr)
  }

  func testErrorMessagesEscapeLineBreaksInUserData() throws {
    let directory = try fixture()
    let result = try CLIRunner.run(
      "evaluate", ["m.json", "d.csv", "--slice", "a\n::error::x"], directory: directory)
    XCTAssertEqual(result.status, 65)
    XCTAssertEqual(
      result.stderr, "evaluate: error: --slice column 'a\\n::error::x' is not in d.csv\n")
  }

  func testEvaluateMarkdownEscapesHostileNamesAndValues() throws {
    let directory = try makeTempDir(self)
    var rows = "y,proba_no,proba_yes,<script>alert(1)</script>\n"
    for index in 0..<8 {
      let value = index % 2 == 0 ? "`code` | <b>x</b>" : "*star*"
      rows += "\(index % 2 == 0 ? "yes" : "no"),0.4,0.6,\"\(value)\"\n"
    }
    try write(rows, directory + "/p.csv")
    let result = try CLIRunner.run(
      "evaluate",
      [
        "--predictions", "p.csv", "--target", "y", "--slice", "<script>alert(1)</script>",
        "--min-slice-size", "1", "--markdown", "r.md", "-o", "/dev/null",
      ], directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    let markdown = contents(directory + "/r.md") ?? ""
    XCTAssertFalse(markdown.contains("<script>"), markdown)
    XCTAssertFalse(markdown.contains("<b>"), markdown)
    XCTAssertFalse(markdown.contains("`code`"), markdown)
    XCTAssertTrue(markdown.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), markdown)
    XCTAssertTrue(markdown.contains("| \\`code\\` \\| &lt;b&gt;x&lt;/b&gt; |"), markdown)
    XCTAssertTrue(markdown.contains("| \\*star\\* |"), markdown)
  }

  // MARK: messages

  func testSwappedModelAndDataAreNamed() throws {
    let directory = try fixture()
    for tool in ["predict", "evaluate"] {
      let result = try CLIRunner.run(tool, ["d.csv", "m.json"], directory: directory)
      XCTAssertEqual(result.status, 64, "\(tool): \(result.stderr)")
      XCTAssertTrue(
        result.stderr.hasPrefix(
          "\(tool): error: 'd.csv' is not a model but 'm.json' is: the model comes first (\(tool) m.json d.csv)\n"
        ), result.stderr)
    }
  }

  func testPackageModelNamesTheUsersDataFileNotTheBundlesExample() throws {
    let directory = try fixture()
    try write("id,x,c,y\nr1,\"1,5\",a,no\n", directory + "/comma.csv")
    let result = try CLIRunner.run(
      "package-model",
      [
        "m.json", "--name", "x", "--model-version", "1.0.0", "--data", "comma.csv", "-o",
        "x.tar.gz",
      ],
      directory: directory)
    XCTAssertEqual(result.status, 65, result.stderr)
    XCTAssertTrue(result.stderr.hasPrefix("comma.csv:2:2: error: "), result.stderr)
    XCTAssertFalse(result.stderr.contains("examples/input.csv"), result.stderr)
  }

  func testOneBundleIsOneCountInOneWording() throws {
    let directory = try fixture()
    let build = try CLIRunner.run(
      "package-model", ["m.json", "--name", "x", "--model-version", "1.0.0", "-o", "b.tar.gz"],
      directory: directory)
    XCTAssertEqual(build.status, 0, build.stderr)
    let verify = try CLIRunner.run("package-model", ["verify", "b.tar.gz"], directory: directory)
    XCTAssertEqual(verify.status, 0, verify.stderr)
    let inspect = try CLIRunner.run("package-model", ["inspect", "b.tar.gz"], directory: directory)
    XCTAssertEqual(inspect.status, 0, inspect.stderr)
    func count(_ text: String) -> [String] {
      let pattern = try? NSRegularExpression(pattern: "\\b([0-9]+) (files|members)\\b")
      let range = NSRange(text.startIndex..., in: text)
      return (pattern?.matches(in: text, range: range) ?? []).compactMap {
        Range($0.range, in: text).map { String(text[$0]) }
      }
    }
    let counts = count(build.stderr) + count(verify.stderr) + count(inspect.stdout)
    XCTAssertEqual(counts.count, 3, counts.description)
    XCTAssertEqual(Set(counts).count, 1, counts.description)
    XCTAssertTrue(counts.first?.hasSuffix(" files") ?? false, counts.description)
  }

  func testCountsAreSingularForOne() throws {
    let directory = try makeTempDir(self)
    try write("a\n1\n", directory + "/one.csv")
    let profile = try CLIRunner.run(
      "validate-data", ["profile", "one.csv", "-o", "p.json"], directory: directory)
    XCTAssertEqual(profile.status, 0, profile.stderr)
    XCTAssertTrue(profile.stderr.contains("profiled 1 column of 1 row of one.csv"), profile.stderr)
    let infer = try CLIRunner.run(
      "validate-data", ["infer", "one.csv", "-o", "s.json"], directory: directory)
    XCTAssertTrue(
      infer.stderr.contains("1 column (") && infer.stderr.contains("from 1 row of"), infer.stderr)
    let check = try CLIRunner.run(
      "validate-data", ["check", "one.csv", "--schema", "s.json"], directory: directory)
    XCTAssertTrue(check.stderr.contains("valid: 1 row, no findings"), check.stderr)
  }

  func testHelpListsOnlyTheExitCodesTheToolCanReturn() throws {
    for tool in ["predict", "evaluate", "split-data", "package-model"] {
      let help = try CLIRunner.run(tool, ["--help"]).stdout
      guard let range = help.range(of: "\nEXIT CODES:\n") else {
        XCTFail(tool)
        continue
      }
      let codes = help[range.upperBound...].split(separator: "\n").compactMap {
        Int($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
      }
      XCTAssertEqual(codes, [0, 64, 65, 66, 70, 73, 74], tool)
    }
  }
}
