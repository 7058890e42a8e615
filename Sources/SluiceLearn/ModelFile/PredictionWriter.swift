import SluiceCore
import SluiceTable

/// Writes the predictions file (docs/formats.md): id, prediction, one probability per class,
/// the target when present, kept columns, then the task column (`PredictionsFormat`).
public enum PredictionWriter {
  /// Scores `frame` with `model` and writes the predictions file to `writer`.
  public static func write(
    model: TrainedModel, frame: Frame, file: String, idColumn: String?, keep: [String],
    threshold: Double?, to writer: CSVWriter
  ) throws {
    let scores = try model.scores(frame: frame, file: file)
    var header = [idColumn ?? "row", "prediction"]
    if model.task != .regression { header += model.classes.map { "proba_\($0)" } }
    let targetIndex = frame.index(of: model.target)
    if targetIndex != nil { header.append(model.target) }
    var keptIndices: [Int] = []
    for name in keep {
      guard name != PredictionsFormat.taskColumn else {
        throw LearnError("--keep '\(name)' would clash with the predictions file's task column")
      }
      guard let index = frame.index(of: name) else {
        throw LearnError("--keep column '\(name)' is not in \(file)")
      }
      keptIndices.append(index)
      header.append(name)
    }
    var idIndex: Int? = nil
    if let idColumn {
      guard let index = frame.index(of: idColumn) else {
        throw LearnError("--id column '\(idColumn)' is not in \(file)")
      }
      idIndex = index
    }
    header.append(PredictionsFormat.taskColumn)
    writer.writeRecord(header)
    for row in 0..<frame.rows {
      writer.writeField(idIndex.map { frame.columns[$0].string(row) ?? "" } ?? String(row + 1))
      let score = scores[row]
      switch model.task {
      case .regression:
        writer.writeField(number(score[0]))
      case .binary:
        let positive = score[1] > (threshold ?? 0.5)
        writer.writeField(model.classes[positive ? 1 : 0])
      case .multiclass:
        var best = 0
        for index in score.indices where score[index] > score[best] { best = index }
        writer.writeField(model.classes[best])
      }
      if model.task != .regression { for p in score { writer.writeField(number(p)) } }
      if let targetIndex { writer.writeField(frame.columns[targetIndex].string(row) ?? "") }
      for index in keptIndices { writer.writeField(frame.columns[index].string(row) ?? "") }
      writer.writeField(model.task.rawValue)
      writer.endRecord()
    }
  }

  /// The shortest text that reads back as the same double.
  static func number(_ value: Double) -> String {
    CanonicalJSON.formatDouble(value) ?? "nan"
  }
}
