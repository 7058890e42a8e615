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
  }

  /// Column roles: from the schema when it names the column, else inferred from the frame.
  static func roles(_ frame: Frame, schema: Schema?) -> [(String, ColumnRole, ColumnType)] {
    // Columns are independent: infer them on all cores.
    let inferred = ParallelMap.map(Array(frame.names.indices)) {
      index -> (ColumnRole, ColumnType) in
      if let column = schema?.column(named: frame.names[index]) {
        return (column.role, column.type)
      }
      var profile = ColumnProfile(valueLimit: 100)
      let raw = frame.columns[index]
      for row in 0..<frame.rows {
        raw.withField(row) { profile.add($0, isNull: raw.missing[row]) }
      }
      let column = TypeInference.infer(
        name: frame.names[index], profile: profile, settings: TypeInference.Settings())
      return (column.role, column.type)
    }
    return zip(frame.names, inferred).map { ($0, $1.0, $1.1) }
  }

  /// Trains on `frame` read from `file` (whose SHA-256 is `dataHash`).
  public static func train(
    frame: Frame, file: String, dataHash: String, schema: Schema?, settings: TrainSettings
  ) throws -> Outcome {
    guard let targetIndex = frame.index(of: settings.target) else {
      throw LearnError(
        "target column '\(settings.target)' is not in \(file); columns are \(frame.names.joined(separator: ", "))"
      )
    }
    let roles = roles(frame, schema: schema)
    var features: [(name: String, role: ColumnRole)] = []
    var skipped: [(String, String)] = []
    for (name, role, type) in roles where name != settings.target {
      if settings.ignore.contains(name) || name == settings.weightColumn {
        skipped.append((name, "ignored by request"))
      } else if type == .datetime {
        skipped.append((name, "date-times are not expanded into features yet"))
      } else if settings.textColumns.contains(name) {
        features.append((name, .text))
      } else if role == .numeric || role == .categorical || role == .text {
        features.append((name, role))
      } else {
        skipped.append((name, "role \(role.rawValue)"))
      }
    }
    guard !features.isEmpty else { throw LearnError("no feature columns are left to train on") }
    let target = frame.columns[targetIndex]
    let targetType = roles[targetIndex].2
    let task = try settings.task ?? inferTask(target, type: targetType, name: settings.target)
    let cache = ColumnCache()
    let pipeline = try FeaturePipeline.fit(
      frame: frame, columns: features, minFrequency: settings.minFrequency,
      maxCategories: settings.maxCategories, text: settings.hashing, file: file, cache: cache)
    // Rows without a target value are not trained on.
    let keep = (0..<frame.rows).filter { !target.missing[$0] }
    guard !keep.isEmpty else {
      throw LearnError("target column '\(settings.target)' has no values")
    }
    let design = try Design(
      pipeline: pipeline, frame: frame, rows: keep, file: file, compact: task != .regression,
      cache: cache)
    var weights: [Double]? = nil
    if let weightColumn = settings.weightColumn {
      guard let index = frame.index(of: weightColumn) else {
        throw LearnError("weight column '\(weightColumn)' is not in \(file)")
      }
      let all = try FeaturePipeline.numbers(frame, index, file: file)
      weights = try keep.map { row in
        guard let weight = all[row], weight >= 0 else {
          throw LearnError(
            "sample weight on line \(frame.lines[row]) is missing or negative",
            at: SourceLocation(file: file, line: frame.lines[row], column: index + 1))
        }
        return weight
      }
    }
    var training: [String: JSONValue] = [
      "rows": .int(Int64(keep.count)), "data_sha256": .string(dataHash),
      "features": .int(Int64(pipeline.width)),
      "skipped_columns": .object(
        Dictionary(skipped, uniquingKeysWith: { a, _ in a }).mapValues { .string($0) }),
    ]
    let model: TrainedModel
    switch task {
    case .regression:
      let y = try keep.map { row -> Double in
        guard let value = target.withField(row, { ValueParser.number($0) }).kindDouble else {
          throw LearnError(
            "target value '\(target.string(row) ?? "")' on line \(frame.lines[row]) is not a number; a regression target must be numeric"
          )
        }
        return value
      }
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
      let y = keep.map { classOfCode[Int(codes.codes[$0])] }
      let fitted = try fitLogistic(
        design: design, y: y, classes: classes.count, weights: weights, settings: settings,
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
    return Outcome(model: model, skipped: skipped)
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
