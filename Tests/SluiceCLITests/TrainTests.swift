import Foundation
import XCTest

/// `train` and `predict` together, as a user runs them.
final class TrainTests: XCTestCase {
  static let penguins = ValidateDataTests.penguins

  func split(in directory: String) throws {
    let result = try CLIRunner.run(
      "split-data",
      [
        Self.penguins, "--test-fraction", "0.2", "--seed", "7", "--stratify", "species",
        "--train-out", "train.csv", "--test-out", "test.csv",
      ], directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
  }

  func testTrainIsDeterministicAndPredictsHeldOutPenguins() throws {
    let directory = try makeTempDir(self)
    try split(in: directory)
    let first = try CLIRunner.run(
      "train", ["train.csv", "--target", "species", "-o", "a.json"], directory: directory)
    XCTAssertEqual(first.status, 0, first.stderr)
    XCTAssertTrue(
      first.stderr.hasPrefix("train: logistic multiclass model of 'species'"), first.stderr)
    let second = try CLIRunner.run(
      "train", ["train.csv", "--target", "species", "-o", "b.json", "--threads", "1"],
      directory: directory)
    XCTAssertEqual(second.status, 0, second.stderr)
    XCTAssertEqual(
      try Data(contentsOf: URL(fileURLWithPath: directory + "/a.json")),
      try Data(contentsOf: URL(fileURLWithPath: directory + "/b.json")),
      "same data and settings must give byte-identical models")
    let predicted = try CLIRunner.run("predict", ["a.json", "test.csv"], directory: directory)
    XCTAssertEqual(predicted.status, 0, predicted.stderr)
    let rows = predicted.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
    XCTAssertEqual(rows.count, 69)
    let correct = rows.filter { $0[1] == $0[5] }.count
    XCTAssertGreaterThanOrEqual(Double(correct) / Double(rows.count), 0.95)
  }

  func testBadTargetsAreClearErrors() throws {
    let directory = try makeTempDir(self)
    try split(in: directory)
    let missing = try CLIRunner.run(
      "train", ["train.csv", "--target", "nope", "-o", "m.json"], directory: directory)
    XCTAssertEqual(missing.status, 65)
    XCTAssertTrue(
      missing.stderr.hasPrefix("train: error: target column 'nope' is not in train.csv"))
    XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/m.json"))
    let ambiguous = try CLIRunner.run(
      "train", ["train.csv", "--target", "body_mass_g", "-o", "m.json"], directory: directory)
    XCTAssertEqual(ambiguous.status, 65)
    XCTAssertTrue(ambiguous.stderr.contains("say --task regression"), ambiguous.stderr)
    try "x,y\n1,a\n2,a\n3,a\n".write(
      toFile: directory + "/c.csv", atomically: true, encoding: .utf8)
    let constant = try CLIRunner.run(
      "train", ["c.csv", "--target", "y", "-o", "m.json"], directory: directory)
    XCTAssertEqual(constant.status, 65)
    XCTAssertTrue(constant.stderr.contains("is constant"), constant.stderr)
    let badSet = try CLIRunner.run(
      "train", ["c.csv", "--target", "y", "--set", "gamma=1"], directory: directory)
    XCTAssertEqual(badSet.status, 64)
  }

  func testRegressionWithRidge() throws {
    let directory = try makeTempDir(self)
    try split(in: directory)
    let trained = try CLIRunner.run(
      "train",
      [
        "train.csv", "--target", "body_mass_g", "--task", "regression", "--set", "alpha=0.5", "-o",
        "r.json",
      ],
      directory: directory)
    XCTAssertEqual(trained.status, 0, trained.stderr)
    let predicted = try CLIRunner.run("predict", ["r.json", "test.csv"], directory: directory)
    XCTAssertEqual(predicted.status, 0, predicted.stderr)
    XCTAssertTrue(
      predicted.stdout.hasPrefix("row,prediction,body_mass_g,sluice_task\n"), predicted.stdout)
  }

  func testTextExampleTrainsAndScoresEndToEnd() throws {
    let directory = try makeTempDir(self)
    let reviews = ReadmeExamplesTests.repositoryRoot
      .appendingPathComponent("examples/sentiment/reviews.tsv").path
    let split = try CLIRunner.run(
      "split-data",
      [
        reviews, "--test-fraction", "0.2", "--seed", "1", "--train-out", "train.csv", "--test-out",
        "test.csv",
      ],
      directory: directory)
    XCTAssertEqual(split.status, 0, split.stderr)
    let trained = try CLIRunner.run(
      "train", ["train.csv", "--target", "label", "--text", "sentence", "-o", "m.json"],
      directory: directory)
    XCTAssertEqual(trained.status, 0, trained.stderr)
    XCTAssertTrue(trained.stderr.contains("1048576 features"), trained.stderr)
    let predicted = try CLIRunner.run("predict", ["m.json", "test.csv"], directory: directory)
    XCTAssertEqual(predicted.status, 0, predicted.stderr)
    let rows = predicted.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
    XCTAssertEqual(rows.count, 600)
    let accuracy = Double(rows.filter { $0[1] == $0[4] }.count) / Double(rows.count)
    XCTAssertGreaterThan(accuracy, 0.7, "hashed 1-2-grams + logistic on review sentences")
  }

  func testParamsFileInDVCShapeAndSetOverride() throws {
    let directory = try makeTempDir(self)
    try split(in: directory)
    try "{\"train\": {\"C\": 0.5, \"max_iter\": 500, \"other_stage\": 3}}".write(
      toFile: directory + "/params.json", atomically: true, encoding: .utf8)
    let trained = try CLIRunner.run(
      "train",
      [
        "train.csv", "--target", "species", "--params", "params.json", "--set", "max_iter=700",
        "-o", "m.json", "--quiet",
      ],
      directory: directory)
    XCTAssertEqual(trained.status, 0, trained.stderr)
    XCTAssertEqual(trained.stderr, "")
    let model = try String(contentsOfFile: directory + "/m.json", encoding: .utf8)
    XCTAssertTrue(model.contains("\"C\": 0.5"), model)
    XCTAssertTrue(model.contains("\"max_iterations\": 700"), model)
  }
}
