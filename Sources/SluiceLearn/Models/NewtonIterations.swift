/// The outer loop both Newton solvers share: a direction from the current point, a Wolfe line
/// search along it, and the same stopping test as `LBFGS` (the gradient's largest component
/// at most `tolerance`). The solvers differ only in how they find the direction (conjugate
/// gradients with Hessian–vector products, or a Cholesky solve of the exact Hessian).
enum NewtonIterations {
  /// Minimises `evaluate` from `start`; `direction(x, gradient)` gives the step at `x`, nil
  /// to stop. `progress` hears each step number and value.
  static func minimize(
    from start: [Double], maxIterations: Int, tolerance: Double, maxLineSearch: Int,
    evaluate: ([Double], inout [Double]) -> Double,
    direction: ([Double], [Double]) -> [Double]?,
    progress: ((Int, Double) -> Void)?
  ) -> LBFGS.Result {
    var x = start
    var gradient = [Double](repeating: 0, count: x.count)
    var value = evaluate(x, &gradient)
    var iteration = 0
    var converged = LBFGS.maxAbs(gradient) <= tolerance
    let search = WolfeLineSearch(maxEvaluations: maxLineSearch)
    while !converged && iteration < maxIterations {
      guard let step = direction(x, gradient) else { break }
      let slope = LBFGS.dot(step, gradient)
      guard slope < 0,
        let found = search.search(
          evaluate, from: x, value: value, gradient: gradient, direction: step, slope: slope,
          initialStep: 1)
      else { break }
      x = found.x
      gradient = found.gradient
      value = found.value
      iteration += 1
      progress?(iteration, value)
      converged = LBFGS.maxAbs(gradient) <= tolerance
    }
    return LBFGS.Result(
      x: x, value: value, gradientMaxAbs: LBFGS.maxAbs(gradient), iterations: iteration,
      converged: converged)
  }
}
