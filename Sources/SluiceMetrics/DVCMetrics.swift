import SluiceCore

/// The metrics shaped for `dvc metrics show` and `dvc metrics diff` (`evaluate --dvc-metrics`).
///
/// DVC lists every scalar of a metrics file and silently drops lists, so metrics.json as it
/// is shows strings such as `meta.data_hash` as metrics and loses the bootstrap intervals.
/// This shape keeps only numbers: each `ci` pair `[low, high]` becomes `<metric>_ci_low` and
/// `<metric>_ci_high` beside its metric, `meta` (descriptions) and `confusion_matrix` (a
/// matrix) are left out, as are strings, booleans, nulls (undefined metrics) and lists, and
/// objects keep their nesting (DVC shows `slices.region.north.accuracy`). metrics.json stays
/// the file `gate` reads.
public enum DVCMetrics {
  /// The numbers of a metrics.json document (`MetricsFileWriter.json`) for DVC.
  public static func json(_ metrics: JSONValue) -> JSONValue {
    guard case .object(let members) = metrics else { return .object([:]) }
    return .object(numbers(members))
  }

  /// Members that are not metrics, whatever they hold.
  static let descriptive: Set<String> = ["meta", "confusion_matrix"]

  private static func numbers(_ members: [String: JSONValue]) -> [String: JSONValue] {
    var kept: [String: JSONValue] = [:]
    for (key, value) in members where !descriptive.contains(key) {
      if key == "ci", case .object(let intervals) = value {
        for (metric, interval) in intervals {
          guard case .array(let bounds) = interval, bounds.count == 2,
            bounds.allSatisfy(isNumber)
          else { continue }
          kept[metric + "_ci_low"] = bounds[0]
          kept[metric + "_ci_high"] = bounds[1]
        }
        continue
      }
      switch value {
      case .int, .double:
        kept[key] = value
      case .object(let nested):
        let inner = numbers(nested)
        if !inner.isEmpty { kept[key] = .object(inner) }
      case .null, .bool, .string, .array:
        continue
      }
    }
    return kept
  }

  private static func isNumber(_ value: JSONValue) -> Bool {
    switch value {
    case .int, .double: true
    default: false
    }
  }
}
