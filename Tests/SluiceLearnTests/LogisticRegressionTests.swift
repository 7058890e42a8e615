import Foundation
import SluiceCore
import XCTest

@testable import SluiceLearn

/// Parity with scikit-learn's `LogisticRegression(solver="lbfgs", tol=1e-10)` on the datasets
/// it ships, and the behaviour around it.
final class LogisticRegressionTests: XCTestCase {
  /// Fits `fixture`'s case as scikit-learn did.
  func fit(
    _ fixture: ModelFixture, _ item: JSONValue, tolerance: Double = 1e-10, workers: Int = 2
  ) throws -> LogisticModel {
    let balanced = item["class_weight"]?.stringValue == "balanced"
    let weights =
      item["sample_weight"] == nil ? nil : try ModelFixture.numbers(item["sample_weight"])
    let classes = (fixture.classIndices.max() ?? 0) + 1
    return try LogisticRegression.fit(
      x: fixture.x, y: fixture.classIndices, classes: classes, sampleWeight: weights,
      c: try XCTUnwrap(item["C"]?.doubleValue), classWeight: balanced ? .balanced : .none,
      maxIterations: 10_000, tolerance: tolerance, workers: workers)
  }

  /// Cases where scikit-learn's own answer is further than 1e-4 from the exact optimum.
  static let earlyStops: Set<String> = ["breast_cancer C=100"]

  func checkParity(_ name: String, cases count: Int) throws {
    let fixture = try ModelFixture.load(name)
    XCTAssertEqual(fixture.cases.count, count, "golden \(name) cases")
    for item in fixture.cases {
      let label = "\(name) \(item["name"]?.stringValue ?? "?")"
      let model = try fit(fixture, item)
      XCTAssertTrue(model.converged, label)
      XCTAssertLessThanOrEqual(model.gradientMaxAbs, 1e-10, label)
      XCTAssertTrue(model.finalLoss.isFinite, label)
      // The line search works past the point where the loss stops changing, so a tighter
      // tolerance reaches the exact optimum (found independently by the fixture script).
      let precise = try fit(fixture, item, tolerance: 1e-13)
      XCTAssertTrue(precise.converged, label)
      // scikit-learn's L-BFGS-B stops once the loss stops changing, which on an
      // ill-conditioned problem is before four correct digits: there the tolerance is widened
      // to its own recorded distance from the exact optimum.
      let ownError = try XCTUnwrap(item["sklearn_relative_error"]?.doubleValue)
      var relative = 1e-4
      if ownError > 1e-4 {
        XCTAssertTrue(Self.earlyStops.contains(label), "\(label): oracle error \(ownError)")
        relative = 1.5 * ownError
      }
      let expected = try ModelFixture.matrix(item["coefficients"])
      let exact = try ModelFixture.matrix(item["exact_coefficients"])
      XCTAssertEqual(model.coefficients.count, expected.count, label)
      var worst = 0.0
      var worstExact = 0.0
      for (index, ours) in model.coefficients.enumerated() {
        worst = max(
          worst,
          ModelFixture.assertClose(
            ours, expected[index], relative: relative, absolute: 1e-6, "\(label) coefficients"))
        worstExact = max(
          worstExact,
          ModelFixture.assertClose(
            precise.coefficients[index], exact[index], relative: 1e-7, absolute: 1e-9,
            "\(label) exact coefficients"))
      }
      worst = max(
        worst,
        ModelFixture.assertClose(
          model.intercepts, try ModelFixture.numbers(item["intercepts"]), relative: relative,
          absolute: 1e-6, "\(label) intercepts"))
      worstExact = max(
        worstExact,
        ModelFixture.assertClose(
          precise.intercepts, try ModelFixture.numbers(item["exact_intercepts"]), relative: 1e-7,
          absolute: 1e-9, "\(label) exact intercepts"))
      let probabilities = try model.predictProbabilities(fixture.x)
      let expectedProbabilities = try ModelFixture.matrix(item["probabilities"])
      XCTAssertEqual(probabilities.count, expectedProbabilities.count, label)
      var worstProbability = 0.0
      for (row, (ours, theirs)) in zip(probabilities, expectedProbabilities).enumerated() {
        XCTAssertEqual(ours.count, theirs.count, label)
        for (p, q) in zip(ours, theirs) {
          worstProbability = max(worstProbability, abs(p - q))
          XCTAssertEqual(p, q, accuracy: 1e-5, "\(label) row \(row)")
        }
      }
      print(
        "\(label): \(model.iterations) iterations (scikit-learn \(item["iterations"]?.intValue ?? -1));"
          + " relative to scikit-learn \(worst), at tolerance 1e-13 to the exact optimum"
          + " \(worstExact);"
          + " probabilities \(worstProbability)")
    }
  }

  func testBinaryParityOnBreastCancer() throws { try checkParity("breast_cancer", cases: 5) }

  func testMultinomialParityOnIris() throws { try checkParity("iris", cases: 5) }

  func testMultinomialParityOnWine() throws { try checkParity("wine", cases: 5) }

  func testBalancedClassWeightsAreScikitLearns() throws {
    var cases = 0
    for name in ["breast_cancer", "wine", "iris"] {
      let fixture = try ModelFixture.load(name)
      for item in fixture.cases where item["class_weight"]?.stringValue == "balanced" {
        cases += 1
        let sampleWeight =
          item["sample_weight"] == nil ? nil : try ModelFixture.numbers(item["sample_weight"])
        let classes = (fixture.classIndices.max() ?? 0) + 1
        let weights = try LogisticRegression.effectiveWeights(
          y: fixture.classIndices, classes: classes, sampleWeight: sampleWeight,
          classWeight: .balanced, labels: nil)
        let perClass = try ModelFixture.numbers(item["class_weights"])
        for (row, k) in fixture.classIndices.enumerated() {
          let expected = perClass[k] * (sampleWeight?[row] ?? 1)
          XCTAssertEqual(weights[row], expected, accuracy: 1e-12 * expected, "\(name) row \(row)")
        }
      }
    }
    XCTAssertEqual(cases, 5, "balanced golden cases")
  }

  func testBinaryModelHasOneCoefficientRowAndMultinomialIsSymmetric() throws {
    let binary = try ModelFixture.load("breast_cancer")
    let model = try fit(binary, binary.cases[0])
    XCTAssertEqual(model.coefficients.count, 1)
    XCTAssertEqual(model.intercepts.count, 1)
    XCTAssertEqual(model.classes, 2)
    let wine = try ModelFixture.load("wine")
    let multinomial = try fit(wine, wine.cases[0])
    XCTAssertEqual(multinomial.coefficients.count, 3)
    // The penalty makes the coefficient rows sum to zero at the optimum; the unpenalised
    // intercepts are centred, as scikit-learn's come out of its solver.
    for feature in 0..<wine.x.columns {
      let sum = multinomial.coefficients.reduce(0) { $0 + $1[feature] }
      XCTAssertEqual(sum, 0, accuracy: 1e-8)
    }
    XCTAssertEqual(multinomial.intercepts.reduce(0, +), 0, accuracy: 1e-12)
  }

  func testFittingTwiceIsBitIdenticalAndThreadCountIndependent() throws {
    let fixture = try ModelFixture.load("wine")
    let item = fixture.cases[4]
    let first = try fit(fixture, item, workers: 1)
    let second = try fit(fixture, item, workers: 1)
    XCTAssertEqual(first, second)
    // Enough rows for several blocks, so threads really split the work.
    let x = try DenseMatrix(
      rows: 30_000, columns: 3,
      values: (0..<90_000).map { index in Double((index * 7919) % 1009) / 1009 - 0.5 })
    let y = (0..<30_000).map { row in (row * 31 + row / 7) % 3 }
    let runs = try [1, 2, 3, 8].map { workers in
      try LogisticRegression.fit(x: x, y: y, classes: 3, tolerance: 1e-8, workers: workers)
    }
    for run in runs.dropFirst() { XCTAssertEqual(run, runs[0]) }
  }

  func testProbabilitiesAreStableForHugeScores() throws {
    let model = LogisticModel(
      classes: 3, coefficients: [[1000], [0], [-1000]], intercepts: [0, 0, 0])
    let x = try DenseMatrix(rows: 2, columns: 1, values: [800, -800])
    let probabilities = try model.predictProbabilities(x)
    XCTAssertEqual(probabilities[0], [1, 0, 0])
    XCTAssertEqual(probabilities[1], [0, 0, 1])
    let binary = LogisticModel(classes: 2, coefficients: [[1]], intercepts: [0])
    let extreme = try binary.predictProbabilities(
      DenseMatrix(rows: 3, columns: 1, values: [800, -800, 0]))
    XCTAssertEqual(extreme, [[0, 1], [1, 0], [0.5, 0.5]])
    XCTAssertThrowsError(try binary.predictProbabilities(DenseMatrix(zeros: 1, columns: 2)))
  }

  func testSeparableDataStaysFinite() throws {
    // Perfectly separable: without the penalty the optimum is at infinity.
    let x = try DenseMatrix(rows: 4, columns: 1, values: [-2, -1, 1, 2])
    let model = try LogisticRegression.fit(x: x, y: [0, 0, 1, 1], classes: 2, c: 1e6)
    XCTAssertTrue(model.coefficients[0].allSatisfy(\.isFinite))
    XCTAssertTrue(model.converged)
  }

  func testDegenerateInputsAreClearErrors() throws {
    let x = try DenseMatrix(rows: 4, columns: 1, values: [1, 2, 3, 4])
    XCTAssertEqual(
      learnErrorMessage {
        try LogisticRegression.fit(x: x, y: [1, 1, 1, 1], classes: 2, labels: ["no", "yes"])
      },
      "the target is constant (every row is class 'yes'); a classifier needs two classes")
    XCTAssertEqual(
      learnErrorMessage { try LogisticRegression.fit(x: x, y: [0, 0, 0, 1], classes: 2) },
      "class 1 has only one row; every class needs at least two")
    XCTAssertEqual(
      learnErrorMessage { try LogisticRegression.fit(x: x, y: [0, 0, 1, 1], classes: 3) },
      "class 2 has no rows; every class needs at least two")
    XCTAssertEqual(
      learnErrorMessage { try LogisticRegression.fit(x: x, y: [0, 0, 1, 5], classes: 2) },
      "training row 4 has class index 5, outside 0..<2")
    let bad = try DenseMatrix(rows: 4, columns: 1, values: [1, .nan, 3, 4])
    XCTAssertEqual(
      learnErrorMessage { try LogisticRegression.fit(x: bad, y: [0, 0, 1, 1], classes: 2) },
      "feature 1 of training row 2 is nan; every feature value must be a finite number")
    XCTAssertEqual(
      learnErrorMessage { try LogisticRegression.fit(x: x, y: [0, 0, 1, 1], classes: 2, c: 0) },
      "C is 0.0; it must be a finite number > 0")
    XCTAssertEqual(
      learnErrorMessage {
        try LogisticRegression.fit(x: x, y: [0, 0, 1, 1], classes: 2, sampleWeight: [1, 1, 0, 0])
      }, "every row of class 1 has sample weight zero")
    XCTAssertEqual(
      learnErrorMessage {
        try LogisticRegression.fit(x: x, y: [0, 0, 1, 1], classes: 2, sampleWeight: [1, -1, 1, 1])
      }, "the sample weight of training row 2 is -1.0; weights must be finite and non-negative")
    XCTAssertEqual(
      learnErrorMessage { try LogisticRegression.fit(x: x, y: [0, 1, 0], classes: 2) },
      "the feature matrix has 4 rows but there are 3 target values")
  }

  func testUnreachableToleranceStopsAtTheRoundingFloor() throws {
    let fixture = try ModelFixture.load("iris")
    let model = try LogisticRegression.fit(
      x: fixture.x, y: fixture.classIndices, classes: 3, maxIterations: 100_000,
      tolerance: 1e-300)
    XCTAssertFalse(model.converged)
    XCTAssertLessThan(model.iterations, 1000, "stops when no step improves, not at the limit")
    XCTAssertLessThan(model.gradientMaxAbs, 1e-13)
    let exact = try ModelFixture.matrix(fixture.cases[0]["exact_coefficients"])
    for (ours, theirs) in zip(model.coefficients, exact) {
      ModelFixture.assertClose(ours, theirs, relative: 1e-9, absolute: 1e-11, "iris C=1")
    }
  }

  func testIterationLimitReportsNonConvergence() throws {
    let fixture = try ModelFixture.load("breast_cancer")
    var seen: [Int] = []
    let model = try LogisticRegression.fit(
      x: fixture.x, y: fixture.classIndices, classes: 2, c: 100, maxIterations: 3,
      tolerance: 1e-10,
      progress: { iteration, loss in
        XCTAssertTrue(loss.isFinite)
        seen.append(iteration)
      })
    XCTAssertFalse(model.converged)
    XCTAssertEqual(model.iterations, 3)
    XCTAssertEqual(seen, [1, 2, 3])
    XCTAssertGreaterThan(model.gradientMaxAbs, 1e-10)
  }
}
