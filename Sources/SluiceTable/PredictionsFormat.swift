/// What the writers and readers of the predictions file (docs/formats.md) agree on, in the one
/// module both `predict` (SluiceLearn) and `evaluate` (SluiceMetrics) build on.
public enum PredictionsFormat {
  /// The last column of a predictions file Sluice writes: the task (`binary`, `multiclass` or
  /// `regression`) on every row, so a reader needs no `--task` and never guesses it from the
  /// values. Files without it (older ones, other tools') stay readable: the task is then
  /// inferred from the columns.
  public static let taskColumn = "sluice_task"
}
