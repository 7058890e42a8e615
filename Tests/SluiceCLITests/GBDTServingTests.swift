import Foundation
import XCTest

/// A GBDT bundle behind `mlflow models serve` (.venv-serve, ci/fixtures/check_serving.py, as
/// MLflowServingTests does for the linear bundles): the served answers equal `predict`'s.
final class GBDTServingTests: XCTestCase {
  func run(_ tool: String, _ arguments: [String], in directory: String) throws {
    let result = try CLIRunner.run(
      tool, arguments, directory: directory, environment: ["SOURCE_DATE_EPOCH": "0"])
    XCTAssertEqual(result.status, 0, "\(tool) \(arguments): \(result.stderr)")
  }

  /// Multiclass trees on the penguins example (numeric splits with missing values sent by
  /// `default_left`, categorical splits on island and sex), packaged with its schema; rows
  /// with JSON null, "" and absent fields, and the held-out CSV through `mlflow models
  /// predict`.
  func testGBDTBundleServedByMLflowAnswersAsPredict() throws {
    let root = MLflowServingTests.root
    let python = root.appendingPathComponent(".venv-serve/bin/python").path
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: python),
      "needs the serving venv: run ci/setup-python-oracles --set=serve")
    let directory = try makeTempDir(self)
    let data = root.appendingPathComponent("examples/penguins/penguins.csv").path
    try run(
      "split-data",
      [
        data, "--test-fraction", "0.2", "--seed", "1", "--train-out", "train.csv",
        "--test-out", "test.csv",
      ], in: directory)
    try run("validate-data", ["infer", "train.csv", "-o", "schema.json"], in: directory)
    try run(
      "train",
      [
        "train.csv", "--target", "species", "--model", "gbdt", "--set", "min_data_in_leaf=5",
        "--set", "min_data_per_group=5", "--set", "cat_smooth=1", "-o", "g.json", "--quiet",
      ], in: directory)
    try run(
      "package-model",
      [
        "g.json", "--name", "g", "--model-version", "1", "--schema", "schema.json", "--data",
        "test.csv", "-o", "g.tar.gz",
      ], in: directory)
    let (status, output) = try PackageModelTests.shell("tar -xzf g.tar.gz", directory: directory)
    XCTAssertEqual(status, 0, output)
    // The trees split on categories, so the served model takes the categorical path.
    let model = try String(contentsOfFile: directory + "/g.json", encoding: .utf8)
    XCTAssertTrue(model.contains("\"categories\": ["), "no categorical split")
    try MLflowServingTests.penguinRows.write(
      toFile: directory + "/rows.csv", atomically: true, encoding: .utf8)
    try run("predict", ["g.json", "rows.csv", "-o", "rows_expected.csv"], in: directory)
    let test = try String(contentsOfFile: directory + "/test.csv", encoding: .utf8)
    let complete = test.split(separator: "\n").filter { !$0.contains("NA") && !$0.contains(",,") }
    XCTAssertGreaterThan(complete.count, 30)
    try (complete.joined(separator: "\n") + "\n").write(
      toFile: directory + "/complete.csv", atomically: true, encoding: .utf8)
    try run("predict", ["g.json", "complete.csv", "-o", "complete_expected.csv"], in: directory)
    let (served, log) = try PackageModelTests.shell(
      "'\(python)' '\(root.path)/ci/fixtures/check_serving.py' g-1 rows.csv rows_expected.csv"
        + " --tolerance 1e-5 --csv complete.csv complete_expected.csv 2>&1",
      directory: directory)
    XCTAssertEqual(served, 0, "check_serving.py:\n\(log)")
    XCTAssertFalse(log.contains("FAIL"), log)
  }
}
