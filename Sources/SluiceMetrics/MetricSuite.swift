import SluiceTable

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Every metric of a task, with scikit-learn's definitions.
public enum MetricSuite {
  /// The metric names of `task`, in report order.
  public static func names(for task: EvaluationTask) -> [String] {
    switch task {
    case .binary:
      return [
        "n", "accuracy", "balanced_accuracy", "precision", "recall", "f1", "roc_auc",
        "average_precision", "log_loss", "brier", "ece",
      ]
    case .multiclass:
      return [
        "n", "accuracy", "f1_macro", "f1_weighted", "precision_macro", "recall_macro", "log_loss",
        "roc_auc_ovr", "roc_auc_ovo",
      ]
    case .regression:
      return ["n", "mae", "mse", "rmse", "r2", "mape", "median_absolute_error", "max_error"]
    }
  }

  /// The number of equal-width bins of `ece` on the positive class's probability.
  public static let eceBins = 15

  /// Every metric of `set`. `threshold` is recorded for binary sets; their hard predictions
  /// are already in `set.predicted`.
  public static func compute(_ set: PredictionSet, threshold: Double = 0.5) -> MetricValues {
    Evaluator(set).compute(multiplicity: nil)
  }

  /// The confusion matrix of a classification set: rows are true classes, columns predicted
  /// classes, both in `set.classes` order; cells are summed sample weights.
  public static func confusionMatrix(_ set: PredictionSet) -> [[Double]] {
    let width = set.classes.count
    var cells = [[Double]](repeating: [Double](repeating: 0, count: width), count: width)
    guard set.task != .regression else { return [] }
    for row in 0..<set.count {
      let truth = Int(set.labels[row])
      let guess = Int(set.predicted[row])
      if truth < width, guess >= 0, guess < width { cells[truth][guess] += set.weight(row) }
    }
    return cells
  }
}

/// Computes a task's metrics, possibly many times over resampled row multiplicities: the
/// orderings the ranking metrics need and every per-row term (a row's log loss, squared
/// error, calibration bin) are computed once here, so a bootstrap round is a few linear
/// passes of multiply-adds rather than a sort and a logarithm per row.
struct Evaluator: Sendable {
  let set: PredictionSet
  /// Binary: rows by descending score. Multiclass: per class, rows by descending probability.
  /// Regression: rows by ascending absolute error.
  let ranked: [RowRanking]
  /// Per-row terms. Binary: log loss, squared error. Multiclass: log loss. Regression:
  /// absolute, squared and relative error.
  let terms: [[Double]]
  /// Binary: each row's calibration bin.
  let bins: [UInt8]
  /// Whether every score or probability lies in [0, 1] (log loss, Brier and ECE need it).
  let probabilitiesInRange: Bool

  init(_ set: PredictionSet) {
    self.set = set
    var terms: [[Double]] = []
    var bins: [UInt8] = []
    var inRange = true
    switch set.task {
    case .binary:
      let scores = set.positiveScores
      if scores.count == set.count {
        // The sort runs beside the per-row terms: they are independent passes.
        let labels = set.labels
        let sorting = BackgroundTask { RowRanking(keys: scores, descending: true, labels: labels) }
        inRange = scores.allSatisfy { $0 >= 0 && $0 <= 1 }
        var loss = [Double](repeating: 0, count: set.count)
        var squared = [Double](repeating: 0, count: set.count)
        bins = [UInt8](repeating: 0, count: set.count)
        // calibration_curve's bins: edges i·(1/15), a probability on an inner edge in the
        // lower bin, so `ece` and the calibration plot agree row for row.
        let step = 1.0 / Double(MetricSuite.eceBins)
        let edges = (1..<MetricSuite.eceBins).map { Double($0) * step }
        for row in 0..<set.count where inRange {
          let score = scores[row]
          let truth = set.labels[row] == 1
          loss[row] = Self.logLoss(truth ? score : 1 - score)
          let difference = (truth ? 1 : 0) - score
          squared[row] = difference * difference
          bins[row] = UInt8(PlotCurves.Calibration.bin(of: score, edges: edges))
        }
        terms = [loss, squared]
        ranked = [(try? sorting.value()) ?? RowRanking(keys: scores, descending: true)]
      } else {
        ranked = []
      }
    case .multiclass:
      let width = set.classes.count
      if set.probabilities.count == set.count * width && set.count > 0 {
        ranked = (0..<width).map { column in
          RowRanking(
            keys: (0..<set.count).map { set.probabilities[$0 * width + column] }, descending: true)
        }
        inRange = set.probabilities.allSatisfy { $0 >= 0 && $0 <= 1 }
        terms = [
          (0..<set.count).map { row in
            Self.logLoss(set.probabilities[row * width + Int(set.labels[row])])
          }
        ]
      } else {
        ranked = []
      }
    case .regression:
      let errors = zip(set.targets, set.values).map { abs($0 - $1) }
      ranked = [RowRanking(keys: errors, descending: false)]
      terms = [
        errors, errors.map { $0 * $0 },
        zip(errors, set.targets).map { $0 / max(abs($1), Self.epsilon) },
      ]
    }
    self.terms = terms
    self.bins = bins
    probabilitiesInRange = inRange
  }

  /// scikit-learn's per-row log loss: the probability of the true class clipped to
  /// [eps, 1 - eps] with eps the float64 machine epsilon.
  static func logLoss(_ probability: Double) -> Double {
    -log(min(max(probability, epsilon), 1 - epsilon))
  }

  /// The metrics of the set with each row repeated `multiplicity[row]` times (nil: once).
  func compute(multiplicity: [Int32]?) -> MetricValues {
    let count = multiplicity.map { $0.reduce(0) { $0 + Int($1) } } ?? set.count
    var values = MetricValues()
    values.set("n", Double(count))
    guard count > 0 else {
      for name in MetricSuite.names(for: set.task).dropFirst() {
        values.setUndefined(name, "there are no rows")
      }
      return values
    }
    let weights = effectiveWeights(multiplicity)
    switch set.task {
    case .binary: binary(weights, present: multiplicity, into: &values)
    case .multiclass: multiclass(weights, present: multiplicity, into: &values)
    case .regression: regression(weights, present: multiplicity, count: count, into: &values)
    }
    values.names = MetricSuite.names(for: set.task)
    return values
  }

  /// Sample weight times multiplicity per row.
  func effectiveWeights(_ multiplicity: [Int32]?) -> [Double] {
    switch (set.weights, multiplicity) {
    case (nil, nil): return [Double](repeating: 1, count: set.count)
    case (let weights?, nil): return weights
    case (nil, let counts?):
      return [Double](unsafeUninitializedCapacity: counts.count) { buffer, initialized in
        counts.withUnsafeBufferPointer { counts in
          for index in 0..<counts.count { buffer[index] = Double(counts[index]) }
        }
        initialized = counts.count
      }
    case (let weights?, let counts?): return zip(weights, counts).map { $0 * Double($1) }
    }
  }
}
