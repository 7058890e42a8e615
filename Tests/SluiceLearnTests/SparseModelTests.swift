import Foundation
import SluiceCore
import XCTest

@testable import SluiceLearn

/// Logistic regression on a sparse (CSR) matrix gives the dense answer.
final class SparseModelTests: XCTestCase {
  func testSparseFitMatchesDenseFit() throws {
    for name in ["breast_cancer", "wine"] {
      let fixture = try ModelFixture.load(name)
      // Zero out small values so the sparse matrix really skips entries.
      var thinned = fixture.x
      for row in 0..<thinned.rows {
        for column in 0..<thinned.columns where abs(thinned[row, column]) < 0.8 {
          thinned[row, column] = 0
        }
      }
      let sparse = SparseMatrix(thinned)
      XCTAssertLessThan(sparse.values.count, thinned.values.count * 6 / 10, name)
      let classes = (fixture.classIndices.max() ?? 0) + 1
      let dense = try LogisticRegression.fit(
        x: thinned, y: fixture.classIndices, classes: classes, tolerance: 1e-12)
      let fromSparse = try LogisticRegression.fit(
        x: sparse, y: fixture.classIndices, classes: classes, tolerance: 1e-12)
      XCTAssertTrue(fromSparse.converged, name)
      for (a, b) in zip(dense.coefficients, fromSparse.coefficients) {
        ModelFixture.assertClose(b, a, relative: 1e-8, absolute: 1e-10, "\(name) coefficients")
      }
      ModelFixture.assertClose(
        fromSparse.intercepts, dense.intercepts, relative: 1e-8, absolute: 1e-10, name)
      let p = try fromSparse.predictProbabilities(sparse)
      let q = try fromSparse.predictProbabilities(thinned)
      for (ours, theirs) in zip(p, q) {
        for (a, b) in zip(ours, theirs) { XCTAssertEqual(a, b, accuracy: 1e-14, name) }
      }
      let again = try LogisticRegression.fit(
        x: sparse, y: fixture.classIndices, classes: classes, tolerance: 1e-12, workers: 1)
      XCTAssertEqual(again, fromSparse, "\(name): sparse fits are deterministic")
    }
  }

  func testWideSparseProblem() throws {
    // 2¹⁸ hashed-style columns, a handful used per row: dense storage would be 8 GB.
    let columns = 1 << 18
    var starts = [0]
    var indices: [Int32] = []
    var values: [Double] = []
    var y: [Int] = []
    for row in 0..<4000 {
      let positive = row % 2 == 0
      for k in 0..<5 {
        let column = (row * 7919 + k * 104_729) % columns
        indices.append(Int32(positive && k == 0 ? 17 : column))
        values.append(1 / 5.squareRoot())
      }
      starts.append(indices.count)
      y.append(positive ? 1 : 0)
    }
    let x = try SparseMatrix(
      rows: 4000, columns: columns, rowStarts: starts, columnIndices: indices, values: values)
    let model = try LogisticRegression.fit(x: x, y: y, classes: 2, tolerance: 1e-8)
    XCTAssertTrue(model.converged)
    XCTAssertEqual(model.coefficients[0].count, columns)
    // Column 17 marks every positive row, so it carries the largest weight.
    let top = model.coefficients[0].indices.max {
      model.coefficients[0][$0] < model.coefficients[0][$1]
    }
    XCTAssertEqual(top, 17)
    let probabilities = try model.predictProbabilities(x)
    XCTAssertGreaterThan(probabilities[0][1], 0.5)
    XCTAssertLessThan(probabilities[1][1], 0.5)
  }

  func testInvalidSparseMatricesAreErrors() throws {
    XCTAssertThrowsError(
      try SparseMatrix(rows: 1, columns: 2, rowStarts: [0, 1], columnIndices: [2], values: [1]))
    XCTAssertThrowsError(
      try SparseMatrix(rows: 2, columns: 2, rowStarts: [0, 2, 1], columnIndices: [0], values: [1]))
    XCTAssertThrowsError(
      try SparseMatrix(rows: 1, columns: 2, rowStarts: [0, 1], columnIndices: [0], values: []))
    let nan = try SparseMatrix(
      rows: 3, columns: 2, rowStarts: [0, 1, 1, 3], columnIndices: [0, 0, 1],
      values: [1, 2, .nan])
    XCTAssertEqual(nan.firstNonFinite()?.row, 2)
    XCTAssertEqual(nan.firstNonFinite()?.column, 1)
    XCTAssertThrowsError(try LogisticRegression.fit(x: nan, y: [0, 1, 1], classes: 2)) {
      XCTAssertEqual(
        ($0 as? LearnError)?.message,
        "feature 2 of training row 3 is nan; every feature value must be a finite number")
    }
    let empty = try SparseMatrix(
      rows: 6, columns: 3, rowStarts: [0, 0, 0, 0, 0, 0, 0], columnIndices: [], values: [])
    let model = try LogisticRegression.fit(
      x: empty, y: [0, 0, 1, 1, 1, 1], classes: 2, tolerance: 1e-12)
    // With no features only the intercept moves: to the log-odds of the base rate, log 2.
    XCTAssertEqual(model.intercepts[0], log(2.0), accuracy: 1e-10)
    XCTAssertEqual(model.coefficients, [[0, 0, 0]])
  }
}
