import SluiceCore
import XCTest

@testable import SluiceMetrics

/// Reproducibility and mechanics of the bootstrap.
final class BootstrapTests: XCTestCase {
  static func sample() -> PredictionSet {
    var random = SplitRandom(seed: 1, stream: 0)
    var set = PredictionSet(task: .binary, classes: ["n", "y"])
    for _ in 0..<500 {
      let score = Double(random.below(1000)) / 1000
      set.positiveScores.append(score)
      set.labels.append(random.below(1000) < Int(score * 1000) ? 1 : 0)
      set.predicted.append(score > 0.5 ? 1 : 0)
    }
    return set
  }

  func testIntervalsDoNotDependOnThreads() {
    let set = Self.sample()
    let one = Bootstrap.intervals(set, settings: .init(rounds: 300, seed: 3, workers: 1))
    let four = Bootstrap.intervals(set, settings: .init(rounds: 300, seed: 3, workers: 4))
    XCTAssertEqual(one, four)
    let other = Bootstrap.intervals(set, settings: .init(rounds: 300, seed: 4, workers: 4))
    XCTAssertNotEqual(one, other)
    XCTAssertEqual(Set(one.bounds.keys), Set(MetricSuite.names(for: .binary).dropFirst()))
  }

  func testMultiplicitiesEqualAMaterialisedResample() {
    let set = Self.sample()
    var random = SplitRandom(seed: 9, stream: 2)
    var multiplicity = [Int32](repeating: 0, count: set.count)
    var rows: [Int] = []
    for _ in 0..<set.count {
      let row = random.below(set.count)
      multiplicity[row] += 1
      rows.append(row)
    }
    let fast = Evaluator(set).compute(multiplicity: multiplicity)
    let slow = MetricSuite.compute(set.subset(rows))
    for name in MetricSuite.names(for: .binary) {
      let a = fast[name] ?? .nan
      let b = slow[name] ?? .nan
      XCTAssertEqual(a, b, accuracy: 1e-12, name)
    }
  }

  func testMulticlassAndRegressionMultiplicities() throws {
    for task in [EvaluationTask.multiclass, .regression] {
      let golden = try XCTUnwrap(MetricsFixtures.cases(task).first { $0.name == "random" })
      let set = golden.set
      var random = SplitRandom(seed: 5, stream: 1)
      var multiplicity = [Int32](repeating: 0, count: set.count)
      var rows: [Int] = []
      for _ in 0..<set.count {
        let row = random.below(set.count)
        multiplicity[row] += 1
        rows.append(row)
      }
      let fast = Evaluator(set).compute(multiplicity: multiplicity)
      let slow = MetricSuite.compute(set.subset(rows))
      for name in MetricSuite.names(for: task) {
        XCTAssertEqual(fast[name] ?? .nan, slow[name] ?? .nan, accuracy: 1e-12, "\(task) \(name)")
      }
    }
  }

  func testPercentileMatchesNumpyLinear() {
    // np.percentile([1, 2, 3, 4, 10], [2.5, 97.5]) == [1.1, 9.4]
    let values = [1.0, 2, 3, 4, 10]
    XCTAssertEqual(Bootstrap.percentile(values, 0.025), 1.1, accuracy: 1e-12)
    XCTAssertEqual(Bootstrap.percentile(values, 0.975), 9.4, accuracy: 1e-12)
  }

  func testUniformIndicesAreInRange() {
    var random = SplitRandom(seed: 0, stream: 0)
    var counts = [Int](repeating: 0, count: 3)
    for _ in 0..<30_000 { counts[random.below(3)] += 1 }
    XCTAssertTrue(counts.allSatisfy { abs($0 - 10_000) < 500 }, "\(counts)")
  }
}
