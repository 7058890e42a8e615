import Foundation
import XCTest

@testable import SluiceLearn

/// The multinomial Newton solver of issue 17 (shape c): its Hessian, from a sample of the
/// rows, is the exact one when the sample is every row, and the fit reaches L-BFGS's optimum.
final class SampledNewtonTests: XCTestCase {
  /// LogitShapesTests' 40-row one-hot design (two dense columns, groups of 3 and 2 slots)
  /// with three classes.
  func design() -> (OneHotDesign, [Int]) {
    LogitShapesTests.design { row, a, b in (Int((a + b + 3) * 7) + row % 2) % 3 }
  }

  /// With every row sampled, the Hessian is the derivative of the gradient (central
  /// differences), up to the penalty added on the intercepts' diagonal.
  func testSampledHessianOfEveryRowIsTheGradientsDerivative() {
    let (x, y) = design()
    let weights = (0..<40).map { 0.5 + Double($0 % 4) / 4 }
    let objective = LogisticObjective(x: x, y: y, weights: weights, classes: 3, c: 0.7, workers: 2)
    let theta = (0..<objective.count).map { sin(Double($0) * 1.3) * 0.4 }
    let hessian = objective.sampledMultinomialHessian(theta, sample: 40)
    let numeric = objective.centralDifferenceHessian(at: theta)
    let order = theta.count
    for column in 0..<order {
      for row in 0..<order {
        // The intercepts' diagonal carries the penalty only in the estimate (it factors).
        let penalty = row == column && row >= 3 * x.columns ? objective.penalty : 0
        XCTAssertEqual(
          hessian[row * order + column], numeric[row * order + column] + penalty,
          accuracy: 1e-7, "\(row),\(column)")
      }
    }
  }

  /// From a sample of the rows the solver still stops at the whole data's optimum (the
  /// gradient test is on every row), the one L-BFGS finds, and in fewer steps.
  func testSampledNewtonReachesTheLBFGSOptimum() {
    let objective = denseObjective()
    let start = [Double](repeating: 0, count: objective.count)
    let newton = SampledNewton(maxIterations: 100, tolerance: 1e-9, sampleRows: 300)
      .minimize(objective, from: start)
    let lbfgs = LBFGS(maxIterations: 1000, tolerance: 1e-9).minimize(from: start) {
      theta, gradient in objective.evaluate(theta, gradient: &gradient)
    }
    XCTAssertTrue(newton.converged)
    XCTAssertTrue(lbfgs.converged)
    XCTAssertEqual(newton.value, lbfgs.value, accuracy: 1e-12)
    XCTAssertLessThan(newton.iterations, lbfgs.iterations)
  }

  /// 3000 rows of three dense columns and four classes; `rare` adds a fourth column that is
  /// nonzero on 1 row in 100 (a rare indicator), never one of the sampled rows.
  func denseObjective(rare: Bool = false) -> LogisticObjective<OneHotDesign> {
    var values: [Double] = []
    var y: [Int] = []
    let rows = 3000
    for row in 0..<rows {
      let a = sin(Double(row) * 0.37) * 2
      let b = cos(Double(row) * 1.91)
      let c = sin(Double(row) * 0.013 + 1)
      values += [a, b, c]
      if rare { values.append(row % 100 == 1 ? 3 : 0) }
      let scores = [a - b, b + 0.5 * c, -a + c + sin(Double(row) * 7.1), 0.2 * a * b]
      var label = scores.indices.max { scores[$0] < scores[$1] } ?? 0
      if rare && row % 100 == 1 { label = 3 }
      y.append(label)
    }
    let dense = rare ? 4 : 3
    let x = OneHotDesign(
      rows: rows, columns: dense, dense: dense, groups: 0, values: values, codes: [])
    return LogisticObjective(
      x: x, y: y, weights: [Double](repeating: 1, count: rows), classes: 4, c: 1, workers: 2)
  }

  /// The sample must stand for every column and class, or the fit keeps L-BFGS.
  func testSampleMustRepresentEveryColumn() {
    XCTAssertTrue(SampledNewton.sampleRepresents(denseObjective(), sampleRows: 300))
    XCTAssertFalse(SampledNewton.sampleRepresents(denseObjective(rare: true), sampleRows: 300))
  }

  /// When the sample misses a column, Newton's steps are cut short and L-BFGS takes over:
  /// the fit still ends at the optimum.
  func testUnrepresentativeSampleStillReachesTheOptimum() {
    let objective = denseObjective(rare: true)
    let start = [Double](repeating: 0, count: objective.count)
    let newton = SampledNewton(maxIterations: 1000, tolerance: 1e-8, sampleRows: 300)
      .minimize(objective, from: start)
    let lbfgs = LBFGS(maxIterations: 1000, tolerance: 1e-8).minimize(from: start) {
      theta, gradient in objective.evaluate(theta, gradient: &gradient)
    }
    XCTAssertTrue(newton.converged)
    XCTAssertEqual(newton.value, lbfgs.value, accuracy: 1e-10)
  }
}
