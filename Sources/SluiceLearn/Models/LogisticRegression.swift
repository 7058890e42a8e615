import SluiceTable

/// How classes are weighted in the loss.
public enum ClassWeight: String, Sendable, CaseIterable {
  /// Every class weighs the same per row.
  case none
  /// scikit-learn's `class_weight="balanced"`: class k weighs `S / (K·Sₖ)`, where `Sₖ` is the
  /// sum of class k's sample weights and `S` the sum of all.
  case balanced
}

/// L2-penalised logistic regression matching scikit-learn's
/// `LogisticRegression(C=c, solver="lbfgs")`, binary or multinomial.
///
/// It minimises scikit-learn's objective (see `LogisticObjective`) with L-BFGS until the
/// gradient's largest absolute component is at most `tolerance`. The optimum is unique, so
/// the answer is scikit-learn's whatever the path; with a tighter tolerance it is closer to
/// the exact optimum than scikit-learn's own, which stops once the loss no longer changes.
public enum LogisticRegression {
  /// Fits the model to rows `x` with class indices `y` in `0..<classes`.
  ///
  /// `labels` (one per class) only make error messages readable; `workers` only changes
  /// speed, never the result; `progress` hears each iteration number and objective value.
  public static func fit(
    x: DenseMatrix, y: [Int], classes: Int, sampleWeight: [Double]? = nil, c: Double = 1,
    classWeight: ClassWeight = .none, maxIterations: Int = 1000, tolerance: Double = 1e-4,
    labels: [String]? = nil, workers: Int = ReadOptions.defaultWorkers,
    progress: ((Int, Double) -> Void)? = nil
  ) throws -> LogisticModel {
    try fitDesign(
      x: x, y: y, classes: classes, sampleWeight: sampleWeight, c: c, classWeight: classWeight,
      maxIterations: maxIterations, tolerance: tolerance, labels: labels, workers: workers,
      progress: progress)
  }

  /// Fits the model to the rows of a sparse matrix (hashed text features); otherwise as the
  /// dense `fit`, with the same answer for the same values.
  public static func fit(
    x: SparseMatrix, y: [Int], classes: Int, sampleWeight: [Double]? = nil, c: Double = 1,
    classWeight: ClassWeight = .none, maxIterations: Int = 1000, tolerance: Double = 1e-4,
    labels: [String]? = nil, workers: Int = ReadOptions.defaultWorkers,
    progress: ((Int, Double) -> Void)? = nil
  ) throws -> LogisticModel {
    try fitDesign(
      x: x, y: y, classes: classes, sampleWeight: sampleWeight, c: c, classWeight: classWeight,
      maxIterations: maxIterations, tolerance: tolerance, labels: labels, workers: workers,
      progress: progress)
  }

  /// Fits a binary model to a sparse design held only as columns (`SparseColumns` made with
  /// a row order): the same answer as `fit(x:)` on the same rows, without a row-major copy.
  static func fit(
    columns: SparseColumns, y: [Int], sampleWeight: [Double]?, c: Double,
    classWeight: ClassWeight, maxIterations: Int, tolerance: Double, labels: [String]?,
    workers: Int, progress: ((Int, Double) -> Void)?
  ) throws -> LogisticModel {
    if let bad = columns.firstNonFinite() {
      throw LearnError("feature value \(bad + 1) of the design is not a finite number")
    }
    // The rows' shape only: every row product comes from the columns.
    let shape = try SparseMatrix(
      rows: columns.rows, columns: columns.columns,
      rowStarts: [Int](repeating: 0, count: columns.rows + 1), columnIndices: [], values: [])
    return try fitDesign(
      x: shape, y: y, classes: 2, sampleWeight: sampleWeight, c: c, classWeight: classWeight,
      maxIterations: maxIterations, tolerance: tolerance, labels: labels, workers: workers,
      progress: progress, columns: columns)
  }

  /// The fit, specialised for each matrix type.
  static func fitDesign<Design: LinearDesign>(
    x: Design, y: [Int], classes: Int, sampleWeight: [Double]?, c: Double,
    classWeight: ClassWeight, maxIterations: Int, tolerance: Double, labels: [String]?,
    workers: Int, progress: ((Int, Double) -> Void)?, columns: SparseColumns? = nil
  ) throws -> LogisticModel {
    try ModelInput.checkMatrix(x, rows: y.count, what: "target values")
    try ModelInput.checkHyperparameter("C", c)
    try ModelInput.checkHyperparameter("the tolerance", tolerance)
    guard maxIterations >= 1 else {
      throw LearnError("the iteration limit is \(maxIterations); it must be at least 1")
    }
    let weights = try effectiveWeights(
      y: y, classes: classes, sampleWeight: sampleWeight, classWeight: classWeight,
      labels: labels)
    let objective = LogisticObjective(
      x: x, y: y, weights: weights, classes: classes, c: c, workers: workers, columns: columns)
    let start = [Double](repeating: 0, count: objective.count)
    let result: LBFGS.Result
    if let oneHot = objective as? LogisticObjective<OneHotDesign>,
      NewtonCholesky.suits(oneHot.x, outputs: oneHot.outputs)
    {
      // Few columns (one-hot groups count once): the exact Hessian is cheap and Newton's
      // handful of steps replace L-BFGS's tens to hundreds on ill-conditioned shapes.
      result = NewtonCholesky(maxIterations: maxIterations, tolerance: tolerance).minimize(
        oneHot, from: start, progress: progress)
    } else if let oneHot = objective as? LogisticObjective<OneHotDesign>,
      SampledNewton.suits(oneHot.x, outputs: oneHot.outputs),
      SampledNewton.sampleRepresents(oneHot)
    {
      // Many rows, several classes: the exact multinomial Hessian is too dear, one from a
      // sample of the rows is not, and its steps halve L-BFGS's passes over the rows.
      result = SampledNewton(maxIterations: maxIterations, tolerance: tolerance).minimize(
        oneHot, from: start, progress: progress)
    } else if let columns = objective.transposed {
      // Binary over a sparse design (hashed text): Newton–CG needs far fewer passes.
      result = NewtonCG(maxIterations: maxIterations, tolerance: tolerance).minimize(
        objective, columns: columns, from: start, progress: progress)
    } else {
      result = LBFGS(maxIterations: maxIterations, tolerance: tolerance).minimize(
        from: start, { theta, gradient in objective.evaluate(theta, gradient: &gradient) },
        progress: progress)
    }
    try ModelInput.checkFinite(result.x, model: "logistic regression")
    let d = x.columns
    let m = objective.outputs
    let coefficients = (0..<m).map { Array(result.x[($0 * d)..<(($0 + 1) * d)]) }
    var intercepts = Array(result.x[(m * d)...])
    if m > 1 {
      // The softmax ignores a shift common to all intercepts; scikit-learn's solution has
      // them summing to zero, and rounding in the iterations can leave a trace of drift.
      var total = 0.0
      for value in intercepts { total += value }
      let mean = total / Double(m)
      intercepts = intercepts.map { $0 - mean }
    }
    return LogisticModel(
      classes: classes, coefficients: coefficients, intercepts: intercepts,
      iterations: result.iterations, converged: result.converged, finalLoss: result.value,
      gradientMaxAbs: result.gradientMaxAbs)
  }

  /// The per-row weights of the loss, after checking the classes: sample weight (1 when none)
  /// times the row's class weight.
  static func effectiveWeights(
    y: [Int], classes: Int, sampleWeight: [Double]?, classWeight: ClassWeight, labels: [String]?
  ) throws -> [Double] {
    func name(_ k: Int) -> String {
      if let labels, k < labels.count { return "class '\(labels[k])'" }
      return "class \(k)"
    }
    guard classes >= 2 else {
      throw LearnError("a classifier needs at least two classes, not \(classes)")
    }
    if let labels, labels.count != classes {
      throw LearnError("there are \(labels.count) class labels for \(classes) classes")
    }
    var counts = [Int](repeating: 0, count: classes)
    for (row, k) in y.enumerated() {
      guard k >= 0 && k < classes else {
        throw LearnError("training row \(row + 1) has class index \(k), outside 0..<\(classes)")
      }
      counts[k] += 1
    }
    if let only = counts.firstIndex(of: y.count) {
      throw LearnError(
        "the target is constant (every row is \(name(only))); a classifier needs two classes")
    }
    for k in 0..<classes where counts[k] < 2 {
      let rows = counts[k] == 0 ? "no rows" : "only one row"
      throw LearnError("\(name(k)) has \(rows); every class needs at least two")
    }
    var weights = try ModelInput.weights(sampleWeight, rows: y.count)
    var perClass = [Double](repeating: 0, count: classes)
    for (row, k) in y.enumerated() { perClass[k] += weights[row] }
    if let k = perClass.firstIndex(of: 0) {
      throw LearnError("every row of \(name(k)) has sample weight zero")
    }
    if classWeight == .balanced {
      var total = 0.0
      for value in perClass { total += value }
      let factors = perClass.map { total / (Double(classes) * $0) }
      for row in 0..<weights.count { weights[row] *= factors[y[row]] }
    }
    return weights
  }
}
