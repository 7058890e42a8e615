import Foundation
import SluiceTable
import XCTest

@testable import SluiceLearn

/// The pieces behind the faster logistic fits of issue 17: the median by selection, the exact
/// Hessian over a one-hot design, and the feature-major multinomial objective.
final class LogitShapesTests: XCTestCase {
  /// Selection gives the sorted median on ties, signed zeros, odd and even counts, and on
  /// inputs that defeat a naive pivot (sorted, reversed, organ pipe).
  func testMedianBySelectionIsTheSortedMedian() {
    var generator = SystemRandomNumberGenerator()
    var cases: [[Double]] = [
      [1], [2, 1], [0.0, -0.0], [-0.0, 0.0, -0.0, 0.0], [3, 3, 3, 1, 1],
      Array(0..<1001).map(Double.init), Array((0..<1000).reversed()).map(Double.init),
      (0..<999).map { Double(min($0, 998 - $0)) },
    ]
    for size in [2, 3, 10, 101, 1000, 5000] {
      cases.append((0..<size).map { _ in Double(Int.random(in: -5...5, using: &generator)) })
      cases.append((0..<size).map { _ in Double.random(in: -1...1, using: &generator) })
    }
    for values in cases {
      let sorted = RadixSort.sorted(values)
      let middle = sorted.count / 2
      let expected =
        sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
      var copy = values
      let median = NumericEncoder.median(&copy)
      XCTAssertEqual(median.bitPattern, expected.bitPattern, "\(values.prefix(8))")
    }
  }

  /// A small one-hot design: two dense columns, then groups of 3 and 2 slots (one row with
  /// no slot in the second group). `label` gives each row's class from the row and its two dense values (by default a
  /// binary label).
  static func design(
    label: (Int, Double, Double) -> Int = { row, a, b in
      (a + b + Double(row % 3) > 0.5) != (row % 5 == 0) ? 1 : 0
    }
  ) -> (OneHotDesign, [Int]) {
    var values: [Double] = []
    var codes: [Int32] = []
    var y: [Int] = []
    for row in 0..<40 {
      let a = sin(Double(row)) * 2
      let b = cos(Double(row) * 0.7)
      values += [a, b]
      codes += [Int32(2 + row % 3), row == 7 ? -1 : Int32(5 + row % 2)]
      y.append(label(row, a, b))
    }
    return (
      OneHotDesign(rows: 40, columns: 7, dense: 2, groups: 2, values: values, codes: codes), y
    )
  }

  /// The Hessian is the derivative of the gradient (central differences).
  func testBinaryHessianIsTheGradientsDerivative() {
    let (x, y) = Self.design()
    let weights = (0..<40).map { 0.5 + Double($0 % 4) / 4 }
    let objective = LogisticObjective(x: x, y: y, weights: weights, classes: 2, c: 0.7, workers: 2)
    let theta = [0.3, -0.2, 0.1, -0.4, 0.2, 0.5, -0.1, 0.05]
    let hessian = objective.binaryHessian(theta)
    let numeric = objective.centralDifferenceHessian(at: theta)
    XCTAssertEqual(hessian.count, 64)
    for (index, value) in hessian.enumerated() {
      XCTAssertEqual(value, numeric[index], accuracy: 1e-7, "\(index / 8),\(index % 8)")
    }
  }

  /// The feature-major multinomial sums are the generic row kernel's.
  func testMultinomialSumsMatchTheGenericKernel() {
    let (x, binary) = Self.design()
    let y = binary.enumerated().map { ($0.offset % 3 + $0.element) % 3 }
    let objective = LogisticObjective(
      x: x, y: y, weights: [Double](repeating: 1, count: 40), classes: 3, c: 1, workers: 2)
    let theta = (0..<objective.count).map { sin(Double($0) * 1.3) * 0.4 }
    let fast = objective.multinomialSums(theta)
    let generic = objective.rowSums(theta)
    XCTAssertEqual(fast.count, generic.count)
    for (a, b) in zip(fast, generic) { XCTAssertEqual(a, b, accuracy: 1e-12) }
  }

  /// Duplicated columns with no penalty to speak of leave the Hessian singular to rounding:
  /// the shifted factorisation still steps downhill to an optimum (any split of the weight
  /// between the twins is one).
  func testSingularHessianStillConverges() throws {
    var values: [Double] = []
    var y: [Int] = []
    for row in 0..<200 {
      let a = sin(Double(row) * 0.37) * 3
      values += [a, a]
      y.append(a + cos(Double(row)) > 0 ? 1 : 0)
    }
    let x = OneHotDesign(rows: 200, columns: 2, dense: 2, groups: 0, values: values, codes: [])
    let model = try LogisticRegression.fitDesign(
      x: x, y: y, classes: 2, sampleWeight: nil, c: 1e15, classWeight: .none,
      maxIterations: 100, tolerance: 1e-8, labels: nil, workers: 2, progress: nil)
    XCTAssertTrue(model.converged)
    XCTAssertLessThan(model.iterations, 30)
    let coefficients = model.coefficients[0]
    XCTAssertTrue(coefficients.allSatisfy(\.isFinite))
    XCTAssertLessThanOrEqual(model.gradientMaxAbs, 1e-8)
  }
}
