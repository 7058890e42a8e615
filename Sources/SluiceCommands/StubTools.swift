import SluiceCore

/// Placeholder definitions for tools whose behaviour is planned but not yet written.
///
/// Each stub has its planned usage and options so `--help` is informative; running one
/// with any other input is a usage error ("not implemented yet", exit 64).
public enum StubTools {
  /// The body of every stub: always a usage error.
  static let notImplemented: Tool.Run = { _ in throw CoreError.usage("not implemented yet") }

  static let notYet = "Not implemented yet in this version of Sluice."

  static let output = OptionSpec(
    ["-o", "--output"], value: "file", help: "Write the output here ('-' for standard output).")

  /// `evaluate`: compute metrics.
  public static let evaluate = Tool(
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

  /// `gate`: compare metrics against a baseline and rules.
  public static let gate = Tool(
    spec: CommandSpec(
      name: "gate",
      overview:
        "Decide whether candidate metrics pass quality rules relative to a baseline. \(notYet)",
      usage: [
        "gate CANDIDATE.json [--baseline BASE.json | --baseline-ref REV:PATH] [--rules FILE] [--rule EXPR]..."
      ],
      arguments: [ArgumentSpec("candidate", help: "The candidate metrics.json.")],
      options: [
        OptionSpec(["--baseline"], value: "file", help: "Baseline metrics to compare against."),
        OptionSpec(
          ["--baseline-ref"], value: "rev:path", help: "Read the baseline from git at REV:PATH."),
        OptionSpec(["--rules"], value: "file", help: "A file of gate rules."),
        OptionSpec(["--rule"], value: "expr", help: "One gate rule.", repeatable: true),
      ],
      examples: [
        Example(
          "gate metrics.json --baseline main-metrics.json --rule 'auc >= baseline.auc - 0.01'",
          "Fail if AUC dropped by more than 0.01.")
      ]),
    run: notImplemented)

  /// `package-model`: build and verify model bundles.
  public static let packageModel = Tool(
    spec: CommandSpec(
      name: "package-model",
      overview: "Package a model into a versioned, checksummed bundle, or verify one. \(notYet)",
      usage: [
        "package-model MODEL --name NAME --model-version VERSION [-o NAME-VERSION.tar.gz]",
        "package-model verify BUNDLE",
      ],
      arguments: [ArgumentSpec("model", help: "The model.json to package.")],
      options: [
        OptionSpec(["--name"], value: "name", help: "The bundle's name."),
        OptionSpec(["--model-version"], value: "version", help: "The bundle's version."),
        output,
      ],
      examples: [
        Example(
          "package-model model.json --name churn --model-version 1.2.0", "Write churn-1.2.0.tar.gz."
        )
      ]),
    subcommands: [
      Tool(
        spec: CommandSpec(
          name: "package-model verify",
          overview: "Verify a bundle's checksums and contents. \(notYet)",
          usage: ["package-model verify BUNDLE"],
          arguments: [ArgumentSpec("bundle", help: "The bundle to verify.")],
          examples: [
            Example("package-model verify churn-1.2.0.tar.gz", "Check the bundle is intact.")
          ]),
        run: notImplemented)
    ],
    run: notImplemented)
}
