import SluiceCore
import SluiceTable

/// Reads the predictions file of docs/formats.md, or any table with a target and
/// score, probability or prediction columns.
public enum PredictionsFile {
  /// Which columns mean what.
  public struct Options: Sendable {
    /// The true label or value column.
    public var target: String
    /// The task; nil infers it from the columns.
    public var task: EvaluationTask?
    /// Binary: a score column for the positive class.
    public var scoreColumn: String?
    /// The prefix of per-class probability columns.
    public var probaPrefix: String = "proba_"
    /// The hard prediction column; nil uses "prediction" when present.
    public var predictionColumn: String?
    /// Binary: the positive label (default: the second class by UTF-8 bytes).
    public var positive: String?
    /// The row id column; nil uses `idDefault`.
    public var idColumn: String?
    /// Where ids come from without `idColumn`: the first column when it has no other role
    /// (`evaluate`), or the `row` column `predict` writes, else row numbers (`gate`).
    public var idDefault: IdDefault = .rowColumn
    /// What a file with no prediction, score or probability columns is told to do: the
    /// reading tool's options that name such columns.
    public var columnsHint = "pass --prediction, --score or --proba-prefix"
    /// What an integer target that could hold classes or quantities is told to do; nil when
    /// the reading tool has no `--task` (the file is then a data error, not a usage error).
    public var taskHint: String? = "pass --task multiclass or --task regression"
    /// Sample weights.
    public var weightColumn: String?
    /// Binary: also read the negative class's probability column into `negativeScores`, for
    /// writing the file again without losing digits (the metrics need only the positive one).
    public var keepsNegativeProbability = false
    /// Binary decision threshold: a row is positive when its score is above it.
    public var threshold: Double = 0.5
    /// How to read the table.
    public var read = ReadOptions()

    /// Options for the target column `target`, everything else by default.
    public init(target: String) { self.target = target }
  }

  /// Where a predictions file's ids come from when no id column is named.
  public enum IdDefault: Sendable {
    /// The first column, when it plays no other role.
    case firstColumn
    /// The `row` column, when present and playing no other role; else row numbers.
    case rowColumn
  }

  /// Reads `path` ("-" for standard input) into a prediction set.
  public static func read(path: String, options: Options) throws -> PredictionSet {
    try read(path: path, options: options, keep: []).set
  }

  /// What `read(path:options:keep:readIds:)` found besides the set.
  public struct Contents: Sendable {
    /// The prediction set.
    public var set: PredictionSet
    /// The kept columns' values, in the order asked for.
    public var kept: [(name: String, values: [String?])]
    /// The column the ids came from, nil for row numbers.
    public var idColumn: String?
    /// The rows left out for a missing target.
    public var missingTarget: MissingTargetRule
  }

  /// Reads `path` into a prediction set, and the `keep` columns' values (e.g. slices). Only
  /// the needed columns are parsed, in parallel, unless the task must be inferred from the
  /// target's values.
  public static func read(path: String, options: Options, keep: [String], readIds: Bool = true)
    throws -> Contents
  {
    let reader = try TableReader(path: path, options: options.read)
    let names = reader.columns
    func column(_ name: String, _ option: String) throws(CoreError) -> Int {
      guard let index = names.firstIndex(of: name) else {
        throw .invalidData("\(option) column '\(name)' is not in \(reader.displayName)")
      }
      return index
    }
    let roles = try Roles(names: names, options: options, file: reader.displayName)
    let idColumn = idColumnName(names: names, options: options)
    let task: EvaluationTask? =
      options.task
      ?? (roles.score != nil
        ? .binary
        : roles.proba.isEmpty
          ? nil
          : roles.proba.count <= 2 ? .binary : .multiclass)
    guard let task else {
      let all = try Frame.read(reader)
      let rule = MissingTargetRule(frame: all, target: roles.target)
      try checkTargetPresent(rule, rows: all.rows, options: options, file: reader.displayName)
      var source = FrameSource(
        frame: rule.apply(to: all), file: reader.displayName, workers: options.read.workers)
      if rule.leftOut > 0 { source.rowNumbers = rule.kept.map { $0 + 1 } }
      let set = try read(source: source, options: options, readIds: readIds)
      let kept = try keep.map { name throws in (name, source.texts(try column(name, "--slice"))) }
      return Contents(set: set, kept: kept, idColumn: idColumn, missingTarget: rule)
    }
    var kinds: [Int: LoadedTable.Kind] = [:]
    let numeric = task == .regression
    kinds[roles.target] = numeric ? .optionalNumber : .label
    // Only what the metrics use: hard predictions come from scores when there are any, and a
    // binary file's two probabilities carry one score.
    var proba = roles.proba
    if task == .binary && roles.score == nil && proba.count == 2
      && !options.keepsNegativeProbability
    {
      let positive = options.positive ?? ColumnReader.sortedByBytes(proba.map(\.label))[1]
      if proba.contains(where: { $0.label == positive }) {
        proba = proba.filter { $0.label == positive }
      }
    }
    let scored =
      task == .binary ? roles.score != nil || !proba.isEmpty : task == .multiclass && !proba.isEmpty
    let candidatesFromLabels = task == .binary && roles.proba.count < 2
    if let index = roles.prediction, numeric || !scored || candidatesFromLabels {
      kinds[index] = numeric ? .number : .label
    }
    if let index = roles.score { kinds[index] = .number }
    if !numeric { for (_, index) in proba { kinds[index] = .number } }
    if let index = roles.weight { kinds[index] = .number }
    let keptIndices = try keep.map { name throws in try column(name, "--slice") }
    for index in keptIndices where kinds[index] == nil { kinds[index] = .label }
    if readIds, let index = try idIndex(names, options: options, roles: roles.all) {
      if kinds[index] == nil { kinds[index] = .text }
    }
    var table = try LoadedTable.load(reader, kinds: kinds)
    let targetValues = table.numbers[roles.target]
    let targetCodes = table.coded[roles.target]?.codes
    let rule = MissingTargetRule(rows: table.rows) { row in
      targetValues.map { $0[row].isNaN } ?? (targetCodes.map { $0[row] < 0 } ?? false)
    }
    try checkTargetPresent(rule, rows: table.rows, options: options, file: reader.displayName)
    if rule.leftOut > 0 { table = table.keeping(rule.kept) }
    var known = options
    known.task = task
    let set = try read(source: table, options: known, readIds: readIds)
    return Contents(
      set: set, kept: zip(keep, keptIndices).map { ($0, table.texts($1)) }, idColumn: idColumn,
      missingTarget: rule)
  }

  /// Rows were read but every target is missing: nothing is left to evaluate.
  static func checkTargetPresent(
    _ rule: MissingTargetRule, rows: Int, options: Options, file: String
  ) throws(CoreError) {
    if rows > 0 && rule.kept.isEmpty {
      throw .invalidData("\(file): the target '\(options.target)' is missing on every row")
    }
  }

  /// Builds a prediction set from the columns of `frame`.
  public static func read(frame: Frame, file: String, options: Options) throws(CoreError)
    -> PredictionSet
  {
    try read(
      source: FrameSource(frame: frame, file: file, workers: options.read.workers),
      options: options, readIds: true)
  }

  /// The columns of each role, located by name.
  struct Roles {
    var target: Int
    var score: Int?
    var prediction: Int?
    var proba: [(label: String, index: Int)]
    var weight: Int?
    var all: [Int?] { [target, score, prediction, weight] }

    init(names: [String], options: Options, file: String) throws(CoreError) {
      func column(_ name: String, _ option: String) throws(CoreError) -> Int {
        guard let index = names.firstIndex(of: name) else {
          throw .invalidData("\(option) column '\(name)' is not in \(file)")
        }
        return index
      }
      target = try column(options.target, "--target")
      if let name = options.scoreColumn { score = try column(name, "--score") }
      if let name = options.predictionColumn {
        prediction = try column(name, "--prediction")
      } else {
        prediction = names.firstIndex(of: "prediction")
      }
      let prefix = options.probaPrefix
      let target = target
      proba =
        prefix.isEmpty
        ? []
        : names.enumerated().compactMap { index, name in
          name.hasPrefix(prefix) && name.count > prefix.count && index != target
            ? (String(name.dropFirst(prefix.count)), index) : nil
        }
      if let name = options.weightColumn { weight = try column(name, "--weight") }
    }
  }

  static func read(source: any ColumnSource, options: Options, readIds: Bool) throws(CoreError)
    -> PredictionSet
  {
    let file = source.file
    let roles = try Roles(names: source.names, options: options, file: file)
    guard source.rows > 0 else { throw .invalidData("\(file) has no data rows to evaluate") }
    var task: EvaluationTask
    if let given = options.task {
      task = given
    } else if let marked = try markedTask(source) {
      task = marked
    } else {
      task = try inferTask(
        source, target: roles.target, score: roles.score, prediction: roles.prediction,
        proba: roles.proba.count, options: options)
    }
    let columns = Columns(
      source: source, target: roles.target, score: roles.score,
      prediction: roles.prediction.flatMap { source.has($0) ? $0 : nil },
      proba: roles.proba.filter { source.has($0.index) }, probaLabels: roles.proba.map(\.label))
    var set: PredictionSet
    switch task {
    case .regression: set = try columns.regression()
    case .binary:
      set = try columns.binary(
        positive: options.positive, threshold: options.threshold,
        keepsNegative: options.keepsNegativeProbability)
    case .multiclass: set = try columns.multiclass()
    }
    if readIds {
      if let index = try idIndex(source.names, options: options, roles: roles.all) {
        set.ids = source.texts(index).map { $0 ?? "" }
      } else {
        set.ids = (0..<source.rows).map { String(source.rowNumber($0)) }
      }
    }
    if let index = roles.weight {
      let weights = try source.numbers(index)
      if weights.contains(where: { $0 < 0 || !$0.isFinite }) {
        throw .invalidData("\(file): sample weights must be finite and not negative")
      }
      set.weights = weights
    }
    return set
  }

  /// The task the file's task column (`PredictionsFormat.taskColumn`) states, nil when the
  /// file has none; a value other than one task on every row is an error.
  static func markedTask(_ source: any ColumnSource) throws(CoreError) -> EvaluationTask? {
    let name = PredictionsFormat.taskColumn
    guard let index = source.index(of: name), source.has(index), source.rows > 0 else {
      return nil
    }
    let labels = try source.labels(index).labels
    guard labels.count == 1, let task = EvaluationTask(rawValue: labels[0]) else {
      throw .invalidData(
        "\(source.file): column '\(name)' must hold one task (binary, multiclass or regression) "
          + "on every row; it holds \(labels.prefix(3).map { "'\($0)'" }.joined(separator: ", "))")
    }
    return task
  }

  /// The task the columns imply; an integer target with more than two values and no
  /// probabilities could be classes or quantities, so it needs `--task`.
  static func inferTask(
    _ source: any ColumnSource, target: Int, score: Int?, prediction: Int?, proba: Int,
    options: Options
  ) throws(CoreError) -> EvaluationTask {
    let file = source.file
    if score != nil { return .binary }
    if proba > 0 { return proba <= 2 ? .binary : .multiclass }
    guard prediction != nil else {
      throw .invalidData(
        "\(file) has no prediction, score or probability columns: \(options.columnsHint)")
    }
    let labels = try source.labels(target).labels
    let numbers = labels.map { Double($0) }
    if numbers.contains(where: { $0 == nil }) { return labels.count <= 2 ? .binary : .multiclass }
    if numbers.contains(where: { ($0 ?? 0).rounded() != $0 }) { return .regression }
    if labels.count <= 2 { return .binary }
    let question =
      "cannot tell whether the integer target '\(source.names[target])' (\(labels.count) distinct values) holds classes or quantities"
    guard let hint = options.taskHint else {
      throw .invalidData("\(file): \(question): give the predictions probability columns")
    }
    throw .usage("\(question): \(hint)")
  }

  /// The id column's index, nil for row numbers: the id column, else the first column when
  /// it plays no other role.
  static func idIndex(_ names: [String], options: Options, roles: [Int?]) throws(CoreError)
    -> Int?
  {
    if let name = options.idColumn {
      guard let found = names.firstIndex(of: name) else {
        throw .invalidData("--id column '\(name)' is not in the predictions")
      }
      return found
    }
    if options.idDefault == .rowColumn {
      guard let found = names.firstIndex(of: "row"), !roles.contains(found) else { return nil }
      return found
    }
    let prefix = options.probaPrefix
    let first = names.first ?? ""
    let isProbability = !prefix.isEmpty && first.hasPrefix(prefix)
    guard names.count > 1, !roles.contains(0), !isProbability,
      first != "prediction", first != options.weightColumn
    else { return nil }
    return 0
  }

  /// The name of the column `read` takes ids from, nil when ids are row numbers.
  public static func idColumnName(names: [String], options: Options) -> String? {
    guard let roles = try? Roles(names: names, options: options, file: "") else { return nil }
    return (try? idIndex(names, options: options, roles: roles.all)).flatMap { $0 }.map {
      names[$0]
    }
  }
}
