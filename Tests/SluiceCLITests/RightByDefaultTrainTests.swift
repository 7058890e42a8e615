import Foundation
import XCTest

/// Issue 12, "train and models": `--model` decides, one missing-target rule, predictions that
/// carry their task, key-like columns and train's messages (hostile model files:
/// `RightByDefaultHostileModelTests`).
final class RightByDefaultTrainTests: XCTestCase {
  static let penguins = ValidateDataTests.penguins

  func write(_ text: String, _ name: String, in directory: String) throws {
    try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
  }

  /// `x,y` rows: y = `label(i)` for i in 0..<rows, x a noisy function of i.
  func table(rows: Int, extra: String = "", label: (Int) -> String) -> String {
    var text = "x,y\(extra.isEmpty ? "" : "," + extra)\n"
    for i in 0..<rows {
      text += "\((i * 37) % 11).5,\(label(i))"
      if !extra.isEmpty { text += ",\(i % 3)" }
      text += "\n"
    }
    return text
  }

  // MARK: --model

  func testModelLinearImpliesRegression() throws {
    // body_mass_g is an integer target with many values: without --model, train asks for
    // --task; --model linear names ridge regression, which needs no --task.
    let directory = try makeTempDir(self)
    let result = try CLIRunner.run(
      "train", [Self.penguins, "--target", "body_mass_g", "--model", "linear", "-o", "m.json"],
      directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stderr.contains("linear regression model of 'body_mass_g'"), result.stderr)
    XCTAssertEqual(try jsonObject(atPath: directory + "/m.json")["task"] as? String, "regression")
  }

  func testModelLinearRefusesClassTargets() throws {
    let directory = try makeTempDir(self)
    let labels = try CLIRunner.run(
      "train", [Self.penguins, "--target", "species", "--model", "linear", "-o", "m.json"],
      directory: directory)
    XCTAssertEqual(labels.status, 65, labels.stderr)
    XCTAssertTrue(
      labels.stderr.contains("--model linear fits ridge regression, which needs a numeric target"),
      labels.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/m.json"))
    try write(table(rows: 30) { "\($0 % 2)" }, "b.csv", in: directory)
    let binary = try CLIRunner.run(
      "train", ["b.csv", "--target", "y", "--model", "linear", "-o", "m.json"],
      directory: directory)
    XCTAssertEqual(binary.status, 65, binary.stderr)
    XCTAssertTrue(binary.stderr.contains("a binary target"), binary.stderr)
    // An explicit --task regression says the user means it.
    let forced = try CLIRunner.run(
      "train",
      ["b.csv", "--target", "y", "--model", "linear", "--task", "regression", "-o", "m.json"],
      directory: directory)
    XCTAssertEqual(forced.status, 0, forced.stderr)
    XCTAssertEqual(try jsonObject(atPath: directory + "/m.json")["task"] as? String, "regression")
  }

  func testModelLogisticImpliesClassification() throws {
    // 25 integer classes: ambiguous without --model; --model logistic makes it multiclass.
    let directory = try makeTempDir(self)
    try write(table(rows: 100) { "\($0 % 25)" }, "m.csv", in: directory)
    let ambiguous = try CLIRunner.run(
      "train", ["m.csv", "--target", "y", "-o", "m.json"], directory: directory)
    XCTAssertEqual(ambiguous.status, 65, ambiguous.stderr)
    let logistic = try CLIRunner.run(
      "train", ["m.csv", "--target", "y", "--model", "logistic", "-o", "m.json"],
      directory: directory)
    XCTAssertEqual(logistic.status, 0, logistic.stderr)
    let model = try jsonObject(atPath: directory + "/m.json")
    XCTAssertEqual(model["task"] as? String, "multiclass")
    XCTAssertEqual((model["model"] as? [String: Any])?["kind"] as? String, "logistic")
    // A binary target stays binary under --model logistic.
    let binary = try CLIRunner.run(
      "train", [Self.penguins, "--target", "sex", "--model", "logistic", "-o", "b.json"],
      directory: directory)
    XCTAssertEqual(binary.status, 0, binary.stderr)
    XCTAssertEqual(try jsonObject(atPath: directory + "/b.json")["task"] as? String, "binary")
  }

  func testModelContradictingTaskIsAUsageError() throws {
    let directory = try makeTempDir(self)
    for (model, task) in [
      ("logistic", "regression"), ("linear", "binary"), ("linear", "multiclass"),
    ] {
      let result = try CLIRunner.run(
        "train",
        [Self.penguins, "--target", "species", "--model", model, "--task", task, "-o", "m.json"],
        directory: directory)
      XCTAssertEqual(result.status, 64, "\(model)/\(task): \(result.stderr)")
      XCTAssertTrue(
        result.stderr.contains("--model \(model)") && result.stderr.contains("--task \(task)"),
        result.stderr)
    }
    let unknown = try CLIRunner.run(
      "train", [Self.penguins, "--target", "species", "--model", "forest"], directory: directory)
    XCTAssertEqual(unknown.status, 64, unknown.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/m.json"))
  }

  // MARK: Missing targets

  func testMissingTargetsAreLeftOutAndCountedByTrainAndEvaluate() throws {
    let directory = try makeTempDir(self)
    var text = table(rows: 40) { $0 % 2 == 0 ? "a" : "b" }
    text += "1.5,\n2.5,NA\n3.5,\n"
    try write(text, "d.csv", in: directory)
    let trained = try CLIRunner.run(
      "train", ["d.csv", "--target", "y", "-o", "m.json"], directory: directory)
    XCTAssertEqual(trained.status, 0, trained.stderr)
    XCTAssertTrue(
      trained.stderr.contains("train: warning: 3 rows with a missing 'y' left out"),
      trained.stderr)
    let training = try XCTUnwrap(
      try jsonObject(atPath: directory + "/m.json")["training"] as? [String: Any])
    XCTAssertEqual(training["rows_missing_target"] as? Int, 3)
    XCTAssertEqual(training["rows"] as? Int, 40)
    // evaluate refused this file (exit 65); it now applies the same rule.
    let evaluated = try CLIRunner.run(
      "evaluate", ["m.json", "d.csv", "-o", "metrics.json"], directory: directory)
    XCTAssertEqual(evaluated.status, 0, evaluated.stderr)
    XCTAssertTrue(
      evaluated.stderr.contains("evaluate: warning: 3 rows with a missing 'y' left out"),
      evaluated.stderr)
    let metrics = try jsonObject(atPath: directory + "/metrics.json")
    XCTAssertEqual(metrics["n"] as? Int, 40)
    XCTAssertEqual((metrics["meta"] as? [String: Any])?["rows_missing_target"] as? Int, 3)
    // The predictions of the same file: the same rule, the same count.
    let predicted = try CLIRunner.run(
      "predict", ["m.json", "d.csv", "-o", "p.csv"], directory: directory)
    XCTAssertEqual(predicted.status, 0, predicted.stderr)
    let fromPredictions = try CLIRunner.run(
      "evaluate", ["--predictions", "p.csv", "--target", "y", "--predictions-out", "o.csv"],
      directory: directory)
    XCTAssertEqual(fromPredictions.status, 0, fromPredictions.stderr)
    XCTAssertTrue(
      fromPredictions.stderr.contains("3 rows with a missing 'y' left out"),
      fromPredictions.stderr)
    XCTAssertTrue(fromPredictions.stdout.contains("\"rows_missing_target\": 3"))
    // Rows keep their numbers in the file.
    let written = try String(contentsOfFile: directory + "/o.csv", encoding: .utf8)
    XCTAssertEqual(written.split(separator: "\n").count, 41)
    XCTAssertTrue(written.contains("\n40,"), written)
    // A regression target read from a predictions file without the task column (the
    // loaded-column path) follows the rule too.
    try write("row,prediction,y\n1,1.5,1\n2,2.5,\n3,3.5,3.25\n", "r.csv", in: directory)
    let regression = try CLIRunner.run(
      "evaluate", ["--predictions", "r.csv", "--target", "y", "--task", "regression"],
      directory: directory)
    XCTAssertEqual(regression.status, 0, regression.stderr)
    XCTAssertTrue(regression.stderr.contains("1 row with a missing 'y' left out"))
    XCTAssertTrue(regression.stdout.contains("\"n\": 2"), regression.stdout)
  }

  func testATargetMissingOnEveryRowIsAnError() throws {
    let directory = try makeTempDir(self)
    try write("x,y\n1,\n2,\n", "e.csv", in: directory)
    let trained = try CLIRunner.run(
      "train", ["e.csv", "--target", "y", "-o", "m.json"], directory: directory)
    XCTAssertEqual(trained.status, 65)
    XCTAssertTrue(trained.stderr.contains("'y' has no values in e.csv"), trained.stderr)
  }

  // MARK: Predictions carry their task

  func testPredictThenEvaluateNeedsNoTask() throws {
    let directory = try makeTempDir(self)
    let trained = try CLIRunner.run(
      "train",
      [Self.penguins, "--target", "body_mass_g", "--task", "regression", "-o", "r.json"],
      directory: directory)
    XCTAssertEqual(trained.status, 0, trained.stderr)
    let predicted = try CLIRunner.run(
      "predict", ["r.json", Self.penguins], directory: directory)
    XCTAssertEqual(predicted.status, 0, predicted.stderr)
    XCTAssertTrue(predicted.stdout.hasPrefix("row,prediction,body_mass_g,sluice_task\n"))
    let evaluated = try CLIRunner.run(
      "evaluate",
      ["--predictions", "-", "--target", "body_mass_g", "--predictions-out", "again.csv"],
      stdin: predicted.stdoutBytes, directory: directory)
    XCTAssertEqual(evaluated.status, 0, evaluated.stderr)
    XCTAssertTrue(evaluated.stdout.contains("\"task\": \"regression\""), evaluated.stdout)
    // What evaluate writes carries the task too.
    let again = try CLIRunner.run(
      "evaluate", ["--predictions", "again.csv", "--target", "body_mass_g"], directory: directory)
    XCTAssertEqual(again.status, 0, again.stderr)
    XCTAssertTrue(again.stdout.contains("\"task\": \"regression\""), again.stdout)
    // A multiclass file without probabilities (integer labels) is no guess either.
    try write(
      "row,prediction,y,sluice_task\n1,1,1,multiclass\n2,2,3,multiclass\n3,3,3,multiclass\n",
      "c.csv", in: directory)
    let classes = try CLIRunner.run(
      "evaluate", ["--predictions", "c.csv", "--target", "y"], directory: directory)
    XCTAssertEqual(classes.status, 0, classes.stderr)
    XCTAssertTrue(classes.stdout.contains("\"task\": \"multiclass\""), classes.stdout)
    // A task column that is not one task is an error naming it.
    try write(
      "row,prediction,y,sluice_task\n1,1,1,regression\n2,2,3,binary\n", "bad.csv",
      in: directory)
    let bad = try CLIRunner.run(
      "evaluate", ["--predictions", "bad.csv", "--target", "y"], directory: directory)
    XCTAssertEqual(bad.status, 65, bad.stderr)
    XCTAssertTrue(bad.stderr.contains("column 'sluice_task'"), bad.stderr)
  }

  func testGatePairsRegressionPredictionsWithoutATask() throws {
    // gate has no --task: an integer regression target was "classes or quantities?" before.
    let directory = try makeTempDir(self)
    for (name, alpha) in [("a", "1"), ("b", "5")] {
      let trained = try CLIRunner.run(
        "train",
        [
          Self.penguins, "--target", "body_mass_g", "--model", "linear", "--set", "alpha=\(alpha)",
          "-o", "\(name).json", "--quiet",
        ],
        directory: directory)
      XCTAssertEqual(trained.status, 0, trained.stderr)
      let predicted = try CLIRunner.run(
        "predict", ["\(name).json", Self.penguins, "-o", "p\(name).csv"], directory: directory)
      XCTAssertEqual(predicted.status, 0, predicted.stderr)
      let evaluated = try CLIRunner.run(
        "evaluate",
        [
          "--predictions", "p\(name).csv", "--target", "body_mass_g", "-o",
          "m\(name).json",
        ], directory: directory)
      XCTAssertEqual(evaluated.status, 0, evaluated.stderr)
    }
    let gated = try CLIRunner.run(
      "gate",
      [
        "ma.json", "--baseline", "mb.json", "--rule", "mae <= baseline + 10%", "--predictions",
        "pa.csv", "--baseline-predictions", "pb.csv",
      ],
      directory: directory)
    XCTAssertEqual(gated.status, 0, gated.stderr + gated.stdout)
  }

  // MARK: Key-like integer columns

  func testKeyLikeIntegerColumnsAreNotFeatures() throws {
    let directory = try makeTempDir(self)
    var text = "patient_id,n,x,y\n"
    for i in 0..<40 {
      text += "\(9000 + i * 7),\((i * 17) % 40 + 1),\((i * 37) % 11).5,\(i % 2 == 0 ? "a" : "b")\n"
    }
    try write(text, "k.csv", in: directory)
    let trained = try CLIRunner.run(
      "train", ["k.csv", "--target", "y", "-o", "m.json"], directory: directory)
    XCTAssertEqual(trained.status, 0, trained.stderr)
    XCTAssertTrue(
      trained.stderr.contains("column 'patient_id' not used: key-like: all values distinct"),
      trained.stderr)
    XCTAssertTrue(
      trained.stderr.contains("column 'n' not used: key-like: all values distinct"),
      trained.stderr)
    let model = try jsonObject(atPath: directory + "/m.json")
    let features = try XCTUnwrap((model["model"] as? [String: Any])?["features"] as? [String])
    XCTAssertEqual(features, ["x"])
    // validate-data infer records the role; a schema that says otherwise is obeyed.
    let inferred = try CLIRunner.run(
      "validate-data", ["infer", "k.csv", "-o", "schema.json"], directory: directory)
    XCTAssertEqual(inferred.status, 0, inferred.stderr)
    let schemaText = try String(contentsOfFile: directory + "/schema.json", encoding: .utf8)
    let schema = try jsonObject(atPath: directory + "/schema.json")
    let columns = try XCTUnwrap(schema["columns"] as? [[String: Any]])
    XCTAssertEqual(
      columns.first { $0["name"] as? String == "patient_id" }?["role"] as? String,
      "key", schemaText)
    let numeric = schemaText.replacingOccurrences(
      of: "\"role\": \"key\"", with: "\"role\": \"numeric\"")
    try write(numeric, "numeric.json", in: directory)
    let named = try CLIRunner.run(
      "train", ["k.csv", "--target", "y", "--schema", "numeric.json", "-o", "n.json"],
      directory: directory)
    XCTAssertEqual(named.status, 0, named.stderr)
    let namedFeatures = (try jsonObject(atPath: directory + "/n.json")["model"] as? [String: Any])?[
      "features"]
    XCTAssertEqual(namedFeatures as? [String], ["patient_id", "n", "x"])
    // A small count column is no key: values spanning 1..5 in 5 rows are too little evidence.
    try write("count,y\n3,a\n1,b\n2,a\n5,b\n4,a\n", "s.csv", in: directory)
    let small = try CLIRunner.run(
      "train", ["s.csv", "--target", "y", "-o", "s.json"], directory: directory)
    XCTAssertEqual(small.status, 0, small.stderr)
    XCTAssertFalse(small.stderr.contains("key-like"), small.stderr)
  }

  // MARK: Messages

  func testHeaderOnlyFileSaysItHasNoRows() throws {
    let directory = try makeTempDir(self)
    try write("x,y\n", "header.csv", in: directory)
    let result = try CLIRunner.run(
      "train", ["header.csv", "--target", "y", "-o", "m.json"], directory: directory)
    XCTAssertEqual(result.status, 65)
    XCTAssertTrue(
      result.stderr.contains("header.csv has no data rows (only a header)"), result.stderr)
  }

  func testLossesArePrintedWithSixSignificantDigits() throws {
    let directory = try makeTempDir(self)
    let result = try CLIRunner.run(
      "train", [Self.penguins, "--target", "species", "-o", "m.json"], directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    let loss = try XCTUnwrap(
      result.stderr.components(separatedBy: "final loss ").last?.prefix { $0 != "\n" })
    let digits = loss.filter(\.isNumber).drop { $0 == "0" }
    XCTAssertLessThanOrEqual(digits.count, 6, String(loss))
    XCTAssertNotNil(Double(loss), String(loss))
  }

  func testAllMissingColumnsNameTheReason() throws {
    let directory = try makeTempDir(self)
    var text = "x,empty,y\n"
    for i in 0..<20 { text += "\(i % 7).5,,\(i % 2 == 0 ? "a" : "b")\n" }
    try write(text, "e.csv", in: directory)
    let trained = try CLIRunner.run(
      "train", ["e.csv", "--target", "y", "-o", "m.json"], directory: directory)
    XCTAssertEqual(trained.status, 0, trained.stderr)
    XCTAssertTrue(
      trained.stderr.contains("column 'empty' not used: all values missing"), trained.stderr)
    for option in ["--text", "--weight"] {
      let named = try CLIRunner.run(
        "train", ["e.csv", "--target", "y", option, "empty", "-o", "n.json"],
        directory: directory)
      XCTAssertEqual(named.status, 65, "\(option): \(named.stderr)")
      XCTAssertTrue(
        named.stderr.contains("column 'empty', named by \(option), has no values"), named.stderr)
    }
    // A schema that gives the column a role names it too.
    let inferred = try CLIRunner.run(
      "validate-data", ["infer", "e.csv", "-o", "s.json"], directory: directory)
    XCTAssertEqual(inferred.status, 0, inferred.stderr)
    let schema = try String(contentsOfFile: directory + "/s.json", encoding: .utf8)
    XCTAssertTrue(schema.contains("\"role\": \"ignored\""), schema)
    try write(
      schema.replacingOccurrences(of: "\"role\": \"ignored\"", with: "\"role\": \"numeric\""),
      "numeric.json", in: directory)
    let bySchema = try CLIRunner.run(
      "train", ["e.csv", "--target", "y", "--schema", "numeric.json", "-o", "n.json"],
      directory: directory)
    XCTAssertEqual(bySchema.status, 65, bySchema.stderr)
    XCTAssertTrue(
      bySchema.stderr.contains("column 'empty', named by the schema (role numeric)"),
      bySchema.stderr)
  }

  func testHelpListsOnlyTheExitCodesTheToolReturns() throws {
    for tool in ["train", "predict"] {
      let help = try CLIRunner.run(tool, ["--help"])
      XCTAssertEqual(help.status, 0)
      let codes = help.stdout.components(separatedBy: "EXIT CODES:").last ?? ""
      XCTAssertFalse(codes.contains("gate failed"), "\(tool): \(codes)")
      XCTAssertFalse(codes.contains("\n  1 "), "\(tool): \(codes)")
      XCTAssertTrue(codes.contains("\n  65 "), "\(tool): \(codes)")
    }
  }
}
