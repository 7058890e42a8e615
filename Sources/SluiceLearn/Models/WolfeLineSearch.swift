/// A bracketing line search for the strong Wolfe conditions (Nocedal & Wright, algorithms 3.5
/// and 3.6) that also accepts Hager and Zhang's approximate Wolfe conditions.
///
/// Near the optimum of a large sum the objective stops changing by more than its own rounding
/// error long before the gradient is small (SciPy's L-BFGS-B stops there, at its `ftol`). The
/// approximate conditions judge a step by the directional derivative alone once the objective
/// is within rounding of the start, so the minimiser can go on to a gradient of 1e-10.
struct WolfeLineSearch {
  /// Sufficient decrease (Armijo) constant.
  let decrease = 1e-4
  /// Curvature constant; 0.9 suits quasi-Newton directions.
  let curvature = 0.9
  /// The approximate conditions' δ: the derivative may rise to (1 − 2δ)·|φ'(0)|.
  let approximateDelta = 0.1
  /// Relative rounding allowance on the objective for the approximate conditions.
  let noise = 1e-12
  /// The most objective evaluations per search.
  var maxEvaluations: Int

  /// A trial point on the line.
  struct Point {
    var step: Double
    var value: Double
    var slope: Double
    var x: [Double]
    var gradient: [Double]
  }

  /// A step from `x` along `direction` meeting the (strong or approximate) Wolfe conditions;
  /// when none is found, the best descent point seen, or nil when there is none.
  func search(
    _ objective: ([Double], inout [Double]) -> Double, from x: [Double], value: Double,
    gradient: [Double], direction: [Double], slope: Double, initialStep: Double
  ) -> Point? {
    let allowance = noise * abs(value)
    var low = Point(step: 0, value: value, slope: slope, x: x, gradient: gradient)
    var high: Point?
    var step = initialStep.isFinite && initialStep > 0 ? initialStep : 1
    for _ in 0..<maxEvaluations {
      var trialX = x
      for index in 0..<x.count { trialX[index] += step * direction[index] }
      var trialGradient = [Double](repeating: 0, count: x.count)
      let trialValue = objective(trialX, &trialGradient)
      let trialSlope = LBFGS.dot(trialGradient, direction)
      let trial = Point(
        step: step, value: trialValue, slope: trialSlope, x: trialX, gradient: trialGradient)
      guard trialValue.isFinite, trialSlope.isFinite else {
        high = trial
        step = low.step + 0.1 * (step - low.step)
        continue
      }
      let armijo = trialValue <= value + decrease * step * slope
      let flat = trialValue <= value + allowance
      let strong = armijo && abs(trialSlope) <= -curvature * slope
      let approximate =
        flat && trialSlope >= curvature * slope
        && trialSlope <= (2 * approximateDelta - 1) * slope
      if strong || approximate { return trial }
      if (armijo || flat) && trialSlope < 0 {
        low = trial
      } else {
        high = trial
      }
      guard let upper = high else {
        step *= 4
        continue
      }
      let width = abs(upper.step - low.step)
      if width <= Double.ulpOfOne * max(upper.step, low.step) { break }
      step = Self.interpolate(low, upper, flat: abs(upper.value - low.value) <= allowance)
    }
    return low.step > 0 ? low : nil
  }

  /// The next trial step between `a` and `b`: the minimiser of the cubic through both values
  /// and slopes, or, when the values are lost in rounding, the zero of the secant of the
  /// slopes; kept at least a tenth of the interval away from either end.
  static func interpolate(_ a: Point, _ b: Point, flat: Bool) -> Double {
    let lower = min(a.step, b.step)
    let upper = max(a.step, b.step)
    let margin = 0.1 * (upper - lower)
    var candidate = Double.nan
    if b.value.isFinite && b.slope.isFinite {
      if !flat {
        let d1 = a.slope + b.slope - 3 * (a.value - b.value) / (a.step - b.step)
        let radicand = d1 * d1 - a.slope * b.slope
        if radicand >= 0 {
          let d2 = (b.step - a.step < 0 ? -1.0 : 1.0) * radicand.squareRoot()
          candidate =
            b.step - (b.step - a.step) * (b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2)
        }
      }
      if !candidate.isFinite && b.slope != a.slope {
        candidate = a.step - a.slope * (b.step - a.step) / (b.slope - a.slope)
      }
    }
    guard candidate.isFinite else { return (lower + upper) / 2 }
    return min(max(candidate, lower + margin), upper - margin)
  }
}
