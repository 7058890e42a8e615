import Foundation
import SluiceCore
import XCTest

@testable import SluiceLearn

/// Parity with scikit-learn's `Ridge(solver="cholesky")` on the diabetes dataset, and the
/// exact solver's edge cases.
final class RidgeRegressionTests: XCTestCase {
  func testParityOnDiabetes() throws {
    let fixture = try ModelFixture.load("diabetes")
    XCTAssertEqual(fixture.cases.count, 6, "golden diabetes cases")
    for item in fixture.cases {
      let label = "diabetes \(item["name"]?.stringValue ?? "?")"
      let weights =
        item["sample_weight"] == nil ? nil : try ModelFixture.numbers(item["sample_weight"])
      let model = try RidgeRegression.fit(
        x: fixture.x, y: fixture.y, sampleWeight: weights,
        alpha: try XCTUnwrap(item["alpha"]?.doubleValue),
        fitIntercept: try XCTUnwrap(item["fit_intercept"]?.boolValue))
      XCTAssertFalse(model.rankDeficient, label)
      let worst = ModelFixture.assertClose(
        model.coefficients, try ModelFixture.numbers(item["coefficients"]), relative: 1e-9,
        absolute: 1e-9, "\(label) coefficients")
      let intercept = try XCTUnwrap(item["intercept"]?.doubleValue)
      XCTAssertEqual(model.intercept, intercept, accuracy: 1e-6 * max(abs(intercept), 1e-3), label)
      ModelFixture.assertClose(
        try model.predict(fixture.x), try ModelFixture.numbers(item["predictions"]),
        relative: 1e-9, absolute: 1e-9, "\(label) predictions")
      print("\(label): worst relative coefficient error \(worst)")
    }
  }

  func testFittingTwiceIsBitIdenticalAndThreadCountIndependent() throws {
    let rows = 40_000
    let x = try DenseMatrix(
      rows: rows, columns: 4,
      values: (0..<(rows * 4)).map { Double(($0 * 7919) % 1013) / 1013 })
    let y = (0..<rows).map { row in x[row, 0] * 3 - x[row, 2] + Double(row % 17) / 17 }
    let weights = (0..<rows).map { Double($0 % 5 + 1) }
    let runs = try [1, 1, 2, 3, 8].map { workers in
      try RidgeRegression.fit(x: x, y: y, sampleWeight: weights, alpha: 0.5, workers: workers)
    }
    for run in runs.dropFirst() { XCTAssertEqual(run, runs[0]) }
  }

  func testCollinearFeaturesWithoutPenaltyTakeTheMinimumNormSolution() throws {
    // Two copies of one feature: the normal equations are singular, and the minimum-norm
    // answer splits the slope 2 evenly, as scikit-learn's SVD fallback does.
    let a: [Double] = [1, 2, 4, 7, 11]
    let x = try DenseMatrix(rowList: a.map { [$0, $0] })
    let model = try RidgeRegression.fit(x: x, y: a.map { 2 * $0 + 1 }, alpha: 0)
    XCTAssertTrue(model.rankDeficient)
    XCTAssertEqual(model.coefficients[0], 1, accuracy: 1e-12)
    XCTAssertEqual(model.coefficients[1], 1, accuracy: 1e-12)
    XCTAssertEqual(model.intercept, 1, accuracy: 1e-12)
    // A penalty makes the same system regular.
    XCTAssertFalse(try RidgeRegression.fit(x: x, y: a.map { 2 * $0 + 1 }, alpha: 1).rankDeficient)
  }

  func testZeroWeightRowsAreIgnored() throws {
    let x = try DenseMatrix(rows: 5, columns: 1, values: [1, 2, 3, 4, 100])
    let y: [Double] = [3, 5, 7, 9, -1000]
    let model = try RidgeRegression.fit(x: x, y: y, sampleWeight: [1, 1, 1, 1, 0], alpha: 0)
    XCTAssertEqual(model.coefficients[0], 2, accuracy: 1e-12)
    XCTAssertEqual(model.intercept, 1, accuracy: 1e-12)
  }

  func testDegenerateInputsAreClearErrors() throws {
    let x = try DenseMatrix(rows: 3, columns: 1, values: [1, 2, 3])
    XCTAssertEqual(
      learnErrorMessage { try RidgeRegression.fit(x: x, y: [4, 4, 4]) },
      "the target is constant (every row is 4.0); there is nothing to learn")
    XCTAssertEqual(
      learnErrorMessage { try RidgeRegression.fit(x: x, y: [1, .nan, 3]) },
      "the target of training row 2 is nan; it must be a finite number")
    XCTAssertEqual(
      learnErrorMessage {
        try RidgeRegression.fit(
          x: DenseMatrix(rows: 3, columns: 1, values: [1, .infinity, 3]), y: [1, 2, 3])
      }, "feature 1 of training row 2 is inf; every feature value must be a finite number")
    XCTAssertEqual(
      learnErrorMessage { try RidgeRegression.fit(x: x, y: [1, 2, 3], alpha: -1) },
      "alpha is -1.0; it must be a finite number ≥ 0")
    XCTAssertEqual(
      learnErrorMessage { try RidgeRegression.fit(x: x, y: [1, 2, 3], sampleWeight: [0, 0, 0]) },
      "every sample weight is zero; nothing to learn from")
    XCTAssertEqual(
      learnErrorMessage { try RidgeRegression.fit(x: DenseMatrix(zeros: 0, columns: 2), y: []) },
      "there are no training rows")
    XCTAssertEqual(
      learnErrorMessage {
        try RidgeRegression.fit(x: x, y: [1, 2, 3]).predict(DenseMatrix(zeros: 1, columns: 2))
      },
      "the data has 2 feature columns; the model was trained on 1")
  }
}
