@testable import SluiceLearn

extension LogisticObjective {
  /// The Hessian by central differences of the gradient, row-major (`theta.count` squared):
  /// what every analytic Hessian must equal, up to the step's error.
  func centralDifferenceHessian(at theta: [Double], step: Double = 1e-6) -> [Double] {
    let order = theta.count
    var result = [Double](repeating: 0, count: order * order)
    for column in 0..<order {
      var plus = theta
      var minus = theta
      plus[column] += step
      minus[column] -= step
      var gradientPlus = [Double](repeating: 0, count: order)
      var gradientMinus = [Double](repeating: 0, count: order)
      _ = evaluate(plus, gradient: &gradientPlus)
      _ = evaluate(minus, gradient: &gradientMinus)
      for row in 0..<order {
        result[row * order + column] = (gradientPlus[row] - gradientMinus[row]) / (2 * step)
      }
    }
    return result
  }
}
