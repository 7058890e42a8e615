import SluiceCore

/// Reads the headline numbers out of a metrics.json without depending on its exact layout:
/// a metric is a number, or an object with a `value` (or `estimate`) and optionally an
/// interval (`ci` as [low, high] or {low, high} / {lower, upper}, or `ci_low`/`ci_high`).
/// Metrics live under `metrics` (else the top level, as `evaluate` writes them, with
/// intervals in a sibling `ci` object); slices under `slices` (column → value → metrics).
public enum MetricsSummary {
  /// One metric's value and interval.
  public struct Metric: Sendable, Equatable {
    /// The metric's name.
    public var name: String
    /// The point estimate.
    public var value: Double
    /// The interval's lower end, when given.
    public var low: Double?
    /// The interval's upper end, when given.
    public var high: Double?
  }

  /// The metrics of a metrics object, sorted by name.
  public static func metrics(_ document: JSONValue?) -> [Metric] {
    guard let document else { return [] }
    let container = document["metrics"]?.objectValue ?? document.objectValue ?? [:]
    // evaluate's metrics.json keeps intervals beside the values: "ci": {metric: [low, high]}.
    let intervals = container["ci"]?.objectValue ?? [:]
    return container.keys.sorted().compactMap { name in
      guard let value = container[name], var found = metric(name, value) else { return nil }
      if found.low == nil, let pair = intervals[name]?.arrayValue, pair.count == 2 {
        found.low = pair[0].doubleValue
        found.high = pair[1].doubleValue
      }
      return found
    }
  }

  static func metric(_ name: String, _ value: JSONValue) -> Metric? {
    if let number = value.doubleValue, value.objectValue == nil {
      return Metric(name: name, value: number)
    }
    guard let object = value.objectValue,
      let number = (object["value"] ?? object["estimate"] ?? object["point"])?.doubleValue
    else { return nil }
    var result = Metric(name: name, value: number)
    let interval = object["ci"] ?? object["interval"] ?? object["ci95"]
    if let pair = interval?.arrayValue, pair.count == 2 {
      result.low = pair[0].doubleValue
      result.high = pair[1].doubleValue
    } else if let bounds = interval?.objectValue {
      result.low = (bounds["low"] ?? bounds["lower"])?.doubleValue
      result.high = (bounds["high"] ?? bounds["upper"])?.doubleValue
    } else {
      result.low = (object["ci_low"] ?? object["lower"])?.doubleValue
      result.high = (object["ci_high"] ?? object["upper"])?.doubleValue
    }
    return result
  }

  /// The Markdown lines for the card's metrics section (table, then slices).
  public static func lines(_ document: JSONValue?) -> [String] {
    let list = metrics(document)
    guard !list.isEmpty else { return ["No metrics were packaged."] }
    var lines = ["| metric | value | interval |", "|---|---|---|"]
    for metric in list {
      let interval =
        metric.low.flatMap { low in metric.high.map { "[\(format(low)), \(format($0))]" } } ?? ""
      lines.append("| \(ModelCard.cell(metric.name)) | \(format(metric.value)) | \(interval) |")
    }
    lines += sliceLines(document?["slices"])
    return lines
  }

  /// Slices as `column = value: metric value, ...` lines, when the document has them.
  static func sliceLines(_ slices: JSONValue?) -> [String] {
    var entries: [(String, JSONValue)] = []
    if let list = slices?.arrayValue {
      for item in list {
        let label = ["column", "slice", "name", "value"].compactMap {
          item[$0].map(ModelCard.inline)
        }
        entries.append((label.joined(separator: " = "), item))
      }
    } else if let object = slices?.objectValue {
      for key in object.keys.sorted() {
        guard let value = object[key] else { continue }
        if let inner = value.objectValue, metrics(value).isEmpty {
          for innerKey in inner.keys.sorted() {
            if let innerValue = inner[innerKey] {
              entries.append(("\(key) = \(innerKey)", innerValue))
            }
          }
        } else {
          entries.append((key, value))
        }
      }
    }
    guard !entries.isEmpty else { return [] }
    var lines = ["", "### Slices", ""]
    for (label, value) in entries {
      let shown = metrics(value).prefix(4).map { metric -> String in
        let interval =
          metric.low.flatMap { low in metric.high.map { " [\(format(low)), \(format($0))]" } } ?? ""
        return "\(metric.name) \(format(metric.value))\(interval)"
      }
      lines.append(
        "- \(label): " + (shown.isEmpty ? "(no metrics)" : shown.joined(separator: ", ")))
    }
    return lines
  }

  /// A number with at most 4 decimals.
  public static func format(_ value: Double) -> String {
    guard value.isFinite else { return "n/a" }
    let rounded = (value * 10_000).rounded() / 10_000
    if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
    return CanonicalJSON.formatDouble(rounded) ?? "n/a"
  }
}
