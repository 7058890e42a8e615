import SluiceCore
import XCTest

@testable import SluiceMetrics

/// The curve points against scikit-learn's, from ci/fixtures/generate_plot_fixtures.py.
final class PlotCurvesTests: XCTestCase {
  /// One fixture case's inputs.
  private struct Inputs {
    var name: String
    var positive: [Bool]
    var scores: [Double]
    var weights: [Double]?
  }

  private func inputs(_ entry: JSONValue) throws -> Inputs {
    let name = try XCTUnwrap(entry["name"]?.stringValue)
    let truth = try PlotFixtures.integers(entry["truth"])
    let scores = try PlotFixtures.doubles(entry["scores"])
    let weights =
      entry["weights"]?.isNull == false ? try PlotFixtures.doubles(entry["weights"]) : nil
    return Inputs(name: name, positive: truth.map { $0 == 1 }, scores: scores, weights: weights)
  }

  func testFixturesCoverTheEdgeCases() throws {
    let names = try PlotFixtures.curves().compactMap { $0["name"]?.stringValue }
    for required in [
      "continuous", "ties_on_grid", "weighted_ties", "all_equal", "one_row_positive",
      "no_positives", "no_negatives", "calibration_edges", "large_ties",
    ] {
      XCTAssertTrue(names.contains(required), "missing fixture case \(required)")
    }
  }

  func testROCCurveMatchesScikitLearn() throws {
    var checked = 0
    for entry in try PlotFixtures.curves() {
      let input = try inputs(entry)
      let counts = PlotCurves.ThresholdCounts(
        positive: input.positive, scores: input.scores, weights: input.weights)
      let roc = PlotCurves.ROC(counts)
      let expected = try XCTUnwrap(entry["roc"])
      assertClose(
        roc.falsePositiveRate, try PlotFixtures.doubles(expected["fpr"]), "\(input.name) fpr")
      assertClose(
        roc.truePositiveRate, try PlotFixtures.doubles(expected["tpr"]), "\(input.name) tpr")
      assertClose(
        roc.thresholds, try PlotFixtures.doubles(expected["thresholds"]), tolerance: 0,
        "\(input.name) thresholds")
      checked += 1
    }
    XCTAssertEqual(checked, 14, "every case of curves.json")
  }

  func testPrecisionRecallCurveMatchesScikitLearn() throws {
    var checked = 0
    for entry in try PlotFixtures.curves() {
      let input = try inputs(entry)
      let counts = PlotCurves.ThresholdCounts(
        positive: input.positive, scores: input.scores, weights: input.weights)
      let curve = PlotCurves.PrecisionRecall(counts)
      let expected = try XCTUnwrap(entry["precision_recall"])
      assertClose(
        curve.precision, try PlotFixtures.doubles(expected["precision"]), "\(input.name) precision")
      assertClose(
        curve.recall, try PlotFixtures.doubles(expected["recall"]), "\(input.name) recall")
      assertClose(
        curve.thresholds, try PlotFixtures.doubles(expected["thresholds"]), tolerance: 0,
        "\(input.name) thresholds")
      checked += 1
    }
    XCTAssertEqual(checked, 14, "every case of curves.json")
  }

  func testCalibrationCurveMatchesScikitLearn() throws {
    var checked = 0
    for entry in try PlotFixtures.curves() {
      guard let expected = entry["calibration"] else { continue }
      let input = try inputs(entry)
      let curve = PlotCurves.Calibration(
        positive: input.positive, scores: input.scores, weights: nil)
      assertClose(
        curve.fractionPositive, try PlotFixtures.doubles(expected["prob_true"]),
        "\(input.name) prob_true")
      assertClose(
        curve.meanPredicted, try PlotFixtures.doubles(expected["prob_pred"]),
        "\(input.name) prob_pred")
      XCTAssertEqual(curve.bins, try PlotFixtures.integers(expected["bins"]), input.name)
      XCTAssertEqual(curve.counts, try PlotFixtures.integers(expected["counts"]), input.name)
      checked += 1
    }
    XCTAssertEqual(checked, 11, "the cases of curves.json with a calibration curve")
  }

  func testUnitWeightsEqualNoWeightsInCalibration() {
    let scores = [0.05, 0.5, 0.51, 0.97, 0.2]
    let positive = [false, true, false, true, true]
    let plain = PlotCurves.Calibration(positive: positive, scores: scores, weights: nil)
    let unit = PlotCurves.Calibration(positive: positive, scores: scores, weights: [1, 1, 1, 1, 1])
    XCTAssertEqual(plain, unit)
    let doubled = PlotCurves.Calibration(
      positive: positive, scores: scores, weights: [1, 2, 1, 1, 1])
    XCTAssertNotEqual(plain.fractionPositive, doubled.fractionPositive)
  }

  func testAreaAndAveragePrecisionOfKnownCurves() throws {
    let perfect = PlotCurves.ThresholdCounts(
      positive: [false, false, true, true], scores: [0.1, 0.2, 0.8, 0.9], weights: nil)
    XCTAssertEqual(PlotCurves.ROC(perfect).area, 1)
    XCTAssertEqual(PlotCurves.PrecisionRecall(perfect).averagePrecision, 1)
    // roc_auc_score([0,0,1,1], [0.1,0.4,0.35,0.8]) = 0.75; average_precision_score = 0.8333...
    let mixed = PlotCurves.ThresholdCounts(
      positive: [false, false, true, true], scores: [0.1, 0.4, 0.35, 0.8], weights: nil)
    XCTAssertEqual(try XCTUnwrap(PlotCurves.ROC(mixed).area), 0.75, accuracy: 1e-15)
    XCTAssertEqual(
      try XCTUnwrap(PlotCurves.PrecisionRecall(mixed).averagePrecision), 5.0 / 6.0,
      accuracy: 1e-15)
    let oneClass = PlotCurves.ThresholdCounts(
      positive: [true, true], scores: [0.2, 0.3], weights: nil)
    XCTAssertNil(PlotCurves.ROC(oneClass).area)
    XCTAssertFalse(PlotCurves.ROC(oneClass).isDefined)
  }
}
