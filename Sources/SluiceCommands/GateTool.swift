import SluiceCore

/// `gate`: pass/fail candidate metrics against rules and a baseline.
public enum GateTool {
  static let notImplemented: Tool.Run = { _ in throw CoreError.usage("not implemented yet") }
  static let notYet = "Not implemented yet in this version of Sluice."
  static let output = OptionSpec(
    ["-o", "--output"], value: "file", help: "Write the output here ('-' for standard output).")

  /// `gate`: compare metrics against a baseline and rules.
  public static let tool = Tool(
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
}
