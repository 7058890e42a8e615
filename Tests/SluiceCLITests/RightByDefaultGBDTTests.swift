import Foundation
import XCTest

/// `train --model gbdt`: gradient-boosted trees trained, stored, read back and scored.
final class RightByDefaultGBDTTests: XCTestCase {
  /// A small table trees fit and a line cannot: the label is a threshold interaction of x1
  /// and x2, a category set of c, and whether x3 is missing.
  static func table(rows: Int, seed: UInt64 = 1) -> String {
    var state = seed
    func next() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53)
    }
    var text = "x1,x2,x3,c,y\n"
    for _ in 0..<rows {
      let x1 = next()
      let x2 = next()
      let x3 = next()
      let missing = next() < 0.15
      let c = Int(next() * 6)
      var score = (x1 > 0.5) == (x2 > 0.5) ? 1.5 : -1.5
      score += [0, 2, 5].contains(c) ? 1 : -1
      score += missing ? 1.5 : 0
      let label = next() < 1 / (1 + exp(-2 * score)) ? "yes" : "no"
      let x3Text = missing ? "" : String(format: "%.4f", x3)
      text += String(format: "%.4f,%.4f,", x1, x2) + "\(x3Text),k\(c),\(label)\n"
    }
    return text
  }

  func write(_ text: String, _ name: String, in directory: String) throws {
    try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
  }

  func testTrainsTreesThatBeatTheLinearModelAndSameBytesForAnyThreads() throws {
    let directory = try makeTempDir(self)
    try write(Self.table(rows: 3000), "train.csv", in: directory)
    try write(Self.table(rows: 1000, seed: 2), "test.csv", in: directory)
    let one = try CLIRunner.run(
      "train", ["train.csv", "--target", "y", "--model", "gbdt", "--threads", "1", "-o", "a.json"],
      directory: directory)
    XCTAssertEqual(one.status, 0, one.stderr)
    XCTAssertTrue(
      one.stderr.hasPrefix("train: gbdt binary model of 'y' on 3000 rows, 4 features, 100 trees"),
      one.stderr)
    let two = try CLIRunner.run(
      "train", ["train.csv", "--target", "y", "--model", "gbdt", "--threads", "3", "-o", "b.json"],
      directory: directory)
    XCTAssertEqual(two.status, 0, two.stderr)
    XCTAssertEqual(
      try Data(contentsOf: URL(fileURLWithPath: directory + "/a.json")),
      try Data(contentsOf: URL(fileURLWithPath: directory + "/b.json")),
      "the model must not depend on the thread count")
    let model = try jsonObject(atPath: directory + "/a.json")
    XCTAssertEqual(model["sluice_model_version"] as? Int, 2)
    let body = try XCTUnwrap(model["model"] as? [String: Any])
    XCTAssertEqual(body["kind"] as? String, "gbdt")
    XCTAssertEqual(body["features"] as? [String], ["x1", "x2", "x3", "c"])
    XCTAssertEqual(body["categorical"] as? [Bool], [false, false, false, true])
    XCTAssertEqual((body["trees"] as? [Any])?.count, 100)
    let importance = try XCTUnwrap(body["importance"] as? [String: Any])
    let splits = try XCTUnwrap(importance["split"] as? [Int])
    XCTAssertEqual(splits.count, 4)
    XCTAssertTrue(splits.allSatisfy { $0 > 0 }, "every informative feature is split on")
    XCTAssertEqual((importance["gain"] as? [Double])?.count, 4)
    // A linear model cannot see the interaction; trees must beat it on held-out rows.
    let logistic = try CLIRunner.run(
      "train", ["train.csv", "--target", "y", "-o", "l.json", "--quiet"], directory: directory)
    XCTAssertEqual(logistic.status, 0, logistic.stderr)
    var auc: [String: Double] = [:]
    for name in ["a", "l"] {
      let evaluated = try CLIRunner.run(
        "evaluate", ["\(name).json", "test.csv", "-o", "\(name)-metrics.json"],
        directory: directory)
      XCTAssertEqual(evaluated.status, 0, evaluated.stderr)
      let metrics = try jsonObject(atPath: directory + "/\(name)-metrics.json")
      auc[name] = metrics["roc_auc"] as? Double
    }
    let trees = try XCTUnwrap(auc["a"])
    let line = try XCTUnwrap(auc["l"])
    XCTAssertGreaterThan(trees, line + 0.1, "trees \(trees) vs logistic \(line)")
    let predicted = try CLIRunner.run(
      "predict", ["a.json", "test.csv", "-o", "p.csv"], directory: directory)
    XCTAssertEqual(predicted.status, 0, predicted.stderr)
    let lines = try String(contentsOfFile: directory + "/p.csv", encoding: .utf8)
      .split(separator: "\n")
    XCTAssertEqual(lines.first, "row,prediction,proba_no,proba_yes,y,sluice_task")
    XCTAssertEqual(lines.count, 1001)
  }

  func testMulticlassAndRegressionAndUnseenCategories() throws {
    let directory = try makeTempDir(self)
    var text = "x,c,k,v\n"
    for row in 0..<900 {
      let x = Double(row % 30) / 30
      let c = ["a", "b", "c"][row % 3]
      let k = x < 0.33 ? "low" : (x < 0.66 ? "mid" : "high")
      text += "\(x),\(c),\(k),\(x * 10 + (c == "b" ? 5 : 0))\n"
    }
    try write(text, "t.csv", in: directory)
    try write("x,c\n0.1,a\n0.5,zzz\n0.9,\n", "new.csv", in: directory)
    let multi = try CLIRunner.run(
      "train", ["t.csv", "--target", "k", "--ignore", "v", "--model", "gbdt", "-o", "k.json"],
      directory: directory)
    XCTAssertEqual(multi.status, 0, multi.stderr)
    XCTAssertTrue(multi.stderr.contains("gbdt multiclass model of 'k'"), multi.stderr)
    let body = try XCTUnwrap(
      try jsonObject(atPath: directory + "/k.json")["model"] as? [String: Any])
    XCTAssertEqual((body["trees"] as? [Any])?.count, 300, "one tree per class and round")
    let scored = try CLIRunner.run("predict", ["k.json", "new.csv"], directory: directory)
    XCTAssertEqual(scored.status, 0, scored.stderr)
    let predictions = scored.stdout.split(separator: "\n").dropFirst().map {
      $0.split(separator: ",", omittingEmptySubsequences: false)[1]
    }
    XCTAssertEqual(predictions, ["low", "mid", "high"])
    let regression = try CLIRunner.run(
      "train", ["t.csv", "--target", "v", "--ignore", "k", "--model", "gbdt", "-o", "v.json"],
      directory: directory)
    XCTAssertEqual(regression.status, 0, regression.stderr)
    XCTAssertTrue(regression.stderr.contains("gbdt regression model of 'v'"), regression.stderr)
    let values = try CLIRunner.run("predict", ["v.json", "new.csv"], directory: directory)
    XCTAssertEqual(values.status, 0, values.stderr)
    let first = values.stdout.split(separator: "\n")[1].split(separator: ",")
    XCTAssertEqual(try XCTUnwrap(Double(String(first[1]))), 1, accuracy: 0.3)
  }

  func testHyperparametersAreCheckedAndRecorded() throws {
    let directory = try makeTempDir(self)
    try write(Self.table(rows: 2000), "t.csv", in: directory)
    let notTrees = try CLIRunner.run(
      "train", ["t.csv", "--target", "y", "--set", "num_leaves=7", "-o", "m.json"],
      directory: directory)
    XCTAssertEqual(notTrees.status, 64)
    XCTAssertTrue(
      notTrees.stderr.contains("--set num_leaves is a hyperparameter of --model gbdt"),
      notTrees.stderr)
    let range = try CLIRunner.run(
      "train",
      ["t.csv", "--target", "y", "--model", "gbdt", "--set", "num_leaves=1", "-o", "m.json"],
      directory: directory)
    XCTAssertEqual(range.status, 64)
    XCTAssertTrue(
      range.stderr.contains("expected a whole number from 2 to 131072"), range.stderr)
    let stopped = try CLIRunner.run(
      "train",
      [
        "t.csv", "--target", "y", "--model", "gbdt", "--set", "early_stopping_round=5",
        "--set", "learning_rate=0.5", "--set", "n_estimators=300", "--set", "num_leaves=7",
        "--set", "bagging_fraction=0.8", "--set", "feature_fraction=0.75", "--set", "seed=3",
        "-o", "s.json",
      ], directory: directory)
    XCTAssertEqual(stopped.status, 0, stopped.stderr)
    let model = try jsonObject(atPath: directory + "/s.json")
    let training = try XCTUnwrap(model["training"] as? [String: Any])
    let rounds = try XCTUnwrap(training["rounds"] as? Int)
    XCTAssertLessThan(rounds, 300, "early stopping ends boosting")
    XCTAssertNotNil(training["validation_loss"] as? Double)
    let validationRows = try XCTUnwrap(training["validation_rows"] as? Int)
    XCTAssertEqual(Double(validationRows), 200, accuracy: 40)
    let hyperparameters = try XCTUnwrap(model["hyperparameters"] as? [String: Any])
    XCTAssertEqual(hyperparameters["num_leaves"] as? Int, 7)
    XCTAssertEqual(hyperparameters["bagging_fraction"] as? Double, 0.8)
    XCTAssertEqual(hyperparameters["seed"] as? Int, 3)
    for tree in try XCTUnwrap((model["model"] as? [String: Any])?["trees"] as? [[String: Any]]) {
      let leaves = (tree["nodes"] as? [[String: Any]])?.filter { $0["value"] != nil }.count ?? 0
      XCTAssertLessThanOrEqual(leaves, 7)
    }
    let again = try CLIRunner.run(
      "train",
      [
        "t.csv", "--target", "y", "--model", "gbdt", "--set", "early_stopping_round=5",
        "--set", "learning_rate=0.5", "--set", "n_estimators=300", "--set", "num_leaves=7",
        "--set", "bagging_fraction=0.8", "--set", "feature_fraction=0.75", "--set", "seed=3",
        "--threads", "1", "-o", "s2.json",
      ], directory: directory)
    XCTAssertEqual(again.status, 0, again.stderr)
    XCTAssertEqual(
      try Data(contentsOf: URL(fileURLWithPath: directory + "/s.json")),
      try Data(contentsOf: URL(fileURLWithPath: directory + "/s2.json")),
      "subsampling is seeded: the same seed gives the same model")
    let text = try CLIRunner.run(
      "train", ["t.csv", "--target", "y", "--model", "gbdt", "--text", "c", "-o", "m.json"],
      directory: directory)
    XCTAssertEqual(text.status, 65)
    XCTAssertTrue(text.stderr.contains("do not split on free text"), text.stderr)
  }

  /// A tree model edited by hand or by an attacker is refused with exit 65 and a message
  /// naming the node; a newer format version is refused by the FormatVersion rule.
  func testDamagedTreeModelsAreRefused() throws {
    let directory = try makeTempDir(self)
    try write(Self.table(rows: 400), "t.csv", in: directory)
    let trained = try CLIRunner.run(
      "train",
      ["t.csv", "--target", "y", "--model", "gbdt", "--set", "n_estimators=2", "-o", "m.json"],
      directory: directory)
    XCTAssertEqual(trained.status, 0, trained.stderr)
    let original = try String(contentsOfFile: directory + "/m.json", encoding: .utf8)
    let cases: [(String, String, String)] = [
      ("\"sluice_model_version\": 2", "\"sluice_model_version\": 3", "format version 3 is newer"),
      ("\"left\": 1,", "\"left\": 0,", "needs 'left' and 'right' children"),
      ("\"left\": 1,", "\"left\": 99999,", "needs 'left' and 'right' children"),
      ("\"left\": 1,", "\"left\": 2,", "must be the child of exactly one"),
      ("\"feature\": ", "\"feature\": 7, \"x\": ", "needs a 'feature' from 0 to 3"),
      ("\"outputs\": 1", "\"outputs\": 2", "'model.outputs' is 2"),
    ]
    for (from, to, expected) in cases {
      guard let range = original.range(of: from) else {
        XCTFail("the model has no \(from)")
        continue
      }
      try write(original.replacingCharacters(in: range, with: to), "bad.json", in: directory)
      let result = try CLIRunner.run("predict", ["bad.json", "t.csv"], directory: directory)
      XCTAssertEqual(result.status, 65, "\(to): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains(expected), "\(to): \(result.stderr)")
    }
  }

  /// package-model exports trees to ONNX (TreeEnsembleRegressor and the shared link);
  /// onnxruntime agrees with `predict` to 1e-5 on at least 99.8% of 5,000 held-out rows
  /// (ci/fixtures/check_onnx_rows.py prints the count of boundary rows), and the bundle's own
  /// checks (onnx.checker, signature, MLflow pyfunc) pass for binary, multiclass and
  /// regression models.
  func testONNXExportAgreesWithPredict() throws {
    let root = ReadmeExamplesTests.repositoryRoot
    let python = root.appendingPathComponent(".venv-test/bin/python").path
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: python),
      "needs the Python oracles: run ci/setup-python-oracles")
    let directory = try makeTempDir(self)
    let fixtures = GBDTParityTests.fixtures
    let train = fixtures.appendingPathComponent("nonlinear-train.csv.gz").path
    let test = fixtures.appendingPathComponent("nonlinear-test.csv.gz").path
    var text = "x,c,k,v\n"
    for row in 0..<900 {
      let x = Double(row % 30) / 30
      let c = ["a", "b", "c"][row % 3]
      let k = x < 0.33 ? "low" : (x < 0.66 ? "mid" : "high")
      text += "\(x),\(c),\(k),\(x * 10 + (c == "b" ? 5 : 0))\n"
    }
    try write(text, "t.csv", in: directory)
    let models: [(String, [String], String)] = [
      ("binary", [train, "--target", "y"], test),
      ("multiclass", ["t.csv", "--target", "k", "--ignore", "v"], "t.csv"),
      ("regression", ["t.csv", "--target", "v", "--ignore", "k"], "t.csv"),
    ]
    for (name, arguments, data) in models {
      let trained = try CLIRunner.run(
        "train", arguments + ["--model", "gbdt", "-o", "\(name).json", "--quiet"],
        directory: directory)
      XCTAssertEqual(trained.status, 0, trained.stderr)
      let packaged = try CLIRunner.run(
        "package-model",
        [
          "\(name).json", "--name", name, "--model-version", "1", "--data", data, "-o",
          "\(name).tar.gz",
        ], directory: directory, environment: ["SOURCE_DATE_EPOCH": "0"])
      XCTAssertEqual(packaged.status, 0, packaged.stderr)
      let (tarStatus, tarOutput) = try PackageModelTests.shell(
        "tar -xzf \(name).tar.gz", directory: directory)
      XCTAssertEqual(tarStatus, 0, tarOutput)
      let card = try String(contentsOfFile: directory + "/\(name)-1/MODEL_CARD.md", encoding: .utf8)
      XCTAssertTrue(card.contains("- Model: gradient-boosted trees ("), card)
      XCTAssertTrue(card.contains("- Feature importance (split gain): `"), card)
      let (status, output) = try PackageModelTests.shell(
        "'\(python)' '\(root.path)/ci/fixtures/check_onnx.py' \(name)-1", directory: directory)
      XCTAssertEqual(status, 0, "check_onnx.py on the \(name) bundle:\n\(output)")
      let predicted = try CLIRunner.run(
        "predict", ["\(name).json", data, "-o", "\(name)-p.csv"], directory: directory)
      XCTAssertEqual(predicted.status, 0, predicted.stderr)
      let (rowsStatus, rows) = try PackageModelTests.shell(
        "'\(python)' '\(root.path)/ci/fixtures/check_onnx_rows.py' \(name)-1 '\(data)' "
          + "\(name)-p.csv", directory: directory)
      XCTAssertEqual(rowsStatus, 0, "\(name): \(rows)")
      print("GBDT ONNX \(name): \(rows)")
    }
  }
}
