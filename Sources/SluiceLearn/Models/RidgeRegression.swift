import SluiceTable

/// A fitted ridge regression: `prediction = intercept + coefficients · x`.
public struct RidgeModel: Sendable, Equatable {
  /// One coefficient per feature.
  public var coefficients: [Double]
  /// The intercept (0 when fitted without one).
  public var intercept: Double
  /// Whether the normal equations were singular, so the minimum-norm solution was taken.
  public var rankDeficient: Bool

  /// Creates a model.
  public init(coefficients: [Double], intercept: Double, rankDeficient: Bool = false) {
    self.coefficients = coefficients
    self.intercept = intercept
    self.rankDeficient = rankDeficient
  }

  /// One prediction per row of `x`; throws when `x` has the wrong number of columns.
  public func predict(_ x: DenseMatrix) throws -> [Double] {
    guard x.columns == coefficients.count else {
      throw LearnError(
        "the data has \(x.columns) feature columns; the model was trained on \(coefficients.count)")
    }
    return x.multiply(coefficients).map { $0 + intercept }
  }
}

/// Ridge regression solved exactly, matching scikit-learn's
/// `Ridge(alpha, fit_intercept, solver="cholesky")` including `sample_weight`.
///
/// It minimises `Σᵢ wᵢ (yᵢ − b − xᵢ·β)² + α‖β‖²`. With an intercept, X and y are centred on their
/// weighted means (so the intercept is not penalised) and `(Xcᵀ W Xc + αI) β = Xcᵀ W yc` is
/// solved by Cholesky; `b = ȳ − x̄·β`. When the system is singular (α = 0 with collinear
/// features) the minimum-norm solution is used instead, as scikit-learn's SVD fallback does.
public enum RidgeRegression {
  /// Fits ridge regression; `workers` only changes speed, never the result.
  public static func fit(
    x: DenseMatrix, y: [Double], sampleWeight: [Double]? = nil, alpha: Double = 1,
    fitIntercept: Bool = true, workers: Int = ReadOptions.defaultWorkers
  ) throws -> RidgeModel {
    try ModelInput.checkMatrix(x, rows: y.count, what: "target values")
    try ModelInput.checkHyperparameter("alpha", alpha, zeroAllowed: true)
    if let index = y.firstIndex(where: { !$0.isFinite }) {
      throw LearnError(
        "the target of training row \(index + 1) is \(y[index]); it must be a finite number")
    }
    if let first = y.first, y.allSatisfy({ $0 == first }) {
      throw LearnError("the target is constant (every row is \(first)); there is nothing to learn")
    }
    let weights = try ModelInput.weights(sampleWeight, rows: x.rows)
    let d = x.columns
    var xMean = [Double](repeating: 0, count: d)
    var yMean = 0.0
    if fitIntercept {
      (xMean, yMean) = weightedMeans(x: x, y: y, weights: weights, workers: workers)
    }
    let sums = normalEquations(
      x: x, y: y, weights: weights, xMean: xMean, yMean: yMean, workers: workers)
    var gram = Array(sums[0..<(d * d)])
    let right = Array(sums[(d * d)...])
    for i in 0..<d {
      // Only the upper triangle was accumulated; mirror it and add the penalty.
      for j in 0..<i { gram[i * d + j] = gram[j * d + i] }
      gram[i * d + i] += alpha
    }
    var rankDeficient = false
    let coefficients: [Double]
    if let factor = Cholesky(gram, order: d) {
      coefficients = factor.solve(right)
    } else {
      rankDeficient = true
      coefficients = SymmetricEigen(gram, order: d).pseudoSolve(right)
    }
    var intercept = 0.0
    if fitIntercept {
      intercept = yMean
      for j in 0..<d { intercept -= xMean[j] * coefficients[j] }
    }
    try ModelInput.checkFinite(coefficients + [intercept], model: "ridge regression")
    return RidgeModel(
      coefficients: coefficients, intercept: intercept, rankDeficient: rankDeficient)
  }

  /// The weighted means of X's columns and of y.
  static func weightedMeans(x: DenseMatrix, y: [Double], weights: [Double], workers: Int)
    -> ([Double], Double)
  {
    let d = x.columns
    let sums = RowBlocks.sum(rows: x.rows, width: d + 2, workers: workers) { range, out in
      x.values.withUnsafeBufferPointer { values in
        guard let base = values.baseAddress else {
          for row in range {
            out[d] += weights[row] * y[row]
            out[d + 1] += weights[row]
          }
          return
        }
        for row in range {
          let w = weights[row]
          VectorMath.axpy(w, base + row * d, out, d)
          out[d] += w * y[row]
          out[d + 1] += w
        }
      }
    }
    let total = sums[d + 1]
    return (sums[0..<d].map { $0 / total }, sums[d] / total)
  }

  /// The upper triangle of `Σ wᵢ cᵢcᵢᵀ` (row-major d × d) followed by `Σ wᵢ cᵢ (yᵢ − ȳ)`, where
  /// `cᵢ = xᵢ − x̄`.
  static func normalEquations(
    x: DenseMatrix, y: [Double], weights: [Double], xMean: [Double], yMean: Double, workers: Int
  ) -> [Double] {
    let d = x.columns
    return RowBlocks.sum(rows: x.rows, width: d * d + d, workers: workers) { range, out in
      var centred = [Double](repeating: 0, count: d)
      x.values.withUnsafeBufferPointer { values in
        centred.withUnsafeMutableBufferPointer { c in
          guard let base = values.baseAddress, let cBase = c.baseAddress else { return }
          for row in range {
            let w = weights[row]
            if w == 0 { continue }
            let source = base + row * d
            for j in 0..<d { c[j] = source[j] - xMean[j] }
            let residual = w * (y[row] - yMean)
            for j in 0..<d {
              let scale = w * c[j]
              VectorMath.axpy(scale, cBase + j, out + j * d + j, d - j)
              out[d * d + j] += c[j] * residual
            }
          }
        }
      }
    }
  }
}
