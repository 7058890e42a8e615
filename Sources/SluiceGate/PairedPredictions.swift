import SluiceCore
import SluiceMetrics

/// Paired evaluation of two models' predictions files: rows aligned by id, and every metric
/// of the task as a paired metric for the bootstrap (computed once per resample and model).
extension PairedInput {
  /// `baseline` reordered to `candidate`'s ids; the tasks, classes, id sets and truths must be
  /// equal (`names`: the candidate's and the baseline's file names, for the messages).
  public static func align(
    _ baseline: PredictionSet, to candidate: PredictionSet, names: (String, String)
  ) throws(CoreError) -> PredictionSet {
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

  /// Every metric of the task as a paired metric of two aligned prediction sets (see
  /// `align`), plus McNemar's and DeLong's inputs.
  public init(candidate: PredictionSet, baseline: PredictionSet, bootstrap: PairedBootstrap) {
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
        name: "accuracy", candidate: unweightedAccuracy(candidate),
        baseline: unweightedAccuracy(baseline))
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
    self.init(
      rowCount: candidate.count, metrics: metrics, bootstrap: bootstrap, correctness: correctness,
      scores: scores)
  }
}

/// Unweighted accuracy on `rows` (with repeats).
func unweightedAccuracy(_ set: PredictionSet) -> ([Int]) -> Double? {
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
final class MetricCache {
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
