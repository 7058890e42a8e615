import SluiceBundle
import SluiceCore
import SluiceTracking

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `package-model`: build, verify and inspect model bundles.
public enum PackageModelTool {
  static let spec = CommandSpec(
    name: "package-model",
    overview:
      "Package a model from 'train' into a reproducible, verifiable bundle NAME-VERSION.tar.gz (docs/formats.md, \"Model bundle\"): the native model and its ONNX export, signature.json, example rows with the native model's predictions, metrics, params, lineage, a generated MODEL_CARD.md listing every file, an MLflow model directory that 'mlflow models serve' serves (text models too, through a loader module in the bundle; JSON null, \"\" and absent fields mean missing, as in predict), bundle.json listing every file's size and sha256, and SHA256SUMS. Beside it goes NAME-VERSION.tar.gz.intoto.json, an in-toto statement with SLSA provenance for the archive. The same inputs give the same archive bytes: every member's time is SOURCE_DATE_EPOCH, else HEAD's commit time in a git work tree, else 0.",
    usage: [
      "package-model MODEL --name NAME --model-version VERSION [--metrics F] [--schema F] [--params F] [--profile F] [--data F]... [--artifact F]... [--triton DIR] -o NAME-VERSION.tar.gz",
      "package-model verify BUNDLE [--provenance FILE] [--json F] [--markdown F] [--junit F]",
      "package-model inspect BUNDLE",
      "package-model hash FILE...",
    ],
    arguments: [ArgumentSpec("model", help: "The model.json to package (from 'train').")],
    options: [
      OptionSpec(["--name"], value: "name", help: "The bundle's name (letters, digits, . _ + -)."),
      OptionSpec(["--model-version"], value: "version", help: "The bundle's version, e.g. 1.2.0."),
      OptionSpec(
        ["--metrics"], value: "file",
        help: "metrics.json from 'evaluate' (shown in the model card)."),
      OptionSpec(
        ["--schema"], value: "file",
        help: "The validate-data schema: types and nullability of the signature."),
      OptionSpec(
        ["--params"], value: "file",
        help: "params.json to include (default: the model's hyperparameters)."),
      OptionSpec(
        ["--profile"], value: "file", help: "A reference profile.json for drift monitoring."),
      OptionSpec(
        ["--data"], value: "file",
        help:
          "A dataset to record in lineage.json (sha256, rows); the first gives the example rows.",
        repeatable: true),
      OptionSpec(
        ["--artifact"], value: "file", help: "An extra file, stored under artifacts/.",
        repeatable: true),
      OptionSpec(
        ["--triton"], value: "dir",
        help:
          "Also write a Triton/KServe model repository: DIR/NAME/config.pbtxt and DIR/NAME/1/model.onnx."
      ),
      OptionSpec(
        ["-o", "--output"], value: "file",
        help:
          "Write the bundle here, with its provenance beside it (required: a bundle is binary, so unlike other tools' -o there is no standard-output default); '-' writes the bundle alone to standard output, never to a terminal.",
        default: nil),
      OptionSpec(
        ["--register"], value: "name",
        help:
          "Register the bundle's MLflow model (logged as the run's 'model' artifact) as a new version of this registered model in MLflow's Model Registry (needs --mlflow or MLFLOW_TRACKING_URI)."
      ),
      OptionSpec(
        ["--alias"], value: "alias",
        help: "The registry alias set on the new version (needs --register).",
        default: "challenger"),
    ] + TrackingOptions.specs,
    examples: [
      Example(
        "package-model model.json --name churn --model-version 1.2.0 --metrics metrics.json --schema schema.json --data train.csv",
        "Write churn-1.2.0.tar.gz and churn-1.2.0.tar.gz.intoto.json."),
      Example(
        "SOURCE_DATE_EPOCH=0 package-model model.json --name churn --model-version 1.2.0 -o out.tar.gz",
        "Pin every member's time (the archive then depends only on the inputs)."),
      Example(
        "package-model verify churn-1.2.0.tar.gz", "Check the bundle is intact (exit 1 if not)."),
    ],
    exitCodes: [
      (.success, "bundle written"), (.usage, "usage error"),
      (
        .dataError,
        "an input is malformed (model, schema, metrics, data) or a Sluice file of a newer format version"
      ),
      (.noInput, "an input is missing or unreadable"), (.internalError, "internal error"),
      (.cannotCreateOutput, "cannot create an output"),
      (
        .ioError,
        "I/O error, or MLflow tracking or registration failed (the bundle is written first)"
      ),
    ])

  /// `package-model`: build, verify and inspect model bundles.
  public static let tool = Tool(spec: spec, subcommands: [verify, inspect, hash]) { invocation in
    let arguments = invocation.arguments
    var request = PackageRequest(
      modelPath: arguments.positionals[0], name: try arguments.required("--name"),
      version: try arguments.required("--model-version"))
    request.metricsPath = arguments.string("--metrics")
    request.schemaPath = arguments.string("--schema")
    request.paramsPath = arguments.string("--params")
    request.profilePath = arguments.string("--profile")
    request.dataPaths = arguments.strings("--data")
    request.artifactPaths = arguments.strings("--artifact")
    try BundleBuilder.checkName(request.name, option: "--name")
    try BundleBuilder.checkName(request.version, option: "--model-version")
    guard let outputPath = arguments.string("--output") else {
      throw CoreError.usage(
        "missing required option '-o' (e.g. -o \(request.name)-\(request.version).tar.gz)")
    }
    let tracking = try TrackingOptions.target(arguments, environment: ProcessEnvironment.current)
    let register = try registration(arguments, tracking: tracking)
    let sourceDate = try SourceDate.resolve(environment: ProcessEnvironment.current)
    let commit = GitInfo.headCommit()
    let plan = try BundleBuilder.plan(
      request, sourceDate: sourceDate, gitCommit: commit,
      gitChanges: commit == nil ? nil : GitInfo.changes())
    let tritonDirectory = arguments.string("--triton")
    if tritonDirectory != nil && !plan.onnx.isAvailable {
      throw CoreError.invalidData(
        "--triton needs an ONNX model, and this one cannot be exported: "
          + plan.onnx.unsupported.joined(separator: "; "))
    }
    if outputPath == "-" && invocation.stdout === ByteWriter.standardOutput && isatty(1) != 0 {
      // As gzip does: compressed bytes on a terminal are noise, and can upset it.
      throw CoreError.usage(
        "refusing to write a compressed bundle to a terminal; redirect standard output or use -o FILE"
      )
    }
    // The bundle, its provenance and the Triton files appear together or not at all.
    let outputs = OutputSet(stdout: invocation.stdout)
    let digest = try BundleBuilder.write(plan, to: outputs.output(outputPath))
    var written = [outputPath == "-" ? "standard output" : outputPath]
    if outputPath != "-" {
      let statement = Provenance.statement(
        archiveName: baseName(outputPath), archiveSHA256: digest, bundleName: request.name,
        bundleVersion: request.version, inputs: plan.inputs, sourceDate: sourceDate,
        gitCommit: plan.gitCommit, gitChanges: plan.gitChanges)
      try outputs.output(outputPath + ".intoto.json").write(CanonicalJSON.encode(statement))
      written.append(outputPath + ".intoto.json")
    }
    if let tritonDirectory {
      written.append(try addTriton(plan, name: request.name, directory: tritonDirectory, outputs))
    }
    try outputs.commit()
    // The count every subcommand reports: the archive's regular files, all included.
    let files = Plural.count(plan.entries.filter { !$0.isDirectory }.count, "file")
    invocation.note(
      "package-model: \(plan.root): \(files), sha256 \(digest); wrote \(written.joined(separator: ", "))"
    )
    for note in plan.onnx.unsupported { invocation.warn("no ONNX export: \(note)") }
    if tracking != nil {
      try track(
        plan, outputPath: outputPath, register: register, tracking: tracking,
        invocation: invocation)
    }
    return .success
  }

  /// `--register NAME` and `--alias A`, checked before any work.
  static func registration(_ arguments: ParsedArguments, tracking: TrackingOptions.Target?)
    throws(CoreError) -> (name: String, alias: String)?
  {
    let alias = arguments.string("--alias") ?? "challenger"
    guard let name = arguments.string("--register") else {
      if arguments.flag("--alias") { throw .usage("'--alias' needs --register NAME") }
      return nil
    }
    guard tracking != nil else {
      throw .usage("'--register' needs --mlflow URI (or MLFLOW_TRACKING_URI)")
    }
    // MLflow's alias rule: letters, digits, _ and -, not 'latest' nor v<digits>.
    let valid =
      !alias.isEmpty && alias.count <= 255
      && alias.unicodeScalars.allSatisfy {
        $0.isASCII
          && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_"
            || $0 == "-")
      }
      && alias.lowercased() != "latest"
      && !(alias.lowercased().hasPrefix("v") && alias.dropFirst().allSatisfy(\.isNumber)
        && alias.count > 1)
    guard valid else {
      throw .usage(
        "invalid value '\(alias)' for '--alias': expected letters, digits, _ and -, not"
          + " 'latest' nor v<number>")
    }
    guard !name.isEmpty else { throw .usage("invalid value '' for '--register': expected a name") }
    return (name, alias)
  }

  /// Logs the packaging to MLflow: settings (params `package-model.*`), the bundle and its
  /// provenance (artifacts `package/`), the bundle's MLflow model directory (artifact
  /// `model/`), then registers that model when asked.
  static func track(
    _ plan: BundlePlan, outputPath: String, register: (name: String, alias: String)?,
    tracking: TrackingOptions.Target?, invocation: Invocation
  ) throws {
    var record = TrackingRecord(tool: "package-model")
    TrackingOptions.settings(invocation.arguments, spec: spec, into: &record)
    record.param("bundle", plan.root)
    if let commit = plan.gitCommit {
      record.tags.append(("sluice.package-model.git_commit", commit))
    }
    if outputPath != "-" {
      let name = baseName(outputPath)
      record.artifacts += [
        .init("package/" + name, .file(outputPath)),
        .init("package/" + name + ".intoto.json", .file(outputPath + ".intoto.json")),
      ]
    }
    let prefix = plan.root + "/mlflow/"
    var hasModel = false
    for entry in plan.entries where !entry.isDirectory && entry.path.hasPrefix(prefix) {
      let relative = "model/" + entry.path.dropFirst(prefix.count)
      switch entry.content {
      case .bytes(let bytes): record.artifacts.append(.init(relative, .bytes(bytes)))
      case .file(let path, _): record.artifacts.append(.init(relative, .file(path)))
      }
      hasModel = true
    }
    if let register, !hasModel {
      throw CoreError.invalidData(
        "--register \(register.name): this bundle holds no MLflow model directory (mlflow/)")
    }
    guard let run = try TrackingOptions.log(record, to: tracking, invocation: invocation),
      let register
    else { return }
    let version = try run.register(name: register.name, alias: register.alias, path: "model")
    invocation.note(
      "package-model: registered \(register.name) version \(version) with alias"
        + " '\(register.alias)' (models:/\(register.name)@\(register.alias))")
  }

  /// Adds the Triton model repository's files to `outputs` (its directories are created
  /// now); returns the model directory's path.
  static func addTriton(
    _ plan: BundlePlan, name: String, directory: String, _ outputs: OutputSet
  ) throws -> String {
    let modelDirectory = "\(directory)/\(name)"
    try makeDirectories("\(modelDirectory)/1")
    try outputs.output("\(modelDirectory)/config.pbtxt").write(
      TritonConfig.render(name: name, signature: plan.signature))
    try outputs.output("\(modelDirectory)/1/model.onnx").write(plan.onnx.bytes)
    return modelDirectory
  }

  /// `mkdir -p`.
  static func makeDirectories(_ path: String) throws(CoreError) {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for part in path.split(separator: "/") {
      prefix += part + "/"
      if mkdir(prefix, 0o777) != 0 && errno != EEXIST {
        throw .cannotCreateOutput(path: path, reason: systemErrorDescription(errno))
      }
    }
  }

  /// The last component of a path.
  static func baseName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }
}
