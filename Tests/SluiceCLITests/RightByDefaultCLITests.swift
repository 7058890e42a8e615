import Foundation
import XCTest

/// Issue 12, command-line conventions: `--version` never hides the work asked for, and no
/// output of a run ever replaces one of its inputs.
final class RightByDefaultCLITests: XCTestCase {
  /// A directory holding m.json (a binary model) and d.csv (data it can score).
  func fixture() throws -> String { try makeModelFixture(self) }

  func contents(_ path: String) -> String? {
    try? String(contentsOfFile: path, encoding: .utf8)
  }

  func exists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path)
  }

  // MARK: --version and --help

  func testVersionAmongOtherArgumentsIsAUsageErrorWithTheRightSuggestion() throws {
    let directory = try fixture()
    let result = try CLIRunner.run(
      "package-model", ["m.json", "--name", "x", "--version", "1.0.0", "-o", "b.tar.gz"],
      directory: directory)
    XCTAssertEqual(result.status, 64, result.stderr)
    XCTAssertEqual(result.stdout, "")
    XCTAssertTrue(
      result.stderr.hasPrefix(
        "package-model: error: '--version' takes no other arguments; did you mean '--model-version'?\n"
      ), result.stderr)
    XCTAssertFalse(exists(directory + "/b.tar.gz"))
    let split = try CLIRunner.run("split-data", ["d.csv", "--version"], directory: directory)
    XCTAssertEqual(split.status, 64)
    XCTAssertTrue(
      split.stderr.hasPrefix("split-data: error: '--version' takes no other arguments\n"),
      split.stderr)
  }

  func testVersionAloneStillPrintsTheVersion() throws {
    for (tool, args) in [
      ("predict", ["--version"]), ("validate-data", ["infer", "--version"]),
      ("package-model", ["verify", "--version"]),
    ] {
      let result = try CLIRunner.run(tool, args)
      XCTAssertEqual(result.status, 0, "\(tool) \(args)")
      XCTAssertEqual(result.stdout, "\(tool) 0.1.0\n")
      XCTAssertEqual(result.stderr, "")
    }
  }

  func testHelpAmongOtherArgumentsPrintsHelpAndDoesNothingElse() throws {
    let directory = try fixture()
    let result = try CLIRunner.run(
      "split-data",
      ["d.csv", "--test-fraction", "0.5", "--train-out", "a.csv", "--test-out", "b.csv", "--help"],
      directory: directory)
    XCTAssertEqual(result.status, 0)
    XCTAssertTrue(result.stdout.hasPrefix("OVERVIEW: "), result.stdout)
    XCTAssertFalse(exists(directory + "/a.csv"))
    XCTAssertFalse(exists(directory + "/b.csv"))
  }

  // MARK: never overwrite an input

  /// Runs `tool args` in `directory`, expects a refusal naming `output`, and checks that
  /// every file in `unchanged` kept its contents and no file in `absent` appeared.
  func assertRefused(
    _ tool: String, _ args: [String], in directory: String, output: String,
    unchanged: [String], absent: [String] = [], line: UInt = #line
  ) throws {
    let before = unchanged.map { contents(directory + "/" + $0) }
    let result = try CLIRunner.run(tool, args, directory: directory)
    XCTAssertEqual(result.status, 64, "\(tool) \(args): \(result.stderr)", line: line)
    XCTAssertTrue(
      result.stderr.contains("output '\(output)' is the same file as the input"),
      result.stderr, line: line)
    XCTAssertTrue(result.stderr.contains("an output never replaces an input"), line: line)
    for (name, old) in zip(unchanged, before) {
      XCTAssertEqual(contents(directory + "/" + name), old, "\(name) changed", line: line)
    }
    for name in absent {
      XCTAssertFalse(exists(directory + "/" + name), "\(name) was written", line: line)
    }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory)
      .filter { $0.hasSuffix(".tmp") }
    XCTAssertEqual(leftovers, [], line: line)
  }

  func testSplitDataRefusesToReplaceItsInputHoweverNamed() throws {
    let directory = try fixture()
    try assertRefused(
      "split-data",
      ["d.csv", "--test-fraction", "0.5", "--train-out", "d.csv", "--test-out", "t.csv"],
      in: directory, output: "d.csv", unchanged: ["d.csv"], absent: ["t.csv"])
    try FileManager.default.createSymbolicLink(
      atPath: directory + "/link.csv", withDestinationPath: "d.csv")
    try FileManager.default.linkItem(atPath: directory + "/d.csv", toPath: directory + "/hard.csv")
    for name in ["link.csv", "hard.csv", "./d.csv"] {
      try assertRefused(
        "split-data",
        ["d.csv", "--test-fraction", "0.5", "--train-out", "t.csv", "--test-out", name],
        in: directory, output: name, unchanged: ["d.csv"], absent: ["t.csv"])
    }
  }

  func testPredictRefusesToReplaceTheModelOrTheData() throws {
    let directory = try fixture()
    try assertRefused(
      "predict", ["m.json", "d.csv", "-o", "m.json"], in: directory, output: "m.json",
      unchanged: ["m.json", "d.csv"])
    try assertRefused(
      "predict", ["m.json", "d.csv", "-o", "./d.csv"], in: directory, output: "./d.csv",
      unchanged: ["m.json", "d.csv"])
  }

  func testPredictRefusesToReplaceARedirectedStandardInput() throws {
    let directory = try fixture()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "'\(CLIRunner.executable("predict"))' m.json - -o d.csv < d.csv"]
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let stderr = String(
      decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 64, stderr)
    XCTAssertTrue(
      stderr.contains("output 'd.csv' is the same file as the input standard input"), stderr)
    XCTAssertEqual(
      contents(directory + "/d.csv"), "id,x,c,y\nr1,0,a,no\nr2,1,zzz,yes\nr3,2,a,yes\nr4,-1,a,no\n")
  }

  func testTrainEvaluateValidateAndPackageRefuseToReplaceAnInput() throws {
    let directory = try fixture()
    try assertRefused(
      "train", ["d.csv", "--target", "y", "-o", "d.csv"], in: directory, output: "d.csv",
      unchanged: ["d.csv"])
    try assertRefused(
      "evaluate", ["m.json", "d.csv", "-o", "m.json"], in: directory, output: "m.json",
      unchanged: ["m.json", "d.csv"])
    try assertRefused(
      "evaluate", ["m.json", "d.csv", "--markdown", "d.csv", "-o", "metrics.json"],
      in: directory, output: "d.csv", unchanged: ["m.json", "d.csv"], absent: ["metrics.json"])
    try assertRefused(
      "validate-data", ["infer", "d.csv", "-o", "d.csv"], in: directory, output: "d.csv",
      unchanged: ["d.csv"])
    try assertRefused(
      "validate-data", ["profile", "d.csv", "-o", "d.csv"], in: directory, output: "d.csv",
      unchanged: ["d.csv"])
    try assertRefused(
      "package-model",
      ["m.json", "--name", "x", "--model-version", "1.0.0", "--data", "d.csv", "-o", "d.csv"],
      in: directory, output: "d.csv", unchanged: ["m.json", "d.csv"])
  }

  func testInferUpdateMayRewriteTheSchemaInPlace() throws {
    let directory = try fixture()
    let first = try CLIRunner.run(
      "validate-data", ["infer", "d.csv", "-o", "s.json"], directory: directory)
    XCTAssertEqual(first.status, 0, first.stderr)
    let update = try CLIRunner.run(
      "validate-data", ["infer", "d.csv", "--update", "s.json", "-o", "s.json"],
      directory: directory)
    XCTAssertEqual(update.status, 0, update.stderr)
  }
}
