import SluiceCore
import SluiceData
import SluiceLearn
import SluiceTable
import SluiceTracking

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `train`: fit the feature pipeline and a ridge or logistic regression model.
public enum TrainTool {
  static let spec = CommandSpec(
    name: "train",
    overview:
      "Train a model predicting a target column from the others: a feature pipeline learned on the data (numeric columns: median imputation, a missing indicator, standardisation; categorical columns: one-hot with an infrequent slot for rare and unseen values) and ridge regression (regression) or L2 logistic regression (binary, multinomial), both matching scikit-learn. The model file is canonical JSON: the same data and settings give the same bytes.",
    usage: ["train DATA --target COL [--task T] [--model M] [--set key=value]... -o model.json"],
    arguments: [ArgumentSpec("data", help: "The training table ('-' for standard input).")],
    options: [
      OptionSpec(["--target"], value: "col", help: "The column to predict."),
      OptionSpec(
        ["-o", "--output"], value: "file", help: "Write the model here ('-' for standard output).",
        default: "-"),
      OptionSpec(
        ["--task"], value: "auto|binary|multiclass|regression", help: "The task.", default: "auto"),
      OptionSpec(
        ["--model"], value: "linear|logistic|gbdt",
        help:
          "The model, which implies the task: linear is ridge regression (a numeric target), logistic is classification (binary or multiclass by the target's classes; solved by Newton's method with the exact Hessian when the columns are few, one-hot groups counting once, or with a Hessian from a sample of the rows for several classes on many rows, else L-BFGS); gbdt is gradient-boosted trees for any task (docs/gbdt.md). A model contradicting --task is a usage error. Default: linear for regression, logistic otherwise."
      ),
      OptionSpec(
        ["--schema"], value: "file", help: "Take column roles from a validate-data schema."),
      OptionSpec(["--ignore"], value: "col", help: "Never use this column.", repeatable: true),
      OptionSpec(
        ["--text"], value: "col",
        help:
          "Use this column as text: hashed word 1- and 2-grams (scikit-learn's HashingVectorizer).",
        repeatable: true),
      OptionSpec(
        ["--weight"], value: "col", help: "Sample weights (scikit-learn's sample_weight)."),
      OptionSpec(
        ["--set"], value: "key=value",
        help:
          "A hyperparameter: C, alpha, class_weight (balanced), min_frequency, max_categories, max_iter, tol, seed; with --model gbdt LightGBM's names: num_leaves, max_depth, min_data_in_leaf, min_sum_hessian_in_leaf, lambda_l2, learning_rate, n_estimators, max_bin, min_data_in_bin, bagging_fraction, bagging_freq, feature_fraction, early_stopping_round, validation_fraction, max_cat_threshold, cat_smooth, min_data_per_group, cat_l2, max_cat_to_onehot, objective (regression, regression_l1, huber; regression tasks), huber_delta.",
        repeatable: true),
      OptionSpec(
        ["--params"], value: "file",
        help:
          "Hyperparameters from a JSON file in the shape DVC's params read: keys as for --set, at the top level or under \"train\" (--set overrides)."
      ),
      OptionSpec(
        ["--quiet"],
        help: "No progress or summary on standard error (progress shows only on a terminal)."),
    ] + TableOptions.specs + TrackingOptions.specs,
    examples: [
      Example(
        "train train.csv --target species -o model.json",
        "Train a multinomial logistic model on every other column."),
      Example(
        "train train.csv --target price --set alpha=10 --ignore id -o model.json",
        "Ridge regression with alpha 10, leaving the id column out."),
    ],
    exitCodes: [
      (.success, "model written"),
      (.usage, "usage error"),
      (.dataError, "bad input data: unreadable table, unknown or empty column, unusable target"),
      (.noInput, "input missing or unreadable"),
      (.internalError, "internal error"),
      (.cannotCreateOutput, "cannot create the model file"),
      (.ioError, "I/O error, or MLflow tracking failed (the model file is written first)"),
    ])

  /// The tool.
  public static let tool = Tool(spec: spec) { invocation in
    let arguments = invocation.arguments
    let path = arguments.positionals[0]
    var settings = TrainSettings(target: try arguments.required("--target"))
    if let task = arguments.string("--task"), task != "auto" {
      guard let parsed = LearningTask(rawValue: task) else {
        throw CoreError.usage(
          "invalid value '\(task)' for '--task': expected auto, binary, multiclass or regression")
      }
      settings.task = parsed
    }
    settings.model = try arguments.string("--model").map(ModelFamily.init(option:))
    try settings.checkModelAndTask()
    settings.ignore = arguments.strings("--ignore")
    settings.textColumns = arguments.strings("--text")
    settings.weightColumn = arguments.string("--weight")
    if let paramsPath = arguments.string("--params") {
      for pair in try params(paramsPath) { try apply(pair, to: &settings) }
    }
    for pair in arguments.strings("--set") {
      try apply(pair, to: &settings)
      let key = String(pair.prefix { $0 != "=" })
      if GBDTParameters.keys.contains(key) && settings.model != .gbdt {
        throw CoreError.usage("--set \(key) is a hyperparameter of --model gbdt; add --model gbdt")
      }
    }
    let showProgress = !arguments.flag("--quiet") && isatty(2) == 1
    if showProgress {
      let stderr = invocation.stderr
      // Boosting reports rounds and, with early stopping, the validation loss.
      let unit =
        settings.model != .gbdt
        ? "iteration" : (settings.gbdt.earlyStoppingRound > 0 ? "round" : "round, training")
      settings.progress = { iteration, loss in
        stderr.write("\rtrain: \(unit) \(iteration), loss \(lossText(loss))   ")
      }
    }
    let tracking = try TrackingOptions.target(arguments, environment: ProcessEnvironment.current)
    var schema: Schema? = nil
    if let schemaPath = arguments.string("--schema") {
      schema = try SchemaCodec.decode(InputFile.readAll(schemaPath), file: schemaPath)
    }
    let output = try AtomicOutput(
      path: arguments.string("--output") ?? "-", stdout: invocation.stdout)
    let options = try TableOptions.readOptions(arguments)
    settings.threads = options.workers
    let reader = try TableOptions.open(path, options: options, invocation: invocation)
    // Hashing the file (for the model's provenance) overlaps with reading and training.
    let hashing = BackgroundTask { path == "-" ? "" : try SHA256.hexOfFile(path) }
    // Handed over to the trainer, which releases it once the design is built.
    var outcome = try Trainer.train(
      frame: try Frame.read(reader), file: reader.displayName, dataHash: "", schema: schema,
      settings: settings)
    outcome.model.training["data_sha256"] = .string(try hashing.value())
    for case .categorical(let encoder) in outcome.model.pipeline.encoders
    where outcome.decimalCommaColumns.contains(encoder.column) {
      invocation.warn(
        "column '\(encoder.column)' looks like numbers with a decimal comma (1,5); "
          + "give --decimal , (it was one-hot encoded as \(encoder.width) categories)")
    }
    let modelJSON = CanonicalJSON.encode(ModelCodec.encode(outcome.model))
    output.write(modelJSON)
    try output.commit()
    if showProgress { invocation.stderr.write("\n") }
    if let warning = outcome.missingTarget.warning(target: settings.target) {
      invocation.warn(warning)
    }
    if !arguments.flag("--quiet") {
      let model = outcome.model
      let facts = model.training
      var line =
        "train: \(model.kind) \(model.task.rawValue) model of '\(model.target)' on \(Plural.count(facts["rows"]?.intValue ?? 0, "row")), \(Plural.count(model.ensemble?.features.count ?? model.pipeline.width, "feature"))"
      if let trees = facts["trees"]?.intValue { line += ", \(Plural.count(Int(trees), "tree"))" }
      if let iterations = facts["iterations"]?.intValue {
        line += ", \(iterations) iterations"
        if facts["converged"]?.boolValue == false { line += " (did not converge)" }
      }
      if let loss = facts["final_loss"]?.doubleValue { line += ", final loss \(lossText(loss))" }
      invocation.note(line)
      for (name, reason) in outcome.skipped {
        invocation.note("train: column '\(name)' not used: \(reason)")
      }
    }
    if tracking != nil {
      try TrackingOptions.log(
        record(outcome.model, json: modelJSON, arguments: arguments), to: tracking,
        invocation: invocation)
    }
    return .success
  }

  /// What train logs to MLflow: every setting and the model's effective hyperparameters
  /// (params `train.*`), its training facts (metrics `train.*`), the data's sha256 and the
  /// model file.
  static func record(_ model: TrainedModel, json: String, arguments: ParsedArguments)
    -> TrackingRecord
  {
    var record = TrackingRecord(tool: "train")
    // The effective values first: a key logged twice keeps its first value.
    record.param("model", model.kind)
    record.param("task", model.task.rawValue)
    record.params(.object(model.hyperparameters))
    TrackingOptions.settings(arguments, spec: spec, into: &record)
    for key in model.training.keys.sorted() {
      guard let value = model.training[key] else { continue }
      if let number = value.doubleValue {
        record.metrics.append(("train." + key, number))
      } else if let flag = value.boolValue {
        record.metrics.append(("train." + key, flag ? 1 : 0))
      }
    }
    if let hash = model.training["data_sha256"]?.stringValue, !hash.isEmpty {
      record.tags += [("sluice.train.data_sha256", hash), ("sluice.data.sha256", hash)]
    }
    record.artifacts.append(.init("train/model.json", .bytes(Array(json.utf8))))
    return record
  }

  /// A loss for people: 6 significant digits (model.json keeps every digit).
  static func lossText(_ loss: Double) -> String { NumberText.short(loss, digits: 6) }

  /// `key=value` pairs from a params JSON file (flat, or under "train").
  static func params(_ path: String) throws -> [String] {
    let document = try JSONParser.parse(InputFile.readAll(path), file: path)
    guard let top = document.objectValue else {
      throw CoreError.invalidData("\(path): expected a JSON object of hyperparameters")
    }
    let section = top["train"]?.objectValue ?? top
    let known = Set(
      [
        "C", "alpha", "class_weight", "min_frequency", "max_categories", "max_iter", "tol", "seed",
      ] + GBDTParameters.keys)
    return try section.keys.sorted().compactMap { key -> String? in
      guard known.contains(key), let value = section[key] else { return nil }
      switch value {
      case .int(let number): return "\(key)=\(number)"
      case .double(let number): return "\(key)=\(number)"
      case .string(let text): return "\(key)=\(text)"
      default:
        throw CoreError.invalidData("\(path): '\(key)' must be a number or a string")
      }
    }
  }

  static func apply(_ pair: String, to settings: inout TrainSettings) throws {
    guard let equals = pair.firstIndex(of: "=") else {
      throw CoreError.usage("invalid value '\(pair)' for '--set': expected key=value")
    }
    let key = String(pair[..<equals])
    let value = String(pair[pair.index(after: equals)...])
    func number() throws -> Double {
      guard let parsed = Double(value), parsed.isFinite else {
        throw CoreError.usage("invalid value '\(value)' for '--set \(key)': expected a number")
      }
      return parsed
    }
    // Int(_:) traps on a double beyond Int's range (max_iter=1e30): refuse it instead.
    func whole() throws -> Int {
      guard let parsed = Int(exactly: try number().rounded(.towardZero)) else {
        throw CoreError.usage(
          "invalid value '\(value)' for '--set \(key)': expected a whole number within 64 bits")
      }
      return parsed
    }
    switch key {
    case "C": settings.c = try number()
    case "alpha": settings.alpha = try number()
    case "class_weight":
      guard value == "balanced" || value == "none" else {
        throw CoreError.usage(
          "invalid value '\(value)' for '--set class_weight': expected balanced or none")
      }
      settings.balanced = value == "balanced"
    case "min_frequency": settings.minFrequency = try whole()
    case "max_categories": settings.maxCategories = try whole()
    case "max_iter": settings.maxIterations = try whole()
    case "tol": settings.tolerance = try number()
    case "seed": settings.seed = Int64(try whole())
    case "objective": try settings.gbdt.setObjective(value)
    case _ where GBDTParameters.keys.contains(key): _ = try settings.gbdt.set(key, try number())
    default:
      throw CoreError.usage(
        "unknown hyperparameter '\(key)' for '--set'; expected C, alpha, class_weight, min_frequency, max_categories, max_iter, tol or seed, or with --model gbdt \(GBDTParameters.keys.joined(separator: ", "))"
      )
    }
  }
}
