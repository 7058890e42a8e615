import SluiceCore

/// The one writer of the predictions file (docs/formats.md), behind both `predict` and
/// `evaluate --predictions-out`: the header is written when it is created, then one call per
/// row. Columns: id, `prediction`, one `proba_<label>` per class, the target, kept columns,
/// then the task column (`PredictionsFormat.taskColumn`).
///
/// Numbers are written as computed, in the shortest form that reads back to the same double
/// (`NumberText.exact`), so reading a predictions file and writing it again changes nothing.
public struct PredictionsWriter {
  private let output: CSVWriter
  private let task: String
  private let hasTarget: Bool

  /// Writes the header to `output`. `task` is the task column's value (`binary`, `multiclass`
  /// or `regression`); `probabilityClasses` is empty for regression or when only hard labels
  /// are known; `targetName` is nil when the scored data has no target column.
  public init(
    to output: CSVWriter, task: String, idName: String, probabilityClasses: [String],
    targetName: String?, kept: [String]
  ) {
    self.output = output
    self.task = task
    hasTarget = targetName != nil
    var header = [idName, "prediction"]
    header += probabilityClasses.map { "proba_\($0)" }
    if let targetName { header.append(targetName) }
    header += kept
    header.append(PredictionsFormat.taskColumn)
    output.writeRecord(header)
  }

  /// Writes one row: `probabilities` in the header's class order (none for regression),
  /// `target` (nil is written empty) and `kept` in the header's order.
  public func writeRow(
    id: String, prediction: String, probabilities: some Sequence<Double>, target: String?,
    kept: some Sequence<String>
  ) {
    output.writeField(id)
    output.writeField(prediction)
    for probability in probabilities { output.writeField(NumberText.exact(probability)) }
    if hasTarget { output.writeField(target ?? "") }
    for value in kept { output.writeField(value) }
    output.writeField(task)
    output.endRecord()
  }
}
