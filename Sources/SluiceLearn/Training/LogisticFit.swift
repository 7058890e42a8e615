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
    /// A binary fit's sparse design on few rows, held only as columns.
    case columns(SparseColumns)
    /// Dense numeric features and one code per categorical column; `order` maps the design's
    /// columns back to the pipeline's.
    case oneHot(OneHotDesign, order: [Int])

    /// The design for `pipeline` on rows `keep`; `compact` asks for the one-hot form (which
    /// only the logistic fit reads), `binary` says the fit is a binary logistic one.
    init(
      pipeline: FeaturePipeline, frame: Frame, rows keep: [Int], file: String, compact: Bool,
      binary: Bool = false, cache: ColumnCache
    ) throws {
      let subset = keep.count == frame.rows ? frame : frame.selecting(keep)
      // The cache holds the whole frame's columns: only valid when no row was dropped.
      let cached = keep.count == frame.rows ? cache : ColumnCache()
      if pipeline.hasText && binary && keep.count < RowBlocks.minimumBlockRows {
        // Few rows (a wide table): the row products run on one thread either way, and the
        // columns alone serve them, so the row-major copy is never made.
        self = .columns(try pipeline.transformColumns(subset, file: file, cache: cached))
      } else if pipeline.hasText {
        self = .sparse(try pipeline.transformSparse(subset, file: file, cache: cached))
      } else if compact {
        // The cache holds the whole frame's columns: only valid when no row was dropped.
        let (design, order) = try pipeline.oneHotDesign(
          subset, file: file, cache: keep.count == frame.rows ? cache : ColumnCache())
        self = .oneHot(design, order: order)
      } else {
        let matrix = try pipeline.transform(subset, file: file)
        self = .dense(
          try DenseMatrix(rows: matrix.rows, columns: matrix.width, values: matrix.values))
      }
      cache.removeAll()
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
    case .columns(let x):
      model = try LogisticRegression.fit(
        columns: x, y: y, sampleWeight: weights, c: settings.c, classWeight: classWeight,
        maxIterations: settings.maxIterations, tolerance: settings.tolerance, labels: labels,
        workers: settings.threads ?? ReadOptions.defaultWorkers, progress: settings.progress)
    case .sparse(let x):
      model = try LogisticRegression.fit(
        x: x, y: y, classes: classes, sampleWeight: weights, c: settings.c,
        classWeight: classWeight, maxIterations: settings.maxIterations,
        tolerance: settings.tolerance, labels: labels, progress: settings.progress)
    case .oneHot(let x, let order):
      let permuted = try LogisticRegression.fitDesign(
        x: x, y: y, classes: classes, sampleWeight: weights, c: settings.c,
        classWeight: classWeight, maxIterations: settings.maxIterations,
        tolerance: settings.tolerance, labels: labels,
        workers: settings.threads ?? ReadOptions.defaultWorkers,
        progress: settings.progress)
      let coefficients = permuted.coefficients.map { row in
        var original = [Double](repeating: 0, count: row.count)
        for (column, value) in zip(order, row) { original[column] = value }
        return original
      }
      return LogisticFit(
        coefficients: coefficients, intercepts: permuted.intercepts,
        iterations: permuted.iterations, converged: permuted.converged, loss: permuted.finalLoss)
    }
    return LogisticFit(
      coefficients: model.coefficients, intercepts: model.intercepts,
      iterations: model.iterations, converged: model.converged, loss: model.finalLoss)
  }
}
