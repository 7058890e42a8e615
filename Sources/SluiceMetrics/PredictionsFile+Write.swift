import SluiceCore
import SluiceTable

extension PredictionsFile {
  /// Writes `set` as a predictions file: id, prediction, one `proba_<label>` per class
  /// (binary: 1 - score and score), the target, `extra` columns, then the task column
  /// (`PredictionsFormat.taskColumn`).
  public static func write(
    _ set: PredictionSet, idName: String, targetName: String,
    extra: [(name: String, values: [String?])], to writer: CSVWriter
  ) {
    let classification = set.task != .regression
    let hasProbabilities =
      set.task == .binary ? !set.positiveScores.isEmpty : !set.probabilities.isEmpty
    // A column of the input's own task marker is written once, last.
    let extra = extra.filter { $0.name != PredictionsFormat.taskColumn }
    var header = [idName, "prediction"]
    if classification && hasProbabilities { header += set.classes.map { "proba_\($0)" } }
    header.append(targetName)
    header += extra.map(\.name)
    header.append(PredictionsFormat.taskColumn)
    writer.writeRecord(header)
    let width = set.classes.count
    for row in 0..<set.count {
      writer.writeField(row < set.ids.count ? set.ids[row] : String(row + 1))
      switch set.task {
      case .regression:
        writer.writeField(number(set.values[row]))
        writer.writeField(number(set.targets[row]))
      case .binary, .multiclass:
        writer.writeField(set.classes[Int(set.predicted[row])])
        if hasProbabilities {
          if set.task == .binary {
            let score = set.positiveScores[row]
            writer.writeField(number(1 - score))
            writer.writeField(number(score))
          } else {
            for index in 0..<width {
              writer.writeField(number(set.probabilities[row * width + index]))
            }
          }
        }
        writer.writeField(set.classes[Int(set.labels[row])])
      }
      for column in extra { writer.writeField(column.values[row] ?? "") }
      writer.writeField(set.task.rawValue)
      writer.endRecord()
    }
  }

  static func number(_ value: Double) -> String { CanonicalJSON.formatDouble(value) ?? "nan" }
}
