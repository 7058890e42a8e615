import SluiceCore
import SluiceGate
import SluiceMetrics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The two models' predictions, aligned by id, as the gate's paired input.
struct PairedPredictions {
  var input: PairedInput
  var description: String
  var payload: JSONValue

  /// Reads `--predictions` and `--baseline-predictions` (both or neither): nil when neither,
  /// or with a note when the baseline's `REV:PATH` is in the working tree but not yet at REV
  /// (a first run; a path in neither is an error).
  static func load(_ arguments: ParsedArguments, target: String?) throws -> (
    PairedPredictions?, note: String?
  ) {
    do {
      return (try loadBoth(arguments, target: target), nil)
    } catch let absent as AbsentAtRevision {
      return (
        nil, "Baseline predictions: \(absent.reason); baseline rules are judged without them."
      )
    }
  }

  private static func loadBoth(_ arguments: ParsedArguments, target: String?) throws
    -> PairedPredictions?
  {
    let candidatePath = arguments.string("--predictions")
    let baselinePath = arguments.string("--baseline-predictions")
    guard candidatePath != nil || baselinePath != nil else { return nil }
    guard let candidatePath, let baselinePath else {
      throw CoreError.usage("'--predictions' and '--baseline-predictions' must be given together")
    }
    var options = PredictionsFile.Options(
      target: arguments.string("--target") ?? target ?? "target")
    options.idColumn = arguments.string("--id")
    options.idDefault = .rowColumn
    // Only options gate has: the predictions must be written as predict writes them.
    options.columnsHint =
      "gate reads a 'prediction' column and 'proba_<class>' columns, as predict writes them"
    options.taskHint = nil
    options.positive = arguments.string("--positive")
    options.read = try TableOptions.readOptions(arguments)
    let candidate: PredictionSet
    do {
      candidate = try read(candidatePath, option: "--predictions", options: options)
    } catch let absent as AbsentAtRevision {
      throw CoreError.missingInput(path: candidatePath, reason: absent.reason)
    }
    let baseline = try align(
      read(baselinePath, option: "--baseline-predictions", options: options), to: candidate,
      names: (candidatePath, baselinePath))
    let rounds = try arguments.int("--resamples") ?? 1000
    guard rounds >= 1 else {
      throw CoreError.usage("invalid value '\(rounds)' for '--resamples': expected 1 or more")
    }
    let seedText = arguments.string("--seed") ?? "0"
    guard let seed = UInt64(seedText) else {
      throw CoreError.usage("invalid value '\(seedText)' for '--seed': expected an integer ≥ 0")
    }
    let input = makeInput(
      candidate, baseline, bootstrap: PairedBootstrap(rounds: rounds, seed: seed))
    let idText = options.idColumn.map { "id column '\($0)'" } ?? "row number"
    let description =
      "\(candidatePath) vs \(baselinePath), \(candidate.count) rows aligned by \(idText), \(rounds) resamples, seed \(seed)"
    let payload: JSONValue = .object([
      "candidate": .string(candidatePath), "baseline": .string(baselinePath),
      "rows": .int(Int64(candidate.count)), "task": .string(candidate.task.rawValue),
      "resamples": .int(Int64(rounds)), "seed": .string(seedText),
    ])
    return PairedPredictions(input: input, description: description, payload: payload)
  }

  /// Reads a predictions file, or `REV:PATH` through git when no such file exists.
  static func read(_ spec: String, option: String, options: PredictionsFile.Options) throws
    -> PredictionSet
  {
    if access(spec, F_OK) == 0 || !spec.contains(":") || spec == "-" {
      return try PredictionsFile.read(path: spec, options: options)
    }
    let (rev, path) = try GitBaseline.split(spec, option: option)
    switch try GitBaseline.read(rev: rev, path: path) {
    case .absent(let reason):
      throw AbsentAtRevision(reason: reason)
    case .found(let bytes):
      let extensionText =
        path.split(separator: "/").last.flatMap { name -> String? in
          guard let dot = name.lastIndex(of: ".") else { return nil }
          return String(name[dot...])
        } ?? ".csv"
      var template = Array("/tmp/sluice-gate-XXXXXX\(extensionText)".utf8CString)
      let descriptor = mkstemps(&template, Int32(extensionText.utf8.count))
      guard descriptor >= 0 else {
        throw CoreError.cannotCreateOutput(path: "/tmp", reason: "cannot create a temporary file")
      }
      let temporary = String(
        decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
      defer { unlink(temporary) }
      let writer = ByteWriter(fileDescriptor: descriptor, bufferSize: 0)
      writer.write(bytes)
      writer.flush()
      close(descriptor)
      return try PredictionsFile.read(path: temporary, options: options)
    }
  }

  /// `baseline` reordered to `candidate`'s ids; the id sets and truths must be equal.
  static func align(_ baseline: PredictionSet, to candidate: PredictionSet, names: (String, String))
    throws(CoreError) -> PredictionSet
  {
    guard baseline.task == candidate.task else {
      throw .invalidData(
        "the predictions are for different tasks: \(candidate.task.rawValue) in \(names.0), \(baseline.task.rawValue) in \(names.1)"
      )
    }
    guard baseline.classes == candidate.classes else {
      throw .invalidData("the predictions have different classes in \(names.0) and \(names.1)")
    }
    if baseline.ids == candidate.ids { return try checkTruth(baseline, candidate, names) }
    var position: [String: Int] = [:]
    for (index, id) in baseline.ids.enumerated() {
      if position.updateValue(index, forKey: id) != nil {
        throw .invalidData("id '\(id)' appears twice in \(names.1)")
      }
    }
    var rows: [Int] = []
    rows.reserveCapacity(candidate.count)
    var seen = Set<String>()
    for id in candidate.ids {
      guard let index = position[id] else {
        throw .invalidData(
          "prediction ids differ: '\(id)' is in \(names.0) but not in \(names.1)")
      }
      guard seen.insert(id).inserted else {
        throw .invalidData("id '\(id)' appears twice in \(names.0)")
      }
      rows.append(index)
    }
    if let extra = baseline.ids.first(where: { !seen.contains($0) }) {
      throw .invalidData("prediction ids differ: '\(extra)' is in \(names.1) but not in \(names.0)")
    }
    return try checkTruth(baseline.subset(rows), candidate, names)
  }

  private static func checkTruth(
    _ baseline: PredictionSet, _ candidate: PredictionSet, _ names: (String, String)
  ) throws(CoreError) -> PredictionSet {
    for row in 0..<candidate.count {
      let same =
        candidate.task == .regression
        ? candidate.targets[row] == baseline.targets[row]
        : candidate.labels[row] == baseline.labels[row]
      if !same {
        throw .invalidData(
          "the target differs at id '\(candidate.ids[row])' between \(names.0) and \(names.1)")
      }
    }
    return baseline
  }

  /// Every metric of the task as a paired metric, plus McNemar's and DeLong's inputs.
  static func makeInput(
    _ candidate: PredictionSet, _ baseline: PredictionSet, bootstrap: PairedBootstrap
  )
    -> PairedInput
  {
    let first = MetricCache(candidate)
    let second = MetricCache(baseline)
    let names = MetricSuite.names(for: candidate.task).filter { $0 != "n" }
    var metrics = names.map { name in
      PairedMetric(
        name: name, candidate: { first.value(name, rows: $0) },
        baseline: { second.value(name, rows: $0) })
    }
    // Unweighted accuracy is a count: no need to compute the whole suite per resample.
    if candidate.task != .regression, candidate.weights == nil, baseline.weights == nil,
      let index = metrics.firstIndex(where: { $0.name == "accuracy" }),
      !candidate.predicted.isEmpty, !baseline.predicted.isEmpty
    {
      metrics[index] = PairedMetric(
        name: "accuracy", candidate: accuracy(candidate), baseline: accuracy(baseline))
    }
    var correctness: (candidate: [Bool], baseline: [Bool])?
    var scores: (positive: [Bool], candidate: [Double], baseline: [Double])?
    if candidate.task != .regression, !candidate.predicted.isEmpty, !baseline.predicted.isEmpty {
      correctness = (
        zip(candidate.labels, candidate.predicted).map { $0 == $1 },
        zip(baseline.labels, baseline.predicted).map { $0 == $1 }
      )
    }
    if candidate.task == .binary, !candidate.positiveScores.isEmpty,
      !baseline.positiveScores.isEmpty
    {
      scores = (candidate.labels.map { $0 == 1 }, candidate.positiveScores, baseline.positiveScores)
    }
    return PairedInput(
      rowCount: candidate.count, metrics: metrics, bootstrap: bootstrap, correctness: correctness,
      scores: scores)
  }
}

/// A predictions file named `REV:PATH` whose REV exists without PATH.
private struct AbsentAtRevision: Error {
  var reason: String
}

/// Unweighted accuracy on `rows` (with repeats).
private func accuracy(_ set: PredictionSet) -> ([Int]) -> Double? {
  let correct = zip(set.labels, set.predicted).map { $0 == $1 }
  return { rows in
    guard !rows.isEmpty else { return nil }
    var hits = 0
    for row in rows where correct[row] { hits += 1 }
    return Double(hits) / Double(rows.count)
  }
}

/// Computes a model's whole metric suite once per row sample, since the bootstrap asks for
/// several metrics of the same resample in a row.
private final class MetricCache {
  let set: PredictionSet
  var rows: [Int]?
  var values: MetricValues?

  init(_ set: PredictionSet) {
    self.set = set
  }

  func value(_ name: String, rows: [Int]) -> Double? {
    if let values, self.rows == rows { return values[name] }
    let computed =
      rows.count == set.count && rows.elementsEqual(0..<set.count)
      ? MetricSuite.compute(set) : MetricSuite.compute(set.subset(rows))
    self.rows = rows
    values = computed
    return computed[name]
  }
}
