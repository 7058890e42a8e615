import SluiceCore
import SluiceLearn
import SluiceMetrics
import SluiceTable

extension EvaluateTool {
  /// Writes metrics.json and every optional output, all or none (`OutputSet`): when one
  /// cannot be written, none of the others appears and earlier files stay as they were.
  static func writeOutputs(
    _ evaluation: Evaluation, input: EvaluationInput, arguments: ParsedArguments,
    invocation: Invocation
  ) throws {
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
  }
}
