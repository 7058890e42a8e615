import SluiceCore
import SluiceLearn
import SluiceMetrics
import SluiceTable

extension EvaluateTool {
  /// Writes metrics.json and every optional output, each atomically.
  static func writeOutputs(
    _ evaluation: Evaluation, input: EvaluationInput, arguments: ParsedArguments,
    invocation: Invocation
  ) throws {
    if let path = arguments.string("--predictions-out") {
      let output = try AtomicOutput(path: path, stdout: invocation.stdout)
      let writer = CSVWriter(output: output)
      if let model = input.model, let frame = input.frame {
        try PredictionWriter.write(
          model: model, frame: frame, file: input.file, idColumn: arguments.string("--id"),
          keep: arguments.strings("--slice"), threshold: evaluation.threshold, to: writer)
      } else {
        PredictionsFile.write(
          evaluation.set, idName: input.idName, targetName: input.targetName,
          extra: input.sliceColumns, to: writer)
      }
      writer.flush()
      try output.commit()
    }
    if let path = arguments.string("--markdown") {
      try write(MetricsMarkdown.render(evaluation), to: path, invocation)
    }
    if let path = arguments.string("--openmetrics") {
      try write(OpenMetricsText.render(evaluation), to: path, invocation)
    }
    if let directory = arguments.string("--plots") {
      _ = try PlotWriter.write(evaluation.set, threshold: evaluation.threshold, to: directory)
    }
    let json = CanonicalJSON.encode(MetricsFileWriter.json(evaluation))
    try write(json, to: arguments.string("--output") ?? "-", invocation)
  }

  static func write(_ text: String, to path: String, _ invocation: Invocation) throws {
    let output = try AtomicOutput(path: path, stdout: invocation.stdout)
    output.write(text)
    try output.commit()
  }
}
