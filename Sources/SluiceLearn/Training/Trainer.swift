import SluiceCore
import SluiceData
import SluiceTable

/// Trains a model from a frame: picks the feature columns and their roles, fits the feature
/// pipeline, encodes the target and fits ridge or logistic regression.
public enum Trainer {
  /// What the trainer decided, for the summary and the model file.
  public struct Outcome: Sendable {
    public var model: TrainedModel
    /// Columns left out, with the reason.
    public var skipped: [(String, String)]
    /// The rows left out for a missing target.
    public var missingTarget: MissingTargetRule
    /// One-hot encoded columns whose values look like numbers with a decimal comma (1,5).
    public var decimalCommaColumns: [String] = []
  }

  /// A column's role, type and the reason for the role.
  struct Role {
    var role: ColumnRole
    var type: ColumnType
    var reason: String
    /// Whether the role comes from the schema (the user named it).
    var fromSchema: Bool
  }

  /// Column roles: from the schema when it names the column, else inferred from the frame.
  static func roles(_ frame: Frame, schema: Schema?) -> [Role] {
    // Columns are independent: infer them on all cores.
    ParallelMap.map(Array(frame.names.indices)) { index -> Role in
      if let column = schema?.column(named: frame.names[index]) {
        return Role(
          role: column.role, type: column.type,
          reason: "role \(column.role.rawValue) in the schema",
          fromSchema: true)
      }
      var profile = ColumnProfile(valueLimit: 100)
      let raw = frame.columns[index]
      for row in 0..<frame.rows {
        raw.withField(row) { profile.add($0, isNull: raw.missing[row]) }
      }
      let column = TypeInference.infer(
        name: frame.names[index], profile: profile, settings: TypeInference.Settings())
      return Role(role: column.role, type: column.type, reason: column.reason, fromSchema: false)
    }
  }

  /// Trains on `frame` read from `file` (whose SHA-256 is `dataHash`).
  ///
  /// The frame is consumed: a linear model's design is built from it and the frame is then
  /// released, so a wide table is not held twice (issue 12).
  public static func train(
    frame input: consuming Frame, file: String, dataHash: String, schema: Schema?,
    settings: TrainSettings
  ) throws -> Outcome {
    let rule: MissingTargetRule
    let targetIndex: Int
    do {
      let frame = input
      guard let index = frame.index(of: settings.target) else {
        throw LearnError(
          "target column '\(settings.target)' is not in \(file); columns are \(frame.names.joined(separator: ", "))"
        )
      }
      guard frame.rows > 0 else {
        throw LearnError("\(file) has no data rows (only a header): there is nothing to train on")
      }
      targetIndex = index
      rule = MissingTargetRule(frame: frame, target: targetIndex)
      guard !rule.kept.isEmpty else {
        throw LearnError(
          "target column '\(settings.target)' has no values in \(file): every row's is missing")
      }
    }
    let frame = rule.apply(to: input)
    _ = consume input
    let roles = roles(frame, schema: schema)
    var features: [(name: String, role: ColumnRole)] = []
    var skipped: [(String, String)] = []
    for (index, name) in frame.names.enumerated() where name != settings.target {
      let role = roles[index]
      if settings.ignore.contains(name) {
        skipped.append((name, "ignored by request"))
        continue
      }
      if frame.columns[index].missing.allSatisfy({ $0 }) {
        // A column the user named cannot be dropped quietly.
        var named: String? = nil
        if settings.textColumns.contains(name) {
          named = "--text"
        } else if name == settings.weightColumn {
          named = "--weight"
        } else if role.fromSchema && role.role != .ignored {
          named = "the schema (role \(role.role.rawValue))"
        }
        if let named {
          throw LearnError(
            "column '\(name)', named by \(named), has no values in \(file): all \(frame.rows) "
              + "\(frame.rows == 1 ? "is" : "are") missing (leave it out, or fix the data)")
        }
        skipped.append((name, "all values missing"))
      } else if name == settings.weightColumn {
        skipped.append((name, "the sample weights"))
      } else if settings.textColumns.contains(name) {
        features.append((name, .text))
      } else if role.type == .datetime {
        skipped.append((name, "date-times are not expanded into features yet"))
      } else if role.role == .numeric || role.role == .categorical || role.role == .text {
        features.append((name, role.role))
      } else {
        skipped.append((name, role.reason))
      }
    }
    guard !features.isEmpty else { throw LearnError("no feature columns are left to train on") }
    let target = frame.columns[targetIndex]
    let targetType = roles[targetIndex].type
    let task = try resolveTask(target, type: targetType, settings: settings)
    if settings.model == .gbdt {
      return try trainTrees(
        frame: frame, file: file, dataHash: dataHash, features: features, skipped: skipped,
        rule: rule, target: targetIndex, task: task, settings: settings)
    }
    let cache = ColumnCache()
    let pipeline = try FeaturePipeline.fit(
      frame: frame, columns: features, minFrequency: settings.minFrequency,
      maxCategories: settings.maxCategories, text: settings.hashing, file: file, cache: cache)
    // Everything else the fit needs from the frame comes first: the frame is released once
    // the design is built.
    let decimalComma = decimalCommaColumns(frame, pipeline: pipeline)
    let rows = frame.rows
    let weights = try sampleWeights(frame, settings: settings, file: file)
    let y: [Double]
    let classes: [String]
    let codes: [Int]
    if task == .regression {
      y = try numericTargets(frame, target: targetIndex)
      (classes, codes) = ([], [])
    } else {
      y = []
      (classes, codes) = try classTargets(target, task: task, settings: settings)
    }
    // Every row has a target value (MissingTargetRule above).
    let keep = Array(0..<rows)
    let design = try Design(
      pipeline: pipeline, frame: frame, rows: keep, file: file, compact: task != .regression,
      binary: task == .binary, cache: cache)
    _ = consume frame
    var training: [String: JSONValue] = [
      "rows": .int(Int64(keep.count)), "data_sha256": .string(dataHash),
      MissingTargetRule.recordKey: .int(Int64(rule.leftOut)),
      "features": .int(Int64(pipeline.width)),
      "skipped_columns": .object(
        Dictionary(skipped, uniquingKeysWith: { a, _ in a }).mapValues { .string($0) }),
    ]
    let model: TrainedModel
    switch task {
    case .regression:
      guard case .dense(let x) = design else {
        throw LearnError("text features need a classification task; this target is numeric")
      }
      let fitted = try RidgeRegression.fit(x: x, y: y, sampleWeight: weights, alpha: settings.alpha)
      training["rank_deficient"] = .bool(fitted.rankDeficient)
      model = TrainedModel(
        task: .regression, target: settings.target, classes: [], kind: "linear",
        pipeline: pipeline, coefficients: [fitted.coefficients], intercepts: [fitted.intercept],
        hyperparameters: settings.json, training: training)
    case .binary, .multiclass:
      let fitted = try fitLogistic(
        design: design, y: codes, classes: classes.count, weights: weights, settings: settings,
        labels: classes)
      training["iterations"] = .int(Int64(fitted.iterations))
      training["converged"] = .bool(fitted.converged)
      training["final_loss"] = .double(fitted.loss)
      model = TrainedModel(
        task: classes.count == 2 ? .binary : .multiclass, target: settings.target,
        classes: classes, kind: "logistic", pipeline: pipeline,
        coefficients: fitted.coefficients, intercepts: fitted.intercepts,
        hyperparameters: settings.json, training: training)
    }
    return Outcome(
      model: model, skipped: skipped, missingTarget: rule, decimalCommaColumns: decimalComma)
  }

  /// The one-hot encoded columns whose values look like numbers written with a decimal comma.
  static func decimalCommaColumns(_ frame: Frame, pipeline: FeaturePipeline) -> [String] {
    pipeline.encoders.compactMap { encoder in
      guard case .categorical(let categorical) = encoder,
        let index = frame.index(of: categorical.column),
        frame.columns[index].looksLikeDecimalCommaNumbers
      else { return nil }
      return categorical.column
    }
  }

  /// The task: the explicit one, else the one `--model` implies (linear: regression on a
  /// numeric, non-binary target; logistic: binary or multiclass by the number of classes),
  /// else inferred from the target.
  static func resolveTask(_ target: RawColumn, type: ColumnType, settings: TrainSettings) throws
    -> LearningTask
  {
    try settings.checkModelAndTask()
    let name = settings.target
    if let task = settings.task { return task }
    switch settings.model {
    case .linear?:
      let values = CategoryCodes(target).values
      guard type == .integer || type == .float else {
        throw LearnError(
          "--model linear fits ridge regression, which needs a numeric target; '\(name)' holds "
            + "\(type == .boolean ? "true/false values" : "text labels such as '\(values.first ?? "")'")"
            + " (use --model logistic to predict classes)")
      }
      if values.count == 2 {
        throw LearnError(
          "--model linear fits ridge regression, but '\(name)' holds two values "
            + "(\(values.sorted().joined(separator: ", "))), a binary target: use --model "
            + "logistic, or add --task regression to fit ridge to it anyway")
      }
      return .regression
    case .logistic?:
      return CategoryCodes(target).values.count <= 2 ? .binary : .multiclass
    case .gbdt?, nil:
      return try inferTask(target, type: type, name: name)
    }
  }

  /// Sample weights of every row from `--weight`, or nil without one.
  static func sampleWeights(_ frame: Frame, settings: TrainSettings, file: String) throws
    -> [Double]?
  {
    guard let weightColumn = settings.weightColumn else { return nil }
    guard let index = frame.index(of: weightColumn) else {
      throw LearnError("weight column '\(weightColumn)' is not in \(file)")
    }
    let all = try FeaturePipeline.numbers(frame, index, file: file)
    return try (0..<frame.rows).map { row in
      guard let weight = all[row], weight >= 0 else {
        throw LearnError(
          "sample weight on line \(frame.lines[row]) is missing or negative",
          at: SourceLocation(file: file, line: frame.lines[row], column: index + 1))
      }
      return weight
    }
  }

  /// The regression target of every row (each has one: MissingTargetRule).
  static func numericTargets(_ frame: Frame, target index: Int) throws -> [Double] {
    let target = frame.columns[index]
    return try (0..<frame.rows).map { row -> Double in
      guard let value = target.withField(row, { ValueParser.number($0) }).kindDouble else {
        throw LearnError(
          "target value '\(target.string(row) ?? "")' on line \(frame.lines[row]) is not a number; a regression target must be numeric"
        )
      }
      return value
    }
  }

  /// The classes sorted by UTF-8 bytes and every row's class index.
  static func classTargets(_ target: RawColumn, task: LearningTask, settings: TrainSettings)
    throws -> (classes: [String], y: [Int])
  {
    let codes = CategoryCodes(target)
    let classes = codes.values.sorted {
      Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
    }
    guard classes.count >= 2 else {
      throw LearnError(
        "the target '\(settings.target)' is constant (\(classes.first ?? "")); there is nothing to learn"
      )
    }
    if task == .binary && classes.count != 2 {
      throw LearnError("--task binary needs 2 classes; '\(settings.target)' has \(classes.count)")
    }
    let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    let classOfCode = codes.values.map { index[$0] ?? 0 }
    return (classes, codes.codes.map { classOfCode[Int($0)] })
  }

  /// Floats are regression; strings and booleans classification; integers classification
  /// when they take at most 20 values, else ambiguous.
  static func inferTask(_ target: RawColumn, type: ColumnType, name: String) throws -> LearningTask
  {
    switch type {
    case .float: return .regression
    case .integer:
      var seen = Set<String>()
      for row in 0..<target.count where !target.missing[row] {
        seen.insert(target.string(row) ?? "")
        if seen.count > 20 {
          throw LearnError(
            "target '\(name)' is an integer column with many values: say --task regression or --task multiclass"
          )
        }
      }
      return seen.count <= 2 ? .binary : .multiclass
    default:
      return CategoryCodes(target).values.count <= 2 ? .binary : .multiclass
    }
  }
}

extension ValueParser.Number {
  /// The number, or nil when the field is not one.
  var kindDouble: Double? { kind == .string ? nil : double }
}
