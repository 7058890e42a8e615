/// The kind of problem being evaluated.
public enum EvaluationTask: String, Sendable, CaseIterable {
  case binary, multiclass, regression
}

/// Labelled predictions in memory: the input of every metric.
public struct PredictionSet: Sendable {
  /// The task.
  public var task: EvaluationTask
  /// Row ids in file order (the id column, or "1", "2", ... row numbers).
  public var ids: [String]
  /// Classification label order; binary: `classes[1]` is the positive class. Empty for
  /// regression.
  public var classes: [String]
  /// Classification: the index into `classes` of each row's true label.
  public var labels: [Int32]
  /// Classification: the index into `classes` of each row's predicted label.
  public var predicted: [Int32]
  /// Binary: the score of `classes[1]` per row; empty when only hard labels are known.
  public var positiveScores: [Double]
  /// Binary: the probability of `classes[0]` per row as a predictions file gave it, read only
  /// for writing the file again (`PredictionsFile.Options.keepsNegativeProbability`) so it
  /// keeps its digits; empty otherwise (it is then 1 − score). Not part of `meta.data_hash`:
  /// the positive scores already identify the rows.
  public var negativeScores: [Double] = []
  /// Multiclass: row-major probabilities, rows × `classes.count`; empty when absent.
  public var probabilities: [Double]
  /// Regression truth.
  public var targets: [Double]
  /// Regression predictions.
  public var values: [Double]
  /// Sample weights (scikit-learn's `sample_weight`); nil means every row weighs 1.
  public var weights: [Double]?

  /// An empty set of `task`; fill the arrays that apply.
  public init(
    task: EvaluationTask, ids: [String] = [], classes: [String] = [], labels: [Int32] = [],
    predicted: [Int32] = [], positiveScores: [Double] = [], probabilities: [Double] = [],
    targets: [Double] = [], values: [Double] = [], weights: [Double]? = nil
  ) {
    self.task = task
    self.ids = ids
    self.classes = classes
    self.labels = labels
    self.predicted = predicted
    self.positiveScores = positiveScores
    self.probabilities = probabilities
    self.targets = targets
    self.values = values
    self.weights = weights
  }

  /// The number of rows.
  public var count: Int { task == .regression ? targets.count : labels.count }

  /// The weight of row `row`.
  @inline(__always)
  func weight(_ row: Int) -> Double { weights?[row] ?? 1 }

  /// The rows at `rows` (with repeats), in that order: a bootstrap resample or a slice.
  public func subset(_ rows: [Int]) -> PredictionSet {
    func pick<T>(_ array: [T]) -> [T] { array.isEmpty ? [] : rows.map { array[$0] } }
    var result = PredictionSet(task: task, classes: classes)
    result.ids = pick(ids)
    result.labels = pick(labels)
    result.predicted = pick(predicted)
    result.positiveScores = pick(positiveScores)
    result.negativeScores = pick(negativeScores)
    result.targets = pick(targets)
    result.values = pick(values)
    result.weights = weights.map { weights in rows.map { weights[$0] } }
    if !probabilities.isEmpty {
      let width = classes.count
      var picked: [Double] = []
      picked.reserveCapacity(rows.count * width)
      for row in rows { picked += probabilities[(row * width)..<((row + 1) * width)] }
      result.probabilities = picked
    }
    return result
  }
}
