import Foundation
import XCTest

/// Issue 12: the same option means the same thing in every tool (docs/options.md); these run
/// the cases where a tool used to differ.
final class SharedOptionsTests: XCTestCase {
  /// A directory holding m.json (a binary model) and d.csv (data it can score).
  func fixture() throws -> String { try makeModelFixture(self) }

  /// `-o` has no hidden default file anywhere: package-model, whose bundle is binary, requires
  /// it (the other tools default to standard output).
  func testPackageModelRequiresOutput() throws {
    let directory = try fixture()
    let result = try CLIRunner.run(
      "package-model", ["m.json", "--name", "x", "--model-version", "1.0.0"],
      directory: directory)
    XCTAssertEqual(result.status, 64, result.stderr)
    XCTAssertTrue(
      result.stderr.contains("missing required option '-o' (e.g. -o x-1.0.0.tar.gz)"),
      result.stderr)
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    XCTAssertEqual(names, ["d.csv", "m.json"])
  }

  /// `--task auto` is accepted wherever `--task` is, and is the default.
  func testEvaluateAcceptsTaskAuto() throws {
    let directory = try fixture()
    let plain = try CLIRunner.run("evaluate", ["m.json", "d.csv"], directory: directory)
    XCTAssertEqual(plain.status, 0, plain.stderr)
    let auto = try CLIRunner.run(
      "evaluate", ["m.json", "d.csv", "--task", "auto"], directory: directory)
    XCTAssertEqual(auto.status, 0, auto.stderr)
    XCTAssertEqual(auto.stdout, plain.stdout)
    let bad = try CLIRunner.run(
      "evaluate", ["m.json", "d.csv", "--task", "ranking"], directory: directory)
    XCTAssertEqual(bad.status, 64)
    XCTAssertTrue(bad.stderr.contains("expected auto, binary, multiclass or regression"))
  }

  /// `--id` defaults to row numbers in evaluate's predictions mode too (it used to take the
  /// first column), as in predict and gate.
  func testEvaluatePredictionsIdDefaultsToRowNumbers() throws {
    let directory = try fixture()
    let predictions = "name,prediction,proba_no,proba_yes,y\na,no,0.9,0.1,no\nb,yes,0.2,0.8,yes\n"
    try predictions.write(toFile: directory + "/p.csv", atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      "evaluate",
      ["--predictions", "p.csv", "--target", "y", "--predictions-out", "out.csv", "-o", "m2.json"],
      directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    let written = try String(contentsOfFile: directory + "/out.csv", encoding: .utf8)
    XCTAssertTrue(written.hasPrefix("row,"), written)
    XCTAssertTrue(written.contains("\n1,no,"), written)
    let named = try CLIRunner.run(
      "evaluate",
      [
        "--predictions", "p.csv", "--target", "y", "--id", "name", "--predictions-out",
        "out2.csv", "-o", "m3.json",
      ], directory: directory)
    XCTAssertEqual(named.status, 0, named.stderr)
    let written2 = try String(contentsOfFile: directory + "/out2.csv", encoding: .utf8)
    XCTAssertTrue(written2.hasPrefix("name,"), written2)
    XCTAssertTrue(written2.contains("\na,no,"), written2)
  }
}
