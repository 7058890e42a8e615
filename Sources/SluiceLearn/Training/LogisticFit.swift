extension Trainer {
  /// The parts of a logistic fit the model file records.
  struct LogisticFit {
    var coefficients: [[Double]]
    var intercepts: [Double]
    var iterations: Int
    var converged: Bool
    var loss: Double
  }

  static func fitLogistic(
    x: DenseMatrix, y: [Int], classes: Int, weights: [Double]?, settings: TrainSettings,
    labels: [String]
  ) throws -> LogisticFit {
    let model = try LogisticRegression.fit(
      x: x, y: y, classes: classes, sampleWeight: weights, c: settings.c,
      classWeight: settings.balanced ? .balanced : .none, maxIterations: settings.maxIterations,
      tolerance: settings.tolerance, labels: labels)
    return LogisticFit(
      coefficients: model.coefficients, intercepts: model.intercepts,
      iterations: model.iterations, converged: model.converged, loss: model.finalLoss)
  }
}
