import Foundation
import XCTest

/// GBDT leftovers of issue 17: LightGBM's categorical split rules, feature importance in
/// evaluate's outputs.
final class GBDTLeftoversTests: XCTestCase {

  /// Rows whose label depends on a four-level category: k0 and k1 are mostly "yes".
  static func fourLevels(rows: Int) -> String {
    var state: UInt64 = 7
    func next() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53)
    }
    var text = "x,c,y\n"
    for _ in 0..<rows {
      let code = Int(next() * 4)
      let yes = next() < (code < 2 ? 0.8 : 0.2)
      text += String(format: "%.4f", next()) + ",k\(code),\(yes ? "yes" : "no")\n"
    }
    return text
  }

  /// LightGBM counts the bin of missing and other categories against max_cat_to_onehot
  /// (default 4): four categories are five bins, so they split many versus many, and the
  /// root sends both good categories left at once.
  func testFourCategoriesSplitManyVersusManyAsLightGBM() throws {
    let directory = try makeTempDir(self)
    try Self.fourLevels(rows: 2000).write(
      toFile: directory + "/train.csv", atomically: true, encoding: .utf8)
    let trained = try CLIRunner.run(
      "train",
      [
        "train.csv", "--target", "y", "--model", "gbdt", "--set", "n_estimators=1", "--set",
        "num_leaves=2", "-o", "m.json", "--quiet",
      ], directory: directory)
    XCTAssertEqual(trained.status, 0, trained.stderr)
    let body = try XCTUnwrap(
      try jsonObject(atPath: directory + "/m.json")["model"] as? [String: Any])
    let trees = try XCTUnwrap(body["trees"] as? [[String: Any]])
    let root = try XCTUnwrap((trees.first?["nodes"] as? [[String: Any]])?.first)
    XCTAssertEqual((root["categories"] as? [Int])?.count, 2, "\(root)")
    // With four categories allowed one versus rest (LightGBM's max_cat_to_onehot=5), one
    // category goes left.
    let onehot = try CLIRunner.run(
      "train",
      [
        "train.csv", "--target", "y", "--model", "gbdt", "--set", "n_estimators=1", "--set",
        "num_leaves=2", "--set", "max_cat_to_onehot=5", "-o", "o.json", "--quiet",
      ], directory: directory)
    XCTAssertEqual(onehot.status, 0, onehot.stderr)
    let other = try XCTUnwrap(
      try jsonObject(atPath: directory + "/o.json")["model"] as? [String: Any])
    let otherRoot = try XCTUnwrap(
      ((other["trees"] as? [[String: Any]])?.first?["nodes"] as? [[String: Any]])?.first)
    XCTAssertEqual((otherRoot["categories"] as? [Int])?.count, 1, "\(otherRoot)")
  }

  /// evaluate of a GBDT model records model.json's importance by feature name in
  /// meta.feature_importance and the Markdown report; a linear model has none.
  func testEvaluateReportsTreeFeatureImportance() throws {
    let directory = try makeTempDir(self)
    try RightByDefaultGBDTTests.table(rows: 1500).write(
      toFile: directory + "/train.csv", atomically: true, encoding: .utf8)
    try RightByDefaultGBDTTests.table(rows: 500, seed: 2).write(
      toFile: directory + "/test.csv", atomically: true, encoding: .utf8)
    let trained = try CLIRunner.run(
      "train",
      ["train.csv", "--target", "y", "--model", "gbdt", "-o", "m.json", "--quiet"],
      directory: directory)
    XCTAssertEqual(trained.status, 0, trained.stderr)
    let evaluated = try CLIRunner.run(
      "evaluate", ["m.json", "test.csv", "-o", "metrics.json", "--markdown", "metrics.md"],
      directory: directory)
    XCTAssertEqual(evaluated.status, 0, evaluated.stderr)
    let body = try XCTUnwrap(
      try jsonObject(atPath: directory + "/m.json")["model"] as? [String: Any])
    let features = try XCTUnwrap(body["features"] as? [String])
    let importance = try XCTUnwrap(body["importance"] as? [String: Any])
    let gains = try XCTUnwrap(importance["gain"] as? [Double])
    let splits = try XCTUnwrap(importance["split"] as? [Int])
    let meta = try XCTUnwrap(
      try jsonObject(atPath: directory + "/metrics.json")["meta"] as? [String: Any])
    let reported = try XCTUnwrap(meta["feature_importance"] as? [String: Any])
    let reportedGain = try XCTUnwrap(reported["gain"] as? [String: Double])
    let reportedSplit = try XCTUnwrap(reported["split"] as? [String: Int])
    XCTAssertEqual(Set(reportedGain.keys), Set(features))
    for (index, feature) in features.enumerated() {
      XCTAssertEqual(reportedGain[feature], gains[index], feature)
      XCTAssertEqual(reportedSplit[feature], splits[index], feature)
    }
    let markdown = try String(contentsOfFile: directory + "/metrics.md", encoding: .utf8)
    XCTAssertTrue(
      markdown.contains(
        "\nFeature importance (split gain summed over the trees):\n\n"
          + "| feature | gain | splits |\n|---|---:|---:|\n"), markdown)
    // Most gain first.
    let top = features.indices.max { gains[$0] < gains[$1] } ?? 0
    XCTAssertTrue(
      markdown.contains("|---|---:|---:|\n| \(features[top]) |"), "top: \(features[top])")
    for (index, feature) in features.enumerated() {
      XCTAssertTrue(markdown.contains("| \(feature) |"), feature)
      XCTAssertTrue(markdown.contains(" | \(splits[index]) |\n"), feature)
    }
    // A linear model has no tree importance.
    let linear = try CLIRunner.run(
      "train", ["train.csv", "--target", "y", "-o", "l.json", "--quiet"], directory: directory)
    XCTAssertEqual(linear.status, 0, linear.stderr)
    let linearEvaluated = try CLIRunner.run(
      "evaluate", ["l.json", "test.csv", "-o", "l.metrics.json", "--markdown", "l.md"],
      directory: directory)
    XCTAssertEqual(linearEvaluated.status, 0, linearEvaluated.stderr)
    let linearMeta = try XCTUnwrap(
      try jsonObject(atPath: directory + "/l.metrics.json")["meta"] as? [String: Any])
    XCTAssertNil(linearMeta["feature_importance"])
    let linearMarkdown = try String(contentsOfFile: directory + "/l.md", encoding: .utf8)
    XCTAssertFalse(linearMarkdown.contains("Feature importance"))
  }

  /// `--set objective` takes LightGBM's regression losses; a regression loss on a class target
  /// or an unknown name is a usage error; the objective is recorded.
  func testRegressionObjectivesAreCheckedAndRecorded() throws {
    let directory = try makeTempDir(self)
    try RightByDefaultGBDTTests.table(rows: 400).write(
      toFile: directory + "/t.csv", atomically: true, encoding: .utf8)
    let wrongTask = try CLIRunner.run(
      "train",
      ["t.csv", "--target", "y", "--model", "gbdt", "--set", "objective=huber", "-o", "m.json"],
      directory: directory)
    XCTAssertEqual(wrongTask.status, 64, wrongTask.stderr)
    XCTAssertTrue(wrongTask.stderr.contains("is a regression loss"), wrongTask.stderr)
    let unknown = try CLIRunner.run(
      "train",
      ["t.csv", "--target", "x1", "--model", "gbdt", "--set", "objective=poisson", "-o", "m.json"],
      directory: directory)
    XCTAssertEqual(unknown.status, 64, unknown.stderr)
    XCTAssertTrue(unknown.stderr.contains("expected regression, regression_l1"), unknown.stderr)
    for (name, recorded) in [("l1", "regression_l1"), ("huber", "huber")] {
      let trained = try CLIRunner.run(
        "train",
        [
          "t.csv", "--target", "x1", "--task", "regression", "--model", "gbdt", "--set",
          "objective=\(name)", "-o", "\(name).json", "--quiet",
        ], directory: directory)
      XCTAssertEqual(trained.status, 0, trained.stderr)
      let model = try jsonObject(atPath: directory + "/\(name).json")
      let hyperparameters = try XCTUnwrap(model["hyperparameters"] as? [String: Any])
      XCTAssertEqual(hyperparameters["objective"] as? String, recorded)
      XCTAssertEqual(hyperparameters["huber_delta"] != nil, name == "huber")
    }
  }
}
