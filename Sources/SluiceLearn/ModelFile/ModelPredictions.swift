import SluiceCore
import SluiceTable

/// Scores a table with a model and writes its predictions file through `PredictionsWriter`
/// (checking `--id` and `--keep` against the table first).
public enum ModelPredictions {
  /// Scores `frame` with `model` and writes the predictions file to `writer`.
  public static func write(
    model: TrainedModel, frame: Frame, file: String, idColumn: String?, keep: [String],
    threshold: Double?, to writer: CSVWriter
  ) throws {
    let scores = try model.scores(frame: frame, file: file)
    let targetIndex = frame.index(of: model.target)
    var keptIndices: [Int] = []
    for name in keep {
      guard name != PredictionsFormat.taskColumn else {
        throw LearnError("--keep '\(name)' would clash with the predictions file's task column")
      }
      guard let index = frame.index(of: name) else {
        throw LearnError("--keep column '\(name)' is not in \(file)")
      }
      keptIndices.append(index)
    }
    var idIndex: Int? = nil
    if let idColumn {
      guard let index = frame.index(of: idColumn) else {
        throw LearnError("--id column '\(idColumn)' is not in \(file)")
      }
      idIndex = index
    }
    let predictions = PredictionsWriter(
      to: writer, task: model.task.rawValue, idName: idColumn ?? "row",
      probabilityClasses: model.task == .regression ? [] : model.classes,
      targetName: targetIndex.map { _ in model.target }, kept: keep)
    for row in 0..<frame.rows {
      let score = scores[row]
      let prediction: String
      switch model.task {
      case .regression:
        prediction = NumberText.exact(score[0])
      case .binary:
        prediction = model.classes[score[1] > (threshold ?? 0.5) ? 1 : 0]
      case .multiclass:
        var best = 0
        for index in score.indices where score[index] > score[best] { best = index }
        prediction = model.classes[best]
      }
      predictions.writeRow(
        id: idIndex.map { frame.columns[$0].string(row) ?? "" } ?? String(row + 1),
        prediction: prediction, probabilities: model.task == .regression ? [] : score,
        target: targetIndex.map { frame.columns[$0].string(row) ?? "" },
        kept: keptIndices.lazy.map { frame.columns[$0].string(row) ?? "" })
    }
  }
}
