#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A fitted logistic regression and how its optimisation ended.
///
/// Binary models have one coefficient row, the log-odds of class 1 (as scikit-learn's
/// `coef_`); models of K > 2 classes have K rows under a softmax.
public struct LogisticModel: Sendable, Equatable {
  /// The number of classes (≥ 2).
  public var classes: Int
  /// One row of per-feature coefficients per output: 1 for binary, else `classes`.
  public var coefficients: [[Double]]
  /// One intercept per output (for K > 2 classes they sum to zero, as scikit-learn's do).
  public var intercepts: [Double]
  /// Optimiser iterations taken.
  public var iterations: Int
  /// Whether the gradient tolerance was met within the iteration limit.
  public var converged: Bool
  /// scikit-learn's objective at the solution: the weighted mean log loss plus
  /// `‖W‖² / (2·C·Σw)`.
  public var finalLoss: Double
  /// The largest absolute component of that objective's gradient at the solution.
  public var gradientMaxAbs: Double

  /// Creates a model.
  public init(
    classes: Int, coefficients: [[Double]], intercepts: [Double], iterations: Int = 0,
    converged: Bool = true, finalLoss: Double = .nan, gradientMaxAbs: Double = .nan
  ) {
    self.classes = classes
    self.coefficients = coefficients
    self.intercepts = intercepts
    self.iterations = iterations
    self.converged = converged
    self.finalLoss = finalLoss
    self.gradientMaxAbs = gradientMaxAbs
  }

  /// The number of features the model expects.
  public var features: Int { coefficients.first?.count ?? 0 }

  /// The linear scores `W·x + b` of every row (one per output).
  public func decisionFunction(_ x: DenseMatrix) throws -> [[Double]] { try scores(x) }

  /// The linear scores `W·x + b` of every row of a sparse matrix (one per output).
  public func decisionFunction(_ x: SparseMatrix) throws -> [[Double]] { try scores(x) }

  /// Class probabilities of every row, one per class in class-index order; computed stably
  /// (a sigmoid without overflow, a softmax shifted by the largest score).
  public func predictProbabilities(_ x: DenseMatrix) throws -> [[Double]] {
    try scores(x).map(Self.probabilities)
  }

  /// Class probabilities of every row of a sparse matrix, as for a dense one.
  public func predictProbabilities(_ x: SparseMatrix) throws -> [[Double]] {
    try scores(x).map(Self.probabilities)
  }

  /// The scores of every row of `x`.
  func scores<Design: LinearDesign>(_ x: Design) throws -> [[Double]] {
    guard x.columns == features else {
      throw LearnError(
        "the data has \(x.columns) feature columns; the model was trained on \(features)")
    }
    let flat = coefficients.flatMap { $0 }
    return x.withRows { rows in
      flat.withUnsafeBufferPointer { weights in
        (0..<x.rows).map { row in
          guard let w = weights.baseAddress else { return intercepts }
          return (0..<intercepts.count).map { k in intercepts[k] + rows.dot(row, w + k * features) }
        }
      }
    }
  }

  /// The probabilities for one row's scores.
  static func probabilities(_ scores: [Double]) -> [Double] {
    if scores.count == 1 {
      let z = scores[0]
      let e = exp(-abs(z))
      let positive = z >= 0 ? 1 / (1 + e) : e / (1 + e)
      return [1 - positive, positive]
    }
    let top = scores.max() ?? 0
    let exps = scores.map { exp($0 - top) }
    var total = 0.0
    for value in exps { total += value }
    return exps.map { $0 / total }
  }
}
