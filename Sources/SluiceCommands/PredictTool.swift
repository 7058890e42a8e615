import SluiceBundle
import SluiceCore
import SluiceLearn
import SluiceTable

/// `predict`: score a table with a model and write the predictions file.
public enum PredictTool {
  static let spec = CommandSpec(
    name: "predict",
    overview:
      "Score a table with a model from 'train' and write the predictions file (docs/formats.md): the id, the prediction (a class label spelled as in the training data, or a value), one proba_<label> column per class, the target when the data has it, any --keep columns, then sluice_task: the model's task on every row, so that evaluate and gate read the task from the file. The model's feature pipeline is applied exactly as in training; unknown categories go to the model's infrequent slot; a missing required column is an error. MODEL may also be a bundle from 'package-model': its model is read from the archive and checked against its sha256, and the data must satisfy the bundle's signature (every input column present, values of the input's type, no missing value in a column that is not nullable); each violation is named and nothing is scored (exit 65). Unknown categories are not violations.",
    usage: [
      "predict MODEL DATA [-o predictions.csv] [--id COL] [--keep COL]... [--threshold T] [table options]"
    ],
    arguments: [
      ArgumentSpec("model", help: "A model.json from 'train', or a bundle from 'package-model'."),
      ArgumentSpec("data", help: "The table to score ('-' for standard input)."),
    ],
    options: [
      OptionSpec(
        ["-o", "--output"], value: "file",
        help: "Write the predictions here ('-' for standard output).", default: "-"),
      OptionSpec(
        ["--id"], value: "col", help: "Use this column as the row id (default: row numbers)."),
      OptionSpec(
        ["--keep"], value: "col", help: "Copy this column into the predictions (e.g. for slices).",
        repeatable: true),
      OptionSpec(
        ["--threshold"], value: "t",
        help: "Binary decision threshold on the positive class's probability.", default: "0.5"),
    ] + TableOptions.specs,
    examples: [
      Example(
        "predict model.json test.csv -o predictions.csv --keep region",
        "Score test.csv and keep the region column for sliced evaluation."),
      Example(
        "predict churn-1.2.0.tar.gz new.csv -o predictions.csv",
        "Score with a bundle, refusing data that violates its signature."),
      Example(
        "predict model.json new.csv | evaluate --predictions - --target y",
        "Score and evaluate in one pipe."),
    ],
    exitCodes: [
      (.success, "predictions written"),
      (.usage, "usage error"),
      (
        .dataError,
        "bad model or data: unreadable table, missing column, signature violation, a model or bundle of a newer format version"
      ),
      (.noInput, "input missing or unreadable"),
      (.internalError, "internal error"),
      (.cannotCreateOutput, "cannot create the predictions file"),
      (.ioError, "I/O error"),
    ])

  /// The tool.
  public static let tool = Tool(spec: spec) { invocation in
    let arguments = invocation.arguments
    let modelPath = arguments.positionals[0]
    let dataPath = arguments.positionals[1]
    let threshold = try arguments.double("--threshold")
    if let threshold, !(threshold > 0 && threshold < 1) {
      throw CoreError.usage(
        "invalid value '\(arguments.string("--threshold") ?? "")' for '--threshold': expected 0 < t < 1"
      )
    }
    let (model, signature) = try ModelArgument.load(modelPath, data: dataPath, tool: "predict")
    let reader = try TableOptions.open(
      dataPath, options: TableOptions.readOptions(arguments), invocation: invocation)
    let frame = try Frame.read(reader)
    if let signature {
      let violations = SignatureCheck.violations(frame: frame, signature: signature)
      if !violations.isEmpty {
        // Written line by line (each escaped: column names are user data), then exit 65.
        let count = Plural.count(violations.count, "violation")
        invocation.note(
          "predict: error: \(reader.displayName) violates the signature of \(modelPath) (\(count)):"
        )
        for violation in violations {
          invocation.note("  column '\(violation.column)': \(violation.message)")
        }
        return .dataError
      }
    }
    let output = try AtomicOutput(
      path: arguments.string("--output") ?? "-", stdout: invocation.stdout)
    let writer = CSVWriter(output: output)
    try ModelPredictions.write(
      model: model, frame: frame, file: reader.displayName, idColumn: arguments.string("--id"),
      keep: arguments.strings("--keep"), threshold: threshold, to: writer)
    writer.flush()
    try output.commit()
    return .success
  }
}
