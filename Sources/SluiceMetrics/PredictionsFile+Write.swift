import SluiceCore
import SluiceTable

extension PredictionsFile {
  /// Writes `set` as a predictions file with `PredictionsWriter`: id, prediction, one
  /// `proba_<label>` per class (binary: the negative class's probability as given, or
  /// 1 − score when only the score is known, then the score), the target, `extra` columns,
  /// then the task column.
  public static func write(
    _ set: PredictionSet, idName: String, targetName: String,
    extra: [(name: String, values: [String?])], to writer: CSVWriter
  ) {
    let hasProbabilities =
      set.task == .binary ? !set.positiveScores.isEmpty : !set.probabilities.isEmpty
    // A column of the input's own task marker is written once, last.
    let extra = extra.filter { $0.name != PredictionsFormat.taskColumn }
    let predictions = PredictionsWriter(
      to: writer, task: set.task.rawValue, idName: idName,
      probabilityClasses: set.task != .regression && hasProbabilities ? set.classes : [],
      targetName: targetName, kept: extra.map(\.name))
    let width = set.classes.count
    for row in 0..<set.count {
      let id = row < set.ids.count ? set.ids[row] : String(row + 1)
      let kept = extra.lazy.map { $0.values[row] ?? "" }
      switch set.task {
      case .regression:
        predictions.writeRow(
          id: id, prediction: NumberText.exact(set.values[row]), probabilities: [],
          target: NumberText.exact(set.targets[row]), kept: kept)
      case .binary, .multiclass:
        var probabilities: ArraySlice<Double> = []
        if hasProbabilities && set.task == .binary {
          let score = set.positiveScores[row]
          let negative = set.negativeScores.isEmpty ? 1 - score : set.negativeScores[row]
          probabilities = [negative, score]
        } else if hasProbabilities {
          probabilities = set.probabilities[(row * width)..<((row + 1) * width)]
        }
        predictions.writeRow(
          id: id, prediction: set.classes[Int(set.predicted[row])],
          probabilities: probabilities, target: set.classes[Int(set.labels[row])], kept: kept)
      }
    }
  }
}
