import SluiceCore

/// `package-model`: build, verify and inspect model bundles.
public enum PackageModelTool {
  static let notImplemented: Tool.Run = { _ in throw CoreError.usage("not implemented yet") }
  static let notYet = "Not implemented yet in this version of Sluice."
  static let output = OptionSpec(
    ["-o", "--output"], value: "file", help: "Write the output here ('-' for standard output).")

  /// `package-model`: build and verify model bundles.
  public static let tool = Tool(
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
