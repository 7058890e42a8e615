import Foundation
import XCTest

/// Quality parity of `train --model gbdt` with LightGBM and scikit-learn's
/// HistGradientBoosting, against golden numbers made by
/// ci/fixtures/generate_gbdt_fixtures.py (Fixtures/gbdt/golden.json), with default settings
/// on both sides (LightGBM's: 31 leaves, 100 rounds, learning rate 0.1, 20 rows a leaf), but
/// for binning against HistGradientBoosting (below).
final class GBDTParityTests: XCTestCase {
  static let fixtures = ValidateDataTests.fixtures.appendingPathComponent("gbdt")

  func golden() throws -> [String: Double] {
    let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("golden.json"))
    return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Double])
  }

  /// Trains on `train` and returns `metric` of evaluate on `test`.
  func heldOut(
    _ train: String, _ test: String, target: String, metric: String, extra: [String] = [],
    directory: String
  ) throws -> Double {
    let trained = try CLIRunner.run(
      "train", [train, "--target", target, "--model", "gbdt", "-o", "m.json", "--quiet"] + extra,
      directory: directory)
    XCTAssertEqual(trained.status, 0, trained.stderr)
    let evaluated = try CLIRunner.run(
      "evaluate", ["m.json", test, "-o", "metrics.json"], directory: directory)
    XCTAssertEqual(evaluated.status, 0, evaluated.stderr)
    let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/metrics.json"))
    let metrics = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    return try XCTUnwrap(metrics[metric] as? Double, "\(metric) in \(metrics.keys.sorted())")
  }

  func testHeldOutAUCMatchesLightGBMOnTheBenchShape() throws {
    let directory = try makeTempDir(self)
    let auc = try heldOut(
      Self.fixtures.appendingPathComponent("mixed-train.csv.gz").path,
      Self.fixtures.appendingPathComponent("mixed-test.csv.gz").path, target: "label",
      metric: "roc_auc", directory: directory)
    let reference = try XCTUnwrap(try golden()["mixed_lightgbm_auc"])
    XCTAssertEqual(auc, reference, accuracy: 0.002, "Sluice \(auc), LightGBM \(reference)")
  }

  /// Thresholds, interactions, informative missing values and categoricals of 8 and 30
  /// levels (many-versus-many splits by default, one versus rest with max_cat_to_onehot),
  /// and trees beat the linear model by far.
  func testHeldOutAUCOnANonLinearTable() throws {
    let directory = try makeTempDir(self)
    let train = Self.fixtures.appendingPathComponent("nonlinear-train.csv.gz").path
    let test = Self.fixtures.appendingPathComponent("nonlinear-test.csv.gz").path
    let auc = try heldOut(train, test, target: "y", metric: "roc_auc", directory: directory)
    let reference = try XCTUnwrap(try golden()["nonlinear_lightgbm_auc"])
    XCTAssertEqual(auc, reference, accuracy: 0.002, "Sluice \(auc), LightGBM \(reference)")
    let oneVersusRest = try heldOut(
      train, test, target: "y", metric: "roc_auc", extra: ["--set", "max_cat_to_onehot=64"],
      directory: directory)
    XCTAssertEqual(oneVersusRest, reference, accuracy: 0.002, "one versus rest: \(oneVersusRest)")
    let trained = try CLIRunner.run(
      "train", [train, "--target", "y", "--model", "logistic", "-o", "l.json", "--quiet"],
      directory: directory)
    XCTAssertEqual(trained.status, 0, trained.stderr)
    let evaluated = try CLIRunner.run(
      "evaluate", ["l.json", test, "-o", "l-metrics.json"], directory: directory)
    XCTAssertEqual(evaluated.status, 0, evaluated.stderr)
    let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/l-metrics.json"))
    let linear = try XCTUnwrap(
      (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["roc_auc"] as? Double)
    XCTAssertGreaterThan(auc, linear + 0.05, "trees \(auc), logistic \(linear)")
  }

  /// 5-fold CV (fold k: rows whose index mod 5 is k) on scikit-learn's bundled datasets.
  /// The matching setting for HistGradientBoosting, which bins every distinct value (up to
  /// 255) on its own, is `min_data_in_bin=1` (LightGBM's default 3 merges rare values).
  func testCrossValidatedMeansMatchHistGradientBoosting() throws {
    let golden = try golden()
    for (name, metric, key, relative) in [
      ("breast_cancer", "roc_auc", "breast_cancer_hgb_cv_auc", false),
      ("wine", "roc_auc_ovr", "wine_hgb_cv_auc", false),
      ("diabetes", "rmse", "diabetes_hgb_cv_rmse", true),
    ] {
      let directory = try makeTempDir(self)
      let text = try String(
        contentsOf: Self.fixtures.appendingPathComponent("\(name).csv"), encoding: .utf8)
      var lines = text.split(separator: "\n").map(String.init)
      let header = lines.removeFirst()
      var scores: [Double] = []
      for fold in 0..<5 {
        let train = lines.indices.filter { $0 % 5 != fold }.map { lines[$0] }
        let test = lines.indices.filter { $0 % 5 == fold }.map { lines[$0] }
        try ([header] + train).joined(separator: "\n").write(
          toFile: directory + "/train.csv", atomically: true, encoding: .utf8)
        try ([header] + test).joined(separator: "\n").write(
          toFile: directory + "/test.csv", atomically: true, encoding: .utf8)
        scores.append(
          try heldOut(
            "train.csv", "test.csv", target: "y", metric: metric,
            extra: ["--set", "min_data_in_bin=1"] + (relative ? ["--task", "regression"] : []),
            directory: directory))
      }
      let mean = scores.reduce(0, +) / 5
      let reference = try XCTUnwrap(golden[key])
      XCTAssertEqual(
        mean, reference, accuracy: relative ? reference * 0.01 : 0.002,
        "\(name): Sluice \(mean), HistGradientBoosting \(reference)")
    }
  }

  /// The absolute-error and Huber losses (LightGBM's `regression_l1` and `huber`), 5-fold CV
  /// on diabetes with the default settings on both sides (Huber's delta 30): Huber within 1%
  /// of LightGBM's RMSE; absolute error within 2% of its MAE (a known gap: 46.21 against
  /// 47.01, not traced yet; docs/gbdt.md).
  func testRegressionL1AndHuberMatchLightGBM() throws {
    let golden = try golden()
    let directory = try makeTempDir(self)
    let text = try String(
      contentsOf: Self.fixtures.appendingPathComponent("diabetes.csv"), encoding: .utf8)
    var lines = text.split(separator: "\n").map(String.init)
    let header = lines.removeFirst()
    for (settings, metric, key, tolerance) in [
      (["objective=regression_l1"], "mae", "diabetes_lightgbm_l1_cv_mae", 0.02),
      (["objective=huber", "huber_delta=30"], "rmse", "diabetes_lightgbm_huber_cv_rmse", 0.01),
    ] {
      var scores: [Double] = []
      for fold in 0..<5 {
        let train = lines.indices.filter { $0 % 5 != fold }.map { lines[$0] }
        let test = lines.indices.filter { $0 % 5 == fold }.map { lines[$0] }
        try ([header] + train).joined(separator: "\n").write(
          toFile: directory + "/train.csv", atomically: true, encoding: .utf8)
        try ([header] + test).joined(separator: "\n").write(
          toFile: directory + "/test.csv", atomically: true, encoding: .utf8)
        scores.append(
          try heldOut(
            "train.csv", "test.csv", target: "y", metric: metric,
            extra: ["--task", "regression"] + settings.flatMap { ["--set", $0] },
            directory: directory))
      }
      let mean = scores.reduce(0, +) / 5
      let reference = try XCTUnwrap(golden[key])
      XCTAssertEqual(
        mean, reference, accuracy: reference * tolerance,
        "\(settings): Sluice \(mean), LightGBM \(reference)")
    }
  }
}
