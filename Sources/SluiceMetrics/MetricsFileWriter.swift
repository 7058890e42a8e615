import SluiceCore
import SluiceTable

/// metrics.json (docs/formats.md): the metrics at the top level, then `ci`, `slices`,
/// `confusion_matrix` and `meta`. Never NaN: an undefined metric is null with its reason in
/// `meta.undefined`.
public enum MetricsFileWriter {
  /// The JSON number of a metric: `n` as an integer, others as doubles, undefined as null.
  static func number(_ name: String, _ value: Double?) -> JSONValue {
    guard let value, value.isFinite else { return .null }
    if name == "n", let count = Int64(exactly: value) { return .int(count) }
    return .double(value)
  }

  /// The metrics of one set as a flat object, plus `ci` when there are intervals.
  static func metricsObject(_ metrics: MetricValues, _ intervals: Bootstrap.Intervals?)
    -> [String: JSONValue]
  {
    var object: [String: JSONValue] = [:]
    for name in metrics.names { object[name] = number(name, metrics[name]) }
    if let intervals { object["ci"] = ciObject(metrics, intervals) }
    return object
  }

  /// metric -> [low, high], null when the metric was undefined in every round.
  static func ciObject(_ metrics: MetricValues, _ intervals: Bootstrap.Intervals) -> JSONValue {
    var object: [String: JSONValue] = [:]
    for name in metrics.names where name != "n" {
      if let bound = intervals.bounds[name] {
        object[name] = .array([.double(bound.0), .double(bound.1)])
      } else {
        object[name] = .null
      }
    }
    return .object(object)
  }

  /// The whole document of `evaluation`.
  public static func json(_ evaluation: Evaluation) -> JSONValue {
    let set = evaluation.set
    var document = metricsObject(evaluation.metrics, evaluation.intervals)
    if !evaluation.slices.isEmpty {
      var slices: [String: JSONValue] = [:]
      for column in evaluation.slices {
        var values: [String: JSONValue] = [:]
        for slice in column.slices {
          values[slice.value] = .object(metricsObject(slice.metrics, slice.intervals))
        }
        slices[column.column] = .object(values)
      }
      document["slices"] = .object(slices)
    }
    if set.task != .regression {
      let matrix = MetricSuite.confusionMatrix(set)
      let integral = set.weights == nil
      document["confusion_matrix"] = .object([
        "labels": .array(set.classes.map { .string($0) }),
        "matrix": .array(
          matrix.map { row in
            .array(row.map { integral ? .int(Int64($0)) : .double($0) })
          }),
      ])
    }
    document["meta"] = meta(evaluation)
    return .object(document)
  }

  /// `meta`: how the numbers were made.
  static func meta(_ evaluation: Evaluation) -> JSONValue {
    let set = evaluation.set
    var meta: [String: JSONValue] = [
      "sluice_metrics_version": .int(SluiceMetrics.metricsFormatVersion),
      "task": .string(set.task.rawValue),
      "metrics": .array(evaluation.metrics.names.map { .string($0) }),
      "data_hash": .string(evaluation.dataHash),
      "weighted": .bool(set.weights != nil),
      "undefined": .object(evaluation.metrics.undefined.mapValues { .string($0) }),
    ]
    if !evaluation.metrics.notes.isEmpty {
      meta["zero_division"] = .object(evaluation.metrics.notes.mapValues { .string($0) })
    }
    if let target = evaluation.target { meta["target"] = .string(target) }
    if let count = evaluation.rowsMissingTarget {
      meta[MissingTargetRule.recordKey] = .int(Int64(count))
    }
    if let importance = evaluation.featureImportance {
      // Keyed by feature name, as model.json's `importance` lists (gain, split).
      meta["feature_importance"] = .object([
        "gain": .object(
          Dictionary(importance.map { ($0.feature, JSONValue.double($0.gain)) }) { a, _ in a }),
        "split": .object(
          Dictionary(importance.map { ($0.feature, JSONValue.int(Int64($0.splits))) }) {
            a, _ in a
          }),
      ])
    }
    if set.task != .regression {
      meta["classes"] = .array(set.classes.map { .string($0) })
    }
    if set.task == .binary {
      meta["positive"] = .string(set.classes.count == 2 ? set.classes[1] : "")
      meta["threshold"] = .double(evaluation.threshold)
      meta["ece_bins"] = .int(Int64(MetricSuite.eceBins))
    }
    if let settings = evaluation.bootstrap {
      var bootstrap: [String: JSONValue] = [
        "rounds": .int(Int64(settings.rounds)),
        "confidence": .double(settings.confidence),
        "method": .string("percentile"),
      ]
      if let intervals = evaluation.intervals, !intervals.undefinedRounds.isEmpty {
        bootstrap["undefined_rounds"] = .object(
          intervals.undefinedRounds.mapValues { .int(Int64($0)) })
      }
      meta["bootstrap"] = .object(bootstrap)
      meta["seed"] = .int(Int64(bitPattern: settings.seed))
    }
    if !evaluation.slices.isEmpty {
      meta["min_slice_size"] = .int(Int64(evaluation.minSliceSize))
      var skipped: [String: JSONValue] = [:]
      var undefined: [String: JSONValue] = [:]
      for column in evaluation.slices {
        skipped[column.column] = .object(column.skipped.mapValues { .int(Int64($0)) })
        var reasons: [String: JSONValue] = [:]
        for slice in column.slices where !slice.metrics.undefined.isEmpty {
          reasons[slice.value] = .object(slice.metrics.undefined.mapValues { .string($0) })
        }
        if !reasons.isEmpty { undefined[column.column] = .object(reasons) }
      }
      meta["slices_skipped"] = .object(skipped)
      if !undefined.isEmpty { meta["slices_undefined"] = .object(undefined) }
    }
    return .object(meta)
  }
}
