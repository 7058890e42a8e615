import Foundation
import SluiceCore
import XCTest

/// `evaluate` as a process: predictions files built from the scikit-learn golden cases of
/// Tests/SluiceMetricsTests/Fixtures/metrics must give scikit-learn's numbers through the
/// whole CSV path, and model mode must agree with `predict` + `evaluate --predictions`.
final class EvaluateTests: XCTestCase {
  static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("SluiceMetricsTests/Fixtures/metrics")

  static func golden(_ task: String, _ name: String) throws -> JSONValue {
    let url = goldenDirectory.appendingPathComponent("\(task).json")
    let document = try JSONParser.parse([UInt8](try Data(contentsOf: url)), file: url.path)
    let found = document["cases"]?.arrayValue?.first { $0["name"]?.stringValue == name }
    return try XCTUnwrap(found, "no golden case \(name)")
  }

  static func number(_ value: Double) -> String { CanonicalJSON.formatDouble(value) ?? "nan" }

  /// The golden case as a predictions CSV (id, prediction, proba_*, y, w, region), leaving
  /// out probability columns whose class the model never saw (all zero in the golden case).
  static func csv(_ golden: JSONValue, task: String, dropZeroColumns: Bool = false) -> String {
    let classes = golden["classes"]?.arrayValue?.compactMap(\.stringValue) ?? []
    let labels = golden["labels"]?.arrayValue?.compactMap(\.intValue) ?? []
    let weights = golden["weights"]?.arrayValue?.compactMap(\.doubleValue)
    var lines: [String] = []
    var header = ["id", "prediction"]
    var rows: [[String]] = []
    switch task {
    case "binary":
      let scores = golden["scores"]?.arrayValue?.compactMap(\.doubleValue) ?? []
      header += ["score"]
      rows = labels.indices.map { row in
        let predicted = golden["predicted"]?[row]?.intValue ?? 0
        return [classes[Int(predicted)], number(scores[row])]
      }
    case "multiclass":
      let width = classes.count
      let probabilities = golden["probabilities"]?.arrayValue?.compactMap(\.doubleValue) ?? []
      let kept = (0..<width).filter { column in
        !dropZeroColumns || labels.indices.contains { probabilities[$0 * width + column] != 0 }
      }
      header += kept.map { "proba_\(classes[$0])" }
      rows = labels.indices.map { row in
        let predicted = golden["predicted"]?[row]?.intValue ?? 0
        return [classes[Int(predicted)]] + kept.map { number(probabilities[row * width + $0]) }
      }
    default:
      let values = golden["values"]?.arrayValue?.compactMap(\.doubleValue) ?? []
      rows = values.map { [number($0)] }
    }
    header += ["y", "w", "region"]
    lines.append(header.joined(separator: ","))
    let targets = golden["targets"]?.arrayValue?.compactMap(\.doubleValue) ?? []
    for (row, fields) in rows.enumerated() {
      let truth = task == "regression" ? number(targets[row]) : classes[Int(labels[row])]
      let weight = weights.map { number($0[row]) } ?? "1"
      let region = ["north", "south", "east"][row % 3]
      lines.append(([String(row + 1)] + fields + [truth, weight, region]).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Runs evaluate and returns the parsed metrics.json.
  func evaluate(_ args: [String], csv: String, directory: String) throws -> JSONValue {
    try csv.write(toFile: directory + "/p.csv", atomically: true, encoding: .utf8)
    let result = try CLIRunner.run("evaluate", args, directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertFalse(result.stdout.contains("NaN") || result.stdout.contains("nan"))
    return try JSONParser.parse(result.stdout, file: "metrics.json")
  }

  func assertMatches(_ metrics: JSONValue, _ golden: JSONValue, _ label: String) {
    for (name, expected) in golden["expected"]?.objectValue ?? [:] {
      let actual = metrics[name]
      if let expected = expected.doubleValue {
        guard let actual = actual?.doubleValue else {
          XCTFail("\(label) \(name): null, scikit-learn \(expected)")
          continue
        }
        XCTAssertEqual(
          actual, expected, accuracy: 1e-12 * max(1, abs(expected)), "\(label) \(name)")
      } else {
        XCTAssertEqual(actual, .null, "\(label) \(name)")
        XCTAssertNotNil(metrics["meta"]?["undefined"]?[name]?.stringValue, "\(label) \(name)")
      }
    }
  }

  func testPredictionsFilesGiveScikitLearnNumbers() throws {
    let directory = try makeTempDir(self)
    let cases: [(String, String, [String])] = [
      ("binary", "tied_scores", ["--score", "score", "--positive", "pos"]),
      ("binary", "weighted_ties", ["--score", "score", "--positive", "pos", "--weight", "w"]),
      ("binary", "no_positive_class", ["--score", "score", "--positive", "pos"]),
      ("multiclass", "random", []),
      ("multiclass", "model_class_absent_from_target", []),
      ("regression", "weighted", ["--weight", "w"]),
      ("regression", "one_row", ["--task", "regression"]),
    ]
    for (task, name, extra) in cases {
      let golden = try Self.golden(task, name)
      let metrics = try evaluate(
        ["--predictions", "p.csv", "--target", "y"] + extra, csv: Self.csv(golden, task: task),
        directory: directory)
      assertMatches(metrics, golden, "\(task) \(name)")
      XCTAssertEqual(metrics["meta"]?["task"]?.stringValue, task)
    }
  }

  func testUnseenTargetClassIsPaddedWithZeroProbability() throws {
    let directory = try makeTempDir(self)
    let golden = try Self.golden("multiclass", "unseen_class_in_target")
    let csv = Self.csv(golden, task: "multiclass", dropZeroColumns: true)
    XCTAssertFalse(csv.hasPrefix("id,prediction,proba_a,proba_b,proba_c,proba_d,proba_e"))
    let metrics = try evaluate(
      ["--predictions", "p.csv", "--target", "y"], csv: csv, directory: directory)
    assertMatches(metrics, golden, "unseen class")
    XCTAssertEqual(metrics["meta"]?["classes"]?.arrayValue?.count, 5)
  }

  func testBootstrapIsByteReproducibleAcrossThreads() throws {
    let directory = try makeTempDir(self)
    let golden = try Self.golden("binary", "random")
    try Self.csv(golden, task: "binary").write(
      toFile: directory + "/p.csv", atomically: true, encoding: .utf8)
    let base = [
      "--predictions", "p.csv", "--target", "y", "--score", "score", "--positive", "pos",
      "--bootstrap", "200", "--slice", "region",
    ]
    let one = try CLIRunner.run("evaluate", base + ["--threads", "1"], directory: directory)
    let two = try CLIRunner.run("evaluate", base + ["--threads", "3"], directory: directory)
    let seeded = try CLIRunner.run("evaluate", base + ["--seed", "1"], directory: directory)
    XCTAssertEqual(one.status, 0, one.stderr)
    XCTAssertEqual(one.stdoutBytes, two.stdoutBytes)
    XCTAssertNotEqual(one.stdoutBytes, seeded.stdoutBytes)
    let metrics = try JSONParser.parse(one.stdout, file: "metrics.json")
    for name in ["accuracy", "roc_auc", "log_loss"] {
      let bounds = try XCTUnwrap(metrics["ci"]?[name]?.arrayValue?.compactMap(\.doubleValue))
      let value = try XCTUnwrap(metrics[name]?.doubleValue)
      XCTAssertTrue(bounds[0] < value && value < bounds[1], "\(name) \(bounds) \(value)")
    }
    XCTAssertNotNil(metrics["slices"]?["region"]?["north"]?["ci"]?["roc_auc"])
    XCTAssertEqual(metrics["meta"]?["seed"]?.intValue, 0)
    XCTAssertEqual(metrics["meta"]?["bootstrap"]?["rounds"]?.intValue, 200)
  }

  func testSlicesSkipSmallGroupsAndWriteReports() throws {
    let directory = try makeTempDir(self)
    let golden = try Self.golden("binary", "random")
    let metrics = try evaluate(
      [
        "--predictions", "p.csv", "--target", "y", "--score", "score", "--positive", "pos",
        "--slice", "region", "--min-slice-size", "101", "--markdown", "r.md", "--openmetrics",
        "m.txt", "--predictions-out", "out.csv", "--id", "id", "-o", "-",
      ], csv: Self.csv(golden, task: "binary"), directory: directory)
    // 300 rows cycle north, south, east: 100 each, all below 101.
    XCTAssertEqual(metrics["meta"]?["slices_skipped"]?["region"]?["north"]?.intValue, 100)
    XCTAssertEqual(metrics["slices"]?["region"]?.objectValue?.count, 0)
    let markdown = try String(contentsOfFile: directory + "/r.md", encoding: .utf8)
    XCTAssertTrue(markdown.contains("| roc_auc |"), markdown)
    let openMetrics = try String(contentsOfFile: directory + "/m.txt", encoding: .utf8)
    XCTAssertTrue(openMetrics.hasSuffix("# EOF\n"))
    XCTAssertTrue(openMetrics.contains("# TYPE roc_auc gauge\nroc_auc 0."), openMetrics)
    let written = try String(contentsOfFile: directory + "/out.csv", encoding: .utf8)
    XCTAssertTrue(
      written.hasPrefix("id,prediction,proba_neg,proba_pos,y,region,sluice_task\n1,"), written)
    // The written predictions evaluate to the same numbers.
    let again = try CLIRunner.run(
      "evaluate", ["--predictions", "out.csv", "--target", "y", "--positive", "pos"],
      directory: directory)
    let reread = try JSONParser.parse(again.stdout, file: "again")
    XCTAssertEqual(reread["roc_auc"], metrics["roc_auc"])
    XCTAssertEqual(reread["accuracy"], metrics["accuracy"])
  }

  static let model = """
    {"sluice_model_version": 1, "task": "binary", "target": "y", "classes": ["no", "yes"],
     "model": {"kind": "logistic", "coefficients": [[2.0]], "intercepts": [-0.5]},
     "pipeline": [
       {"kind": "numeric", "column": "x", "median": 0, "mean": 0, "scale": 1, "indicator": false}],
     "hyperparameters": {}, "training": {}}
    """

  func testModelModeAgreesWithPredictThenEvaluate() throws {
    let directory = try makeTempDir(self)
    try Self.model.write(toFile: directory + "/m.json", atomically: true, encoding: .utf8)
    var data = "id,x,y,g\n"
    for row in 0..<60 {
      let x = Double((row * 37) % 60) / 20 - 1.5
      data += "r\(row),\(x),\((row * 7) % 5 < 2 ? "yes" : "no"),\(row % 2 == 0 ? "a" : "b")\n"
    }
    try data.write(toFile: directory + "/d.csv", atomically: true, encoding: .utf8)
    let direct = try CLIRunner.run(
      "evaluate",
      ["m.json", "d.csv", "--id", "id", "--slice", "g", "--predictions-out", "out.csv"],
      directory: directory)
    XCTAssertEqual(direct.status, 0, direct.stderr)
    let predicted = try CLIRunner.run(
      "predict", ["m.json", "d.csv", "--id", "id", "--keep", "g"], directory: directory)
    XCTAssertEqual(predicted.status, 0, predicted.stderr)
    XCTAssertEqual(
      try String(contentsOfFile: directory + "/out.csv", encoding: .utf8), predicted.stdout)
    let piped = try CLIRunner.run(
      "evaluate", ["--predictions", "-", "--target", "y", "--slice", "g"],
      stdin: Data(predicted.stdout.utf8), directory: directory)
    XCTAssertEqual(piped.status, 0, piped.stderr)
    XCTAssertEqual(direct.stdout, piped.stdout)
    let metrics = try JSONParser.parse(direct.stdout, file: "metrics.json")
    XCTAssertEqual(metrics["n"]?.intValue, 60)
    XCTAssertEqual(metrics["meta"]?["positive"]?.stringValue, "yes")
    XCTAssertEqual(metrics["meta"]?["target"]?.stringValue, "y")
    XCTAssertNotNil(metrics["slices"]?["g"]?["a"]?["roc_auc"]?.doubleValue)
  }

  func testUsageAndDataErrors() throws {
    let directory = try makeTempDir(self)
    try "row,prediction,y\n1,3,3\n2,4,5\n3,1,1\n".write(
      toFile: directory + "/ints.csv", atomically: true, encoding: .utf8)
    let ambiguous = try CLIRunner.run(
      "evaluate", ["--predictions", "ints.csv", "--target", "y"], directory: directory)
    XCTAssertEqual(ambiguous.status, 64)
    XCTAssertTrue(ambiguous.stderr.contains("--task"), ambiguous.stderr)
    let regression = try CLIRunner.run(
      "evaluate", ["--predictions", "ints.csv", "--target", "y", "--task", "regression"],
      directory: directory)
    XCTAssertEqual(regression.status, 0, regression.stderr)
    let missing = try CLIRunner.run(
      "evaluate", ["--predictions", "ints.csv", "--target", "nope"], directory: directory)
    XCTAssertEqual(missing.status, 65, "a column the data lacks is bad input, as in train")
    XCTAssertTrue(missing.stderr.contains("'nope' is not in ints.csv"), missing.stderr)
    try "row,prediction,proba_no,proba_yes,y\n".write(
      toFile: directory + "/empty.csv", atomically: true, encoding: .utf8)
    let empty = try CLIRunner.run(
      "evaluate", ["--predictions", "empty.csv", "--target", "y"], directory: directory)
    XCTAssertEqual(empty.status, 65)
    XCTAssertEqual(empty.stderr, "evaluate: error: empty.csv has no data rows to evaluate\n")
    try "row,proba_a,proba_b,y\n1,0.2,0.8,b\n2,0.5,0.5,c\n".write(
      toFile: directory + "/bad.csv", atomically: true, encoding: .utf8)
    let bad = try CLIRunner.run(
      "evaluate", ["--predictions", "bad.csv", "--target", "y", "--task", "binary"],
      directory: directory)
    XCTAssertEqual(bad.status, 65)
    XCTAssertTrue(bad.stderr.hasPrefix("evaluate: error: "), bad.stderr)
    XCTAssertTrue(bad.stderr.contains("line 3"), bad.stderr)
    let both = try CLIRunner.run(
      "evaluate", ["m.json", "d.csv", "--predictions", "ints.csv", "--target", "y"],
      directory: directory)
    XCTAssertEqual(both.status, 64)
  }
}
