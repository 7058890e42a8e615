import SluiceTable

extension Trainer {
  /// The parts of a logistic fit the model file records.
  struct LogisticFit {
    var coefficients: [[Double]]
    var intercepts: [Double]
    var iterations: Int
    var converged: Bool
    var loss: Double
  }

  /// The training rows' features: dense, or sparse when text is hashed in.
  enum Design {
    case dense(DenseMatrix)
    case sparse(SparseMatrix)

    init(pipeline: FeaturePipeline, frame: Frame, rows keep: [Int], file: String) throws {
      let subset = keep.count == frame.rows ? frame : frame.selecting(keep)
      if pipeline.hasText {
        self = .sparse(try pipeline.transformSparse(subset, file: file))
      } else {
        let matrix = try pipeline.transform(subset, file: file)
        self = .dense(
          try DenseMatrix(rows: matrix.rows, columns: matrix.width, values: matrix.values))
      }
    }
  }

  static func fitLogistic(
    design: Design, y: [Int], classes: Int, weights: [Double]?, settings: TrainSettings,
    labels: [String]
  ) throws -> LogisticFit {
    let classWeight: ClassWeight = settings.balanced ? .balanced : .none
    let model: LogisticModel
    switch design {
    case .dense(let x):
      model = try LogisticRegression.fit(
        x: x, y: y, classes: classes, sampleWeight: weights, c: settings.c,
        classWeight: classWeight, maxIterations: settings.maxIterations,
        tolerance: settings.tolerance, labels: labels, progress: settings.progress)
    case .sparse(let x):
      model = try LogisticRegression.fit(
        x: x, y: y, classes: classes, sampleWeight: weights, c: settings.c,
        classWeight: classWeight, maxIterations: settings.maxIterations,
        tolerance: settings.tolerance, labels: labels, progress: settings.progress)
    }
    return LogisticFit(
      coefficients: model.coefficients, intercepts: model.intercepts,
      iterations: model.iterations, converged: model.converged, loss: model.finalLoss)
  }
}
