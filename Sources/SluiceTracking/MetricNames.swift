import SluiceCore

/// How metrics.json's numbers become MLflow metric keys, and back (a registry baseline).
///
/// Nested objects join with `.` (`slices.region.north.accuracy`); a bootstrap interval is two
/// metrics, `<metric>_ci_low` and `<metric>_ci_high` beside its metric (the names `evaluate
/// --dvc-metrics` uses); characters MLflow refuses in a key (it takes letters, digits, `_`,
/// `-`, `.`, ` `, `/` and `:`) become `_`.
public enum MetricNames {
  /// Every number of `document` (already shaped as DVCMetrics shapes metrics.json) as keys.
  public static func flatten(_ document: JSONValue, prefix: String = "") -> [(String, Double)] {
    var output: [(String, Double)] = []
    walk(document, prefix: prefix, into: &output)
    return output
  }

  private static func walk(
    _ value: JSONValue, prefix: String, into output: inout [(String, Double)]
  ) {
    switch value {
    case .object(let members):
      for key in members.keys.sorted() {
        guard let member = members[key] else { continue }
        let name = sanitize(key)
        walk(member, prefix: prefix.isEmpty ? name : prefix + "." + name, into: &output)
      }
    case .int, .double:
      if let number = value.doubleValue, number.isFinite, !prefix.isEmpty {
        output.append((prefix, number))
      }
    default:
      return
    }
  }

  /// `key` with characters MLflow refuses replaced by `_`.
  public static func sanitize(_ key: String) -> String {
    String(
      key.unicodeScalars.map { scalar -> Character in
        let allowed =
          scalar.properties.isAlphabetic || scalar.properties.numericType != nil
          || "_-. :".unicodeScalars.contains(scalar)
        return allowed ? Character(scalar) : "_"
      })
  }

  /// A metrics document rebuilt from a run's metrics: keys split at `.` into objects, each
  /// `<m>_ci_low`/`<m>_ci_high` pair made the interval `ci.<m>` beside `<m>`, as gate reads it.
  public static func document(_ metrics: [String: Double]) -> JSONValue {
    var root: [String: JSONValue] = [:]
    for key in metrics.keys.sorted() {
      guard let value = metrics[key] else { continue }
      let segments = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      insert(.double(value), at: segments[...], into: &root)
    }
    return pairIntervals(.object(root))
  }

  private static func insert(
    _ value: JSONValue, at path: ArraySlice<String>, into object: inout [String: JSONValue]
  ) {
    guard let head = path.first else { return }
    if path.count == 1 {
      if object[head]?.objectValue == nil { object[head] = value }
      return
    }
    var child = object[head]?.objectValue ?? [:]
    insert(value, at: path.dropFirst(), into: &child)
    object[head] = .object(child)
  }

  private static func pairIntervals(_ value: JSONValue) -> JSONValue {
    guard case .object(var members) = value else { return value }
    for (key, member) in members where member.objectValue != nil {
      members[key] = pairIntervals(member)
    }
    var intervals: [String: JSONValue] = members["ci"]?.objectValue ?? [:]
    for key in members.keys where key.hasSuffix("_ci_low") {
      let metric = String(key.dropLast("_ci_low".count))
      guard let low = members[key], let high = members[metric + "_ci_high"] else { continue }
      intervals[metric] = .array([low, high])
      members[key] = nil
      members[metric + "_ci_high"] = nil
    }
    if !intervals.isEmpty { members["ci"] = .object(intervals) }
    return .object(members)
  }
}
