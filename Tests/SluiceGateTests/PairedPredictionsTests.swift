import SluiceCore
import SluiceMetrics
import XCTest

@testable import SluiceGate

/// Paired evaluation in the library: id alignment and the per-resample metric cache.
final class PairedPredictionsTests: XCTestCase {
  private func binary(ids: [String], labels: [Int32], scores: [Double]) -> PredictionSet {
    PredictionSet(
      task: .binary, ids: ids, classes: ["no", "yes"], labels: labels,
      predicted: scores.map { $0 >= 0.5 ? 1 : 0 }, positiveScores: scores,
      probabilities: scores.flatMap { [1 - $0, $0] })
  }

  private let names = ("cand.csv", "base.csv")

  func testAlignReordersTheBaselineToTheCandidatesIds() throws {
    let candidate = binary(ids: ["a", "b", "c"], labels: [1, 0, 1], scores: [0.9, 0.2, 0.6])
    let baseline = binary(ids: ["c", "a", "b"], labels: [1, 1, 0], scores: [0.3, 0.8, 0.1])
    let aligned = try PairedInput.align(baseline, to: candidate, names: names)
    XCTAssertEqual(aligned.ids, ["a", "b", "c"])
    XCTAssertEqual(aligned.positiveScores, [0.8, 0.1, 0.3])
    XCTAssertEqual(aligned.labels, candidate.labels)
  }

  func testAlignRefusesDifferentIdsDuplicatesAndTruths() {
    let candidate = binary(ids: ["a", "b"], labels: [1, 0], scores: [0.9, 0.2])
    let cases: [(PredictionSet, String)] = [
      (
        binary(ids: ["a", "z"], labels: [1, 0], scores: [0.9, 0.2]),
        "prediction ids differ: 'b' is in cand.csv but not in base.csv"
      ),
      (
        binary(ids: ["b", "a", "z"], labels: [0, 1, 0], scores: [0.2, 0.9, 0.1]),
        "prediction ids differ: 'z' is in base.csv but not in cand.csv"
      ),
      (
        binary(ids: ["a", "a"], labels: [1, 1], scores: [0.9, 0.2]),
        "id 'a' appears twice in base.csv"
      ),
      (
        binary(ids: ["b", "a"], labels: [1, 1], scores: [0.2, 0.9]),
        "the target differs at id 'b' between cand.csv and base.csv"
      ),
      (
        PredictionSet(task: .regression, ids: ["a", "b"], targets: [1, 0], values: [1, 0]),
        "the predictions are for different tasks: binary in cand.csv, regression in base.csv"
      ),
    ]
    var checked = 0
    for (baseline, message) in cases {
      XCTAssertThrowsError(try PairedInput.align(baseline, to: candidate, names: names)) {
        XCTAssertEqual(($0 as? CoreError)?.message, message)
        XCTAssertEqual(($0 as? CoreError)?.exitCode, .dataError)
      }
      checked += 1
    }
    XCTAssertEqual(checked, 5)
  }

  func testPairedMetricsAreTheSuitesValuesOnEachResample() throws {
    let candidate = binary(
      ids: ["a", "b", "c", "d", "e"], labels: [1, 0, 1, 0, 1], scores: [0.9, 0.2, 0.4, 0.7, 0.8])
    let baseline = binary(
      ids: ["a", "b", "c", "d", "e"], labels: [1, 0, 1, 0, 1], scores: [0.6, 0.1, 0.7, 0.3, 0.2])
    let input = PairedInput(
      candidate: candidate, baseline: baseline, bootstrap: PairedBootstrap(rounds: 10, seed: 1))
    XCTAssertEqual(input.rowCount, 5)
    let suite = MetricSuite.names(for: .binary).filter { $0 != "n" }
    XCTAssertEqual(Set(input.metrics.keys), Set(suite))
    var compared = 0
    for rows in [[0, 1, 2, 3, 4], [4, 4, 1, 0, 2], [3, 0, 0, 1, 4]] {
      let first = MetricSuite.compute(candidate.subset(rows))
      let second = MetricSuite.compute(baseline.subset(rows))
      for name in suite {
        let metric = try XCTUnwrap(input.metrics[name])
        XCTAssertEqual(metric.candidate(rows), first[name], "\(name) \(rows)")
        XCTAssertEqual(metric.baseline(rows), second[name], "\(name) \(rows)")
        compared += 1
      }
    }
    XCTAssertEqual(compared, 3 * suite.count)
    XCTAssertEqual(input.correctness?.candidate, [true, true, false, false, true])
    XCTAssertEqual(input.scores?.positive, [true, false, true, false, true])
  }

  func testMetricCacheComputesTheSuiteOncePerSample() {
    let set = binary(ids: ["a", "b", "c"], labels: [1, 0, 1], scores: [0.9, 0.2, 0.4])
    let cache = MetricCache(set)
    let rows = [2, 0, 0]
    XCTAssertEqual(
      cache.value("accuracy", rows: rows), MetricSuite.compute(set.subset(rows))["accuracy"])
    XCTAssertEqual(cache.rows, rows)
    let values = cache.values
    _ = cache.value("roc_auc", rows: rows)
    XCTAssertEqual(cache.values?["accuracy"], values?["accuracy"])
    _ = cache.value("accuracy", rows: [0, 1, 2])
    XCTAssertEqual(cache.rows, [0, 1, 2])
  }
}
