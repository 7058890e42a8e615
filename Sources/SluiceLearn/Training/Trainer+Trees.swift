import SluiceCore
import SluiceData
import SluiceTable

extension Trainer {
  /// The most categories a tree feature keeps (the rest share the infrequent code), so every
  /// code and the missing bin fit a byte.
  static let treeCategoryLimit = 253

  /// `train --model gbdt`: the pipeline learns the columns' categories; trees split on the raw
  /// numbers and the category codes.
  static func trainTrees(
    frame: Frame, file: String, dataHash: String,
    features all: [(name: String, role: ColumnRole)], skipped: [(String, String)],
    rule: MissingTargetRule, target targetIndex: Int, task: LearningTask,
    settings: TrainSettings
  ) throws -> Outcome {
    var skipped = skipped
    var features: [(name: String, role: ColumnRole)] = []
    for feature in all {
      guard feature.role == .text else {
        features.append(feature)
        continue
      }
      if settings.textColumns.contains(feature.name) {
        throw LearnError(
          "--text '\(feature.name)': trees (--model gbdt) do not split on free text; "
            + "leave out --text or use --model logistic")
      }
      skipped.append((feature.name, "free text is not a tree feature"))
    }
    guard !features.isEmpty else { throw LearnError("no feature columns are left to train on") }
    let cache = ColumnCache()
    let pipeline = try FeaturePipeline.fit(
      frame: frame, columns: features, minFrequency: settings.minFrequency,
      maxCategories: min(settings.maxCategories ?? treeCategoryLimit, treeCategoryLimit),
      text: nil, file: file, cache: cache)
    let columns = try TreeFeatures.columns(pipeline, frame: frame, file: file, cache: cache)
    let names = pipeline.encoders.map(\.column)
    let categorical = pipeline.encoders.map { encoder -> Bool in
      if case .categorical = encoder { return true } else { return false }
    }
    let weights = try sampleWeights(frame, settings: settings, file: file)
    let objective: Booster.Objective
    var classes: [String] = []
    let y: [Double]
    switch task {
    case .regression:
      switch settings.gbdt.objective {
      case .regression: objective = .regression
      case .regressionL1: objective = .l1
      case .huber: objective = .huber(settings.gbdt.huberDelta)
      }
      y = try numericTargets(frame, target: targetIndex)
    case .binary, .multiclass:
      guard settings.gbdt.objective == .regression else {
        throw CoreError.usage(
          "--set objective=\(settings.gbdt.objective.rawValue) is a regression loss; the "
            + "target '\(settings.target)' is \(task.rawValue)")
      }
      let labelled = try classTargets(
        frame.columns[targetIndex], task: task, settings: settings)
      classes = labelled.classes
      objective = classes.count == 2 ? .binary : .multiclass(classes.count)
      y = labelled.y.map(Double.init)
    }
    let result = try Booster.fit(
      columns: columns, names: names, categorical: categorical,
      codeCounts: pipeline.encoders.map(TreeFeatures.codes), y: y, weights: weights,
      objective: objective, parameters: settings.gbdt, seed: settings.seed,
      keys: frame.lines, workers: settings.threads ?? ReadOptions.defaultWorkers,
      progress: settings.progress)
    var training: [String: JSONValue] = [
      "rows": .int(Int64(frame.rows)), "data_sha256": .string(dataHash),
      MissingTargetRule.recordKey: .int(Int64(rule.leftOut)),
      "features": .int(Int64(names.count)),
      "skipped_columns": .object(
        Dictionary(skipped, uniquingKeysWith: { a, _ in a }).mapValues { .string($0) }),
      "rounds": .int(Int64(result.rounds)), "trees": .int(Int64(result.ensemble.trees.count)),
      "final_loss": .double(result.trainingLoss),
    ]
    if let loss = result.validationLoss {
      training["validation_loss"] = .double(loss)
      training["validation_rows"] = .int(Int64(result.validationRows))
    }
    // The objective as LightGBM names it; Huber's delta only for Huber.
    var hyperparameters = settings.gbdtJSON
    if case .huber = objective {} else { hyperparameters["huber_delta"] = nil }
    if !classes.isEmpty {
      hyperparameters["objective"] = .string(classes.count == 2 ? "binary" : "multiclass")
    }
    let model = TrainedModel(
      task: classes.isEmpty ? .regression : (classes.count == 2 ? .binary : .multiclass),
      target: settings.target, classes: classes, kind: "gbdt", pipeline: pipeline,
      coefficients: [], intercepts: [], hyperparameters: hyperparameters,
      training: training, ensemble: result.ensemble)
    return Outcome(
      model: model, skipped: skipped, missingTarget: rule,
      decimalCommaColumns: decimalCommaColumns(frame, pipeline: pipeline))
  }
}
