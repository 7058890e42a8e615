import SluiceCore
import SluiceTable

/// Builds a prediction set from a model's per-row scores and the labelled table it scored.
public enum ModelScores {
  /// The set of `task` from `scores` (per row: class probabilities in `classes` order, or the
  /// regression value) and the target column `target` of `frame`. Binary predictions are
  /// positive when the positive class's probability is above `threshold`, as `predict`;
  /// multiclass predictions are the first most probable class.
  public static func predictionSet(
    task: EvaluationTask, classes modelClasses: [String], scores: [[Double]], frame: Frame,
    target: Int, file: String, positive: String?, threshold: Double, workers: Int
  ) throws(CoreError) -> PredictionSet {
    switch task {
    case .regression:
      return PredictionSet(
        task: .regression,
        targets: try ColumnReader.numbers(frame, target, file: file, workers: workers),
        values: scores.map { $0.first ?? 0 })
    case .binary:
      guard modelClasses.count == 2 else {
        throw .invalidData("a binary model needs two classes, not \(modelClasses.count)")
      }
      var positiveIndex = 1
      if let positive {
        guard let index = modelClasses.firstIndex(of: positive) else {
          throw .usage(
            "--positive '\(positive)' is not one of the model's classes \(modelClasses.joined(separator: ", "))"
          )
        }
        positiveIndex = index
      }
      let classes = [modelClasses[1 - positiveIndex], modelClasses[positiveIndex]]
      var set = PredictionSet(task: .binary, classes: classes)
      set.labels = try codes(frame, target, classes: classes, file: file)
      set.positiveScores = scores.map { $0[positiveIndex] }
      set.predicted = set.positiveScores.map { $0 > threshold ? 1 : 0 }
      return set
    case .multiclass:
      var labels = modelClasses
      for label in try ColumnReader.labels(frame, target, file: file).labels
      where !labels.contains(label) {
        labels.append(label)
      }
      let classes = ColumnReader.sortedByBytes(labels)
      let positions = modelClasses.map { label in classes.firstIndex(of: label) ?? 0 }
      let width = classes.count
      var set = PredictionSet(task: .multiclass, classes: classes)
      set.labels = try codes(frame, target, classes: classes, file: file)
      var probabilities = [Double](repeating: 0, count: scores.count * width)
      var predicted = [Int32](repeating: 0, count: scores.count)
      for (row, score) in scores.enumerated() {
        var best = 0
        for (index, probability) in score.enumerated() {
          probabilities[row * width + positions[index]] = probability
          if probability > score[best] { best = index }
        }
        predicted[row] = Int32(positions[best])
      }
      set.probabilities = probabilities
      set.predicted = predicted
      return set
    }
  }

  /// Column `index` as non-negative finite sample weights.
  public static func weights(_ frame: Frame, _ index: Int, file: String, workers: Int)
    throws(CoreError) -> [Double]
  {
    let weights = try ColumnReader.numbers(frame, index, file: file, workers: workers)
    if weights.contains(where: { $0 < 0 || !$0.isFinite }) {
      throw .invalidData("\(file): sample weights must be finite and not negative")
    }
    return weights
  }

  static func codes(_ frame: Frame, _ index: Int, classes: [String], file: String)
    throws(CoreError) -> [Int32]
  {
    let coded = try ColumnReader.labels(frame, index, file: file)
    let codes = ColumnReader.recode(coded.codes, labels: coded.labels, into: classes)
    if let row = codes.firstIndex(of: -1) {
      throw .invalidData(
        "\(file): line \(frame.lines[row]): target '\(coded.labels[Int(coded.codes[row])])' is not one of the model's classes \(classes.joined(separator: ", "))"
      )
    }
    return codes
  }
}
