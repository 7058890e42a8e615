import SluiceBundle
import SluiceCore
import SluiceLearn
import SluiceMetrics
import SluiceTable

extension EvaluateTool {
  /// What is evaluated, and what the outputs need besides the metrics.
  struct EvaluationInput {
    var set: PredictionSet
    var sliceColumns: [(name: String, values: [String?])]
    /// The header of the id column in written predictions.
    var idName: String
    /// The target column's name.
    var targetName: String
    /// The table the rows came from, and its display name.
    var frame: Frame?
    var file: String
    /// The model, in model mode.
    var model: TrainedModel?
    /// The rows left out for a missing target.
    var missingTarget: MissingTargetRule

    static func load(_ arguments: ParsedArguments, settings: Settings) throws -> EvaluationInput {
      let positionals = arguments.positionals
      if let path = arguments.string("--predictions") {
        guard positionals.isEmpty else {
          throw CoreError.usage("give either MODEL DATA or --predictions FILE, not both")
        }
        return try fromPredictions(path, arguments, settings)
      }
      guard positionals.count == 2 else {
        throw CoreError.usage("expected MODEL and DATA, or --predictions FILE --target COL")
      }
      for option in ["--score", "--prediction"] where arguments.flag(option) {
        throw CoreError.usage("\(option) applies to --predictions only")
      }
      return try fromModel(positionals[0], positionals[1], arguments, settings)
    }

    /// The slice columns of `frame`, each value as text (nil when missing).
    static func slices(_ arguments: ParsedArguments, frame: Frame, file: String) throws
      -> [(name: String, values: [String?])]
    {
      try arguments.strings("--slice").map { name in
        guard let index = frame.index(of: name) else {
          throw CoreError.invalidData("--slice column '\(name)' is not in \(file)")
        }
        let column = frame.columns[index]
        return (name, (0..<frame.rows).map { column.string($0) })
      }
    }

    static func fromPredictions(
      _ path: String, _ arguments: ParsedArguments, _ settings: Settings
    ) throws -> EvaluationInput {
      let target = try arguments.required("--target")
      var options = PredictionsFile.Options(target: target)
      options.task = settings.task
      options.scoreColumn = arguments.string("--score")
      options.probaPrefix = arguments.string("--proba-prefix") ?? "proba_"
      options.predictionColumn = arguments.string("--prediction")
      options.positive = arguments.string("--positive")
      options.idColumn = arguments.string("--id")
      options.weightColumn = arguments.string("--weight")
      options.threshold = settings.threshold
      options.read = settings.read
      options.keepsNegativeProbability = arguments.string("--predictions-out") != nil
      let contents = try PredictionsFile.read(
        path: path, options: options, keep: arguments.strings("--slice"),
        readIds: arguments.string("--predictions-out") != nil || arguments.string("--plots") != nil)
      return EvaluationInput(
        set: contents.set, sliceColumns: contents.kept, idName: contents.idColumn ?? "row",
        targetName: target, frame: nil, file: path, model: nil,
        missingTarget: contents.missingTarget)
    }

    static func fromModel(
      _ modelPath: String, _ dataPath: String, _ arguments: ParsedArguments, _ settings: Settings
    ) throws -> EvaluationInput {
      let model = try ModelArgument.load(modelPath, data: dataPath, tool: "evaluate").model
      let task = EvaluationTask(rawValue: model.task.rawValue) ?? .regression
      if let given = settings.task, given != task {
        throw CoreError.usage(
          "--task \(given.rawValue) contradicts the model's task \(task.rawValue)")
      }
      let reader = try TableReader(path: dataPath, options: settings.read)
      let all = try Frame.read(reader)
      let file = reader.displayName
      let target = arguments.string("--target") ?? model.target
      guard let targetIndex = all.index(of: target) else {
        throw CoreError.invalidData(
          "\(file) has no target column '\(target)' (pass --target to name another)")
      }
      guard all.rows > 0 else {
        throw CoreError.invalidData("\(file) has no data rows to evaluate")
      }
      // The rule train applies: rows without a target are left out (and counted).
      let rule = MissingTargetRule(frame: all, target: targetIndex)
      guard !rule.kept.isEmpty else {
        throw CoreError.invalidData("\(file): the target '\(target)' is missing on every row")
      }
      let frame = rule.apply(to: all)
      let scores = try model.scores(frame: frame, file: file)
      var set = try ModelScores.predictionSet(
        task: task, classes: model.classes, scores: scores, frame: frame, target: targetIndex,
        file: file,
        positive: arguments.string("--positive"), threshold: settings.threshold,
        workers: settings.read.workers)
      var idName = "row"
      if let name = arguments.string("--id") {
        guard let index = frame.index(of: name) else {
          throw CoreError.invalidData("--id column '\(name)' is not in \(file)")
        }
        idName = name
        set.ids = (0..<frame.rows).map { frame.columns[index].string($0) ?? "" }
      } else {
        // Row numbers of the file, whatever rows were left out.
        set.ids = rule.kept.map { String($0 + 1) }
      }
      if let name = arguments.string("--weight") {
        guard let index = frame.index(of: name) else {
          throw CoreError.invalidData("--weight column '\(name)' is not in \(file)")
        }
        set.weights = try ModelScores.weights(
          frame, index, file: file, workers: settings.read.workers)
      }
      return EvaluationInput(
        set: set, sliceColumns: try slices(arguments, frame: frame, file: file), idName: idName,
        targetName: target, frame: frame, file: file, model: model, missingTarget: rule)
    }
  }
}
