import Foundation
import SluiceCore
import SluiceTable
import XCTest

@testable import SluiceMetrics

/// Do the percentile bootstrap's 95% intervals cover the true value 95% of the time?
///
/// Design (kept under ~20 s in a debug build on two cores): 1,000 simulated binary data
/// sets of 300 rows and 1,000 regression data sets of 200 rows, each bootstrapped with 200
/// rounds at 95% confidence, seeds fixed so the test is deterministic.
/// - Binary: each row's probability p is drawn uniformly from {0.1, 0.2, 0.3, 0.4, 0.6, 0.7,
///   0.8, 0.9} and its label is Bernoulli(p) (a calibrated model), so the population values
///   are exact: accuracy at threshold 0.5 is E[max(p, 1 − p)], log loss is the mean binary
///   entropy, and ROC AUC is P(p⁺ > p⁻) + ½ P(p⁺ = p⁻) with p⁺ ∝ p and p⁻ ∝ 1 − p.
/// - Regression: errors are N(0, 2²), so the population RMSE is 2.
/// Each metric's coverage (one data set, one interval) must lie in 95% ± 2%; with 1,000 data
/// sets the binomial standard error is 0.7%, so a correct bootstrap fails this by chance
/// with probability well below 1%, and a broken one (intervals too narrow or off-centre by
/// a fraction of their width) fails it.
final class BootstrapCoverageTests: XCTestCase {
  static let probabilities = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9]
  static let datasets = 1_000
  static let binaryRows = 500
  static let regressionRows = 1_000
  static let settings = Bootstrap.Settings(rounds: 200, seed: 7, confidence: 0.95, workers: 1)

  /// The population values of the binary model.
  static var binaryTruth: (accuracy: Double, logLoss: Double, auc: Double) {
    let ps = probabilities
    let accuracy = ps.map { max($0, 1 - $0) }.reduce(0, +) / Double(ps.count)
    let logLoss = ps.map { -$0 * log($0) - (1 - $0) * log(1 - $0) }.reduce(0, +) / Double(ps.count)
    let positive = ps.reduce(0, +)
    let negative = ps.map { 1 - $0 }.reduce(0, +)
    var auc = 0.0
    for a in ps {
      for b in ps {
        let weight = (a / positive) * ((1 - b) / negative)
        auc += weight * (a > b ? 1 : a == b ? 0.5 : 0)
      }
    }
    return (accuracy, logLoss, auc)
  }

  static func binaryDataset(_ index: Int) -> PredictionSet {
    var random = SplitRandom(seed: 2026, stream: UInt64(index))
    var set = PredictionSet(task: .binary, classes: ["0", "1"])
    for _ in 0..<Self.binaryRows {
      let p = probabilities[random.below(probabilities.count)]
      let label: Int32 = uniform(&random) < p ? 1 : 0
      set.labels.append(label)
      set.positiveScores.append(p)
      set.predicted.append(p > 0.5 ? 1 : 0)
    }
    return set
  }

  static func regressionDataset(_ index: Int) -> PredictionSet {
    var random = SplitRandom(seed: 4052, stream: UInt64(index))
    var set = PredictionSet(task: .regression)
    for _ in 0..<Self.regressionRows {
      let truth = 10 * uniform(&random)
      let noise =
        2 * (-2 * log(1 - uniform(&random))).squareRoot() * cos(2 * .pi * uniform(&random))
      set.targets.append(truth)
      set.values.append(truth + noise)
    }
    return set
  }

  static func uniform(_ random: inout SplitRandom) -> Double {
    Double(random.next() >> 11) * 0x1p-53
  }

  /// The share of data sets whose interval for each metric covers its true value.
  static func coverage(
    truth: [String: Double], dataset: @escaping @Sendable (Int) -> PredictionSet
  ) -> [String: Double] {
    let hits = ParallelMap.map(Array(0..<datasets), workers: 2) { index -> [String: Bool] in
      let intervals = Bootstrap.intervals(dataset(index), settings: settings)
      var covered: [String: Bool] = [:]
      for (name, value) in truth {
        guard let bound = intervals.bounds[name] else { continue }
        covered[name] = bound.0 <= value && value <= bound.1
      }
      return covered
    }
    var result: [String: Double] = [:]
    for name in truth.keys {
      result[name] = Double(hits.filter { $0[name] == true }.count) / Double(datasets)
    }
    return result
  }

  func testSmoothMetricsCoverAtTheStatedRate() {
    let truth = Self.binaryTruth
    var coverage = Self.coverage(
      truth: ["accuracy": truth.accuracy, "log_loss": truth.logLoss, "roc_auc": truth.auc],
      dataset: Self.binaryDataset)
    coverage.merge(Self.coverage(truth: ["rmse": 2], dataset: Self.regressionDataset)) { $1 }
    for name in ["accuracy", "roc_auc", "log_loss", "rmse"] {
      let rate = coverage[name] ?? 0
      XCTAssertTrue(
        abs(rate - 0.95) <= 0.02,
        "\(name): 95% intervals covered the truth \(rate * 100)% of the time")
    }
    print("bootstrap coverage:", coverage.sorted { $0.key < $1.key })
  }
}
