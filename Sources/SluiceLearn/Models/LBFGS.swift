/// Limited-memory BFGS for smooth convex objectives, stopping when the gradient's largest
/// absolute component is at most `tolerance` (scikit-learn's `gtol` test).
///
/// Deterministic: no randomness, and every sum runs in a fixed order.
struct LBFGS {
  /// Correction pairs kept (scikit-learn and SciPy use 10).
  var memory = 10
  /// The most iterations (accepted steps).
  var maxIterations: Int
  /// The gradient tolerance.
  var tolerance: Double
  /// The most function evaluations per line search (scikit-learn passes `maxls=50`).
  var maxLineSearch = 50
  /// Iterations without a new smallest gradient after which the search is stuck at the
  /// rounding floor of the objective and stops.
  var patience = 50

  /// What a minimisation ended with.
  struct Result {
    /// The final point.
    var x: [Double]
    /// The objective there.
    var value: Double
    /// The largest absolute gradient component there.
    var gradientMaxAbs: Double
    /// Accepted steps taken.
    var iterations: Int
    /// Whether the gradient test was met.
    var converged: Bool
  }

  /// Minimises `objective` (value, gradient written to its second argument) from `start`;
  /// `progress` hears each iteration number and objective value.
  func minimize(
    from start: [Double], _ objective: ([Double], inout [Double]) -> Double,
    progress: ((Int, Double) -> Void)? = nil
  ) -> Result {
    var x = start
    var gradient = [Double](repeating: 0, count: x.count)
    var value = objective(x, &gradient)
    var steps: [[Double]] = []
    var changes: [[Double]] = []
    // sᵢ·yᵢ of each pair and y·y of the newest, kept from when the pair was made: the two-loop
    // recursion needs them every iteration, and over a million weights a dot product is a
    // full pass through memory.
    var curvatures: [Double] = []
    var lastChangeSquared = 1.0
    // Buffers of the pair last dropped, reused for the next one instead of fresh allocations.
    var spareStep = [Double](repeating: 0, count: x.count)
    var spareChange = [Double](repeating: 0, count: x.count)
    var iteration = 0
    var converged = Self.maxAbs(gradient) <= tolerance
    var smallest = Self.maxAbs(gradient)
    var sinceSmallest = 0
    let search = WolfeLineSearch(maxEvaluations: maxLineSearch)
    while !converged && iteration < maxIterations {
      var direction = Self.direction(
        gradient, steps, changes, curvatures: curvatures, lastChangeSquared: lastChangeSquared)
      var slope = Self.dot(direction, gradient)
      if !(slope < 0) {
        // Rounding spoiled the curvature pairs: restart from steepest descent.
        steps.removeAll()
        changes.removeAll()
        curvatures.removeAll()
        direction = gradient.map { -$0 }
        slope = -Self.dot(gradient, gradient)
      }
      // SciPy's first step has unit length; later ones try the quasi-Newton step itself.
      let initial =
        steps.isEmpty ? 1 / Self.dot(direction, direction).squareRoot() : 1
      guard
        let found = search.search(
          objective, from: x, value: value, gradient: gradient, direction: direction,
          slope: slope, initialStep: initial)
      else {
        if steps.isEmpty { break }
        steps.removeAll()
        changes.removeAll()
        curvatures.removeAll()
        continue
      }
      var step = spareStep
      var change = spareChange
      spareStep = []
      spareChange = []
      for index in 0..<x.count {
        step[index] = found.x[index] - x[index]
        change[index] = found.gradient[index] - gradient[index]
      }
      let curvature = Self.dot(step, change)
      let changeSquared = Self.dot(change, change)
      if curvature > Double.ulpOfOne * changeSquared {
        if steps.count == memory {
          spareStep = steps.removeFirst()
          spareChange = changes.removeFirst()
          curvatures.removeFirst()
        }
        steps.append(step)
        changes.append(change)
        curvatures.append(curvature)
        lastChangeSquared = changeSquared
      } else {
        spareStep = step
        spareChange = change
      }
      if spareStep.count != x.count {
        spareStep = [Double](repeating: 0, count: x.count)
        spareChange = [Double](repeating: 0, count: x.count)
      }
      x = found.x
      gradient = found.gradient
      value = found.value
      iteration += 1
      progress?(iteration, value)
      let size = Self.maxAbs(gradient)
      converged = size <= tolerance
      if size < smallest {
        smallest = size
        sinceSmallest = 0
      } else {
        sinceSmallest += 1
        if sinceSmallest >= patience { break }
      }
    }
    return Result(
      x: x, value: value, gradientMaxAbs: Self.maxAbs(gradient), iterations: iteration,
      converged: converged)
  }

  /// The quasi-Newton direction `−H·g` by the two-loop recursion.
  /// `curvatures[i]` is `steps[i]·changes[i]` and `lastChangeSquared` the newest change's
  /// squared norm.
  static func direction(
    _ gradient: [Double], _ steps: [[Double]], _ changes: [[Double]], curvatures: [Double],
    lastChangeSquared: Double
  ) -> [Double] {
    var q = gradient.map { -$0 }
    guard let lastCurvature = curvatures.last, !steps.isEmpty else { return q }
    var alphas = [Double](repeating: 0, count: steps.count)
    var rhos = [Double](repeating: 0, count: steps.count)
    for index in stride(from: steps.count - 1, through: 0, by: -1) {
      rhos[index] = 1 / curvatures[index]
      alphas[index] = rhos[index] * dot(steps[index], q)
      axpy(-alphas[index], changes[index], &q)
    }
    let gamma = lastCurvature / lastChangeSquared
    for index in 0..<q.count { q[index] *= gamma }
    for index in 0..<steps.count {
      let beta = rhos[index] * dot(changes[index], q)
      axpy(alphas[index] - beta, steps[index], &q)
    }
    return q
  }

  /// `Σ a[i]·b[i]` in index order.
  static func dot(_ a: [Double], _ b: [Double]) -> Double {
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        guard let x = pa.baseAddress, let y = pb.baseAddress else { return 0 }
        return VectorMath.dot(x, y, min(pa.count, pb.count))
      }
    }
  }

  /// `y += a·x`.
  static func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
    let count = min(x.count, y.count)
    x.withUnsafeBufferPointer { source in
      y.withUnsafeMutableBufferPointer { target in
        guard let from = source.baseAddress, let to = target.baseAddress else { return }
        VectorMath.axpy(a, from, to, count)
      }
    }
  }

  /// The largest absolute value (NaN counts as infinite).
  static func maxAbs(_ values: [Double]) -> Double {
    var largest = 0.0
    for value in values {
      if value.isNaN { return .infinity }
      largest = max(largest, abs(value))
    }
    return largest
  }
}
