import SluiceCore
import SluiceLearn
import SluiceMetrics
import SluiceTable
import SluiceTracking

extension EvaluateTool {
  /// Writes metrics.json and every optional output, all or none (`OutputSet`): when one
  /// cannot be written, none of the others appears and earlier files stay as they were.
  /// Returns the metrics document written.
  @discardableResult
  static func writeOutputs(
    _ evaluation: Evaluation, input: EvaluationInput, arguments: ParsedArguments,
    invocation: Invocation
  ) throws -> JSONValue {
    let outputs = OutputSet(stdout: invocation.stdout)
    if let path = arguments.string("--predictions-out") {
      let writer = CSVWriter(output: try outputs.output(path))
      if let model = input.model, let frame = input.frame {
        try ModelPredictions.write(
          model: model, frame: frame, file: input.file, idColumn: arguments.string("--id"),
          keep: arguments.strings("--slice"), threshold: evaluation.threshold, to: writer)
      } else {
        PredictionsFile.write(
          evaluation.set, idName: input.idName, targetName: input.targetName,
          extra: input.sliceColumns, to: writer)
      }
      writer.flush()
    }
    if let path = arguments.string("--markdown") {
      try outputs.output(path).write(MetricsMarkdown.render(evaluation))
    }
    if let path = arguments.string("--openmetrics") {
      try outputs.output(path).write(OpenMetricsText.render(evaluation))
    }
    if let directory = arguments.string("--plots") {
      _ = try PlotWriter.write(
        evaluation.set, threshold: evaluation.threshold, to: directory, in: outputs)
    }
    let document = MetricsFileWriter.json(evaluation)
    if let path = arguments.string("--dvc-metrics") {
      try outputs.output(path).write(CanonicalJSON.encode(DVCMetrics.json(document)))
    }
    let json = CanonicalJSON.encode(document)
    try outputs.output(arguments.string("--output") ?? "-").write(json)
    try outputs.commit()
    return document
  }

  /// What evaluate logs to MLflow: every setting (params `evaluate.*`), each number of
  /// metrics.json under the names `--dvc-metrics` gives it (intervals as `<m>_ci_low` and
  /// `<m>_ci_high`, slices as `slices.<col>.<value>.<m>`), the data's sha256, and the files
  /// written (metrics.json always; plots and reports when asked for).
  static func record(_ document: JSONValue, arguments: ParsedArguments) throws -> TrackingRecord {
    var record = TrackingRecord(tool: "evaluate")
    if let task = document["meta"]?["task"]?.stringValue { record.param("task", task) }
    TrackingOptions.settings(arguments, spec: spec, into: &record)
    record.metrics = MetricNames.flatten(DVCMetrics.json(document))
    if let rows = document["meta"]?["rows"]?.doubleValue {
      record.metrics.append(("evaluate.rows", rows))
    }
    // The file's sha256, as train tags its data (meta.data_hash is a hash of the rows).
    let data =
      arguments.positionals.count > 1
      ? arguments.positionals[1] : arguments.string("--predictions")
    if let data, data != "-" {
      record.tags.append(("sluice.evaluate.data_sha256", try SHA256.hexOfFile(data)))
    }
    record.artifacts.append(
      .init("evaluate/metrics.json", .bytes(Array(CanonicalJSON.encode(document).utf8))))
    let files = [
      ("--markdown", "metrics.md"), ("--openmetrics", "metrics.txt"),
      ("--dvc-metrics", "dvc-metrics.json"), ("--predictions-out", "predictions.csv"),
    ]
    for (option, name) in files {
      if let path = arguments.string(option), path != "-" {
        record.artifacts.append(.init("evaluate/" + name, .file(path)))
      }
    }
    if let directory = arguments.string("--plots") {
      record.artifacts.append(.init("evaluate/plots", .directory(directory)))
    }
    return record
  }
}
