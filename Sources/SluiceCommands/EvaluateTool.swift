import SluiceCore

/// `evaluate`: metrics for a model or a predictions file.
public enum EvaluateTool {
  static let notImplemented: Tool.Run = { _ in throw CoreError.usage("not implemented yet") }
  static let notYet = "Not implemented yet in this version of Sluice."
  static let output = OptionSpec(
    ["-o", "--output"], value: "file", help: "Write the output here ('-' for standard output).")

  /// `evaluate`: compute metrics.
  public static let tool = Tool(
    spec: CommandSpec(
      name: "evaluate",
      overview:
        "Compute evaluation metrics for a model on labelled data, or for saved predictions. \(notYet)",
      usage: [
        "evaluate MODEL_OR_BUNDLE DATA [-o metrics.json]",
        "evaluate --predictions FILE --target COL [-o metrics.json]",
      ],
      arguments: [
        ArgumentSpec("model", help: "A model.json or packaged model bundle.", optional: true),
        ArgumentSpec("data", help: "Labelled rows to evaluate on.", optional: true),
      ],
      options: [
        OptionSpec(
          ["--predictions"], value: "file", help: "Evaluate saved predictions instead of a model."),
        OptionSpec(["--target"], value: "col", help: "The label column in the predictions file."),
        output,
      ],
      examples: [
        Example("evaluate model.json test.csv -o metrics.json", "Score model.json on test.csv.")
      ]),
    run: notImplemented)
}
