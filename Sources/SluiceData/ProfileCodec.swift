import SluiceCore
import SluiceTable

/// Reads and writes `profile.json`: readable statistics per column and, under `state`, the
/// sketches themselves so that profiles merge later (docs/formats.md).
public enum ProfileCodec {
  /// The profile format version.
  public static let formatVersion: Int64 = 1
  /// The quantiles listed under `numeric.quantiles`.
  public static let listedQuantiles: [(String, Double)] = [
    ("p01", 0.01), ("p05", 0.05), ("p10", 0.1), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75),
    ("p90", 0.9), ("p95", 0.95), ("p99", 0.99),
  ]
  /// Frequent values listed under `top`.
  public static let listedTop = 10
  /// Bins of `numeric.histogram`.
  public static let histogramBins = 20

  /// Whether a parsed JSON document is a Sluice profile.
  public static func isProfile(_ document: JSONValue) -> Bool {
    document["sluice_profile_version"] != nil
  }

  /// The profile as a JSON document.
  public static func encode(_ profile: TableProfile) -> JSONValue {
    .object([
      "sluice_profile_version": .int(formatVersion),
      "rows": .int(Int64(profile.rows)),
      "columns": .array(zip(profile.names, profile.columns).map { encodeColumn(name: $0, $1) }),
    ])
  }

  static func encodeColumn(name: String, _ column: ColumnProfiler) -> JSONValue {
    var fields: [String: JSONValue] = [
      "name": .string(name),
      "type": .string(column.type.rawValue),
      "role": .string(column.role.rawValue),
      "count": .int(Int64(column.count)),
      "missing": .int(Int64(column.missing)),
      "missing_fraction": .double(
        column.count == 0 ? 0 : Double(column.missing) / Double(column.count)),
      "distinct": .object([
        "estimate": .int(Int64(column.distinct.estimate.rounded())),
        "relative_standard_error": .double(DistinctCounter.standardError),
      ]),
    ]
    let type = column.type
    if type == .integer || type == .float, let minimum = column.moments.min,
      let maximum = column.moments.max
    {
      var numeric: [String: JSONValue] = [
        "min": .double(minimum), "max": .double(maximum),
        "mean": column.moments.mean.map(JSONValue.double) ?? .null,
        "variance": column.moments.sampleVariance.map(JSONValue.double) ?? .null,
        "std": column.moments.sampleVariance.map { .double($0.squareRoot()) } ?? .null,
        "rank_error": .double(column.quantiles.rankErrorBound),
      ]
      var quantiles: [String: JSONValue] = [:]
      for (label, q) in listedQuantiles {
        quantiles[label] = column.quantiles.quantile(q).map(JSONValue.double) ?? .null
      }
      numeric["quantiles"] = .object(quantiles)
      numeric["histogram"] = .array(
        Histogram.equalWidth(from: column.quantiles, bins: histogramBins).map { bin in
          .object([
            "lower": .double(bin.lower), "upper": .double(bin.upper), "count": .double(bin.count),
          ])
        })
      fields["numeric"] = .object(numeric)
    }
    if type == .boolean {
      fields["boolean"] = .object([
        "true": .int(Int64(column.trues)),
        "false": .int(Int64(column.kinds.booleans - column.trues)),
      ])
    }
    if type != .float && column.present > 0 {
      fields["top"] = .array(
        column.frequent.top(listedTop).map { item in
          .object([
            "value": .string(item.value), "count": .int(Int64(item.count)),
            "max_error": .int(Int64(item.error)),
          ])
        })
    }
    if column.present > 0 {
      fields["length"] = .object([
        "min": .int(Int64(column.minimumLength)), "max": .int(Int64(column.maximumLength)),
        "mean": .double(Double(column.totalLength) / Double(column.present)),
      ])
    }
    fields["state"] = .object([
      "count": .int(Int64(column.count)), "missing": .int(Int64(column.missing)),
      "kinds": .object([
        "boolean": .int(Int64(column.kinds.booleans)),
        "integer": .int(Int64(column.kinds.integers)),
        "float": .int(Int64(column.kinds.floats)), "datetime": .int(Int64(column.kinds.datetimes)),
        "string": .int(Int64(column.kinds.strings)),
      ]),
      "trues": .int(Int64(column.trues)),
      "lengths": .object([
        "min": .int(Int64(column.present > 0 ? column.minimumLength : 0)),
        "max": .int(Int64(column.maximumLength)), "total": .int(Int64(column.totalLength)),
        "spaced": .int(Int64(column.spaced)),
      ]),
      "moments": column.moments.json,
      "quantiles": column.quantiles.json,
      "distinct": column.distinct.json,
      "frequent": column.frequent.json,
    ])
    return .object(fields)
  }

  /// Reads a profile document written by `encode` (any older version this Sluice knows).
  public static func decode(_ document: JSONValue, file: String) throws(DataError) -> TableProfile {
    func fail(_ path: String, _ detail: String) -> DataError {
      DataError(file: file, path: path, detail)
    }
    guard document["sluice_profile_version"] != nil else {
      throw fail("", "not a Sluice profile (no \"sluice_profile_version\")")
    }
    if let problem = FormatVersion.problem(
      in: document, key: "sluice_profile_version", understood: formatVersion)
    {
      throw fail("sluice_profile_version", problem)
    }
    guard let rows = document["rows"]?.intValue, let list = document["columns"]?.arrayValue else {
      throw fail("", "expected \"rows\" and \"columns\"")
    }
    var profile = TableProfile(names: [])
    profile.rows = Int(rows)
    for (index, item) in list.enumerated() {
      let path = "columns[\(index)]"
      guard let name = item["name"]?.stringValue, let state = item["state"] else {
        throw fail(path, "expected \"name\" and \"state\"")
      }
      func integer(_ value: JSONValue?, _ key: String) throws(DataError) -> Int {
        guard let number = value?.intValue else {
          throw fail("\(path).state.\(key)", "expected an integer")
        }
        return Int(number)
      }
      var column = ColumnProfiler()
      column.count = try integer(state["count"], "count")
      column.missing = try integer(state["missing"], "missing")
      let kinds = state["kinds"]
      column.kinds.booleans = try integer(kinds?["boolean"], "kinds.boolean")
      column.kinds.integers = try integer(kinds?["integer"], "kinds.integer")
      column.kinds.floats = try integer(kinds?["float"], "kinds.float")
      column.kinds.datetimes = try integer(kinds?["datetime"], "kinds.datetime")
      column.kinds.strings = try integer(kinds?["string"], "kinds.string")
      column.trues = try integer(state["trues"], "trues")
      let lengths = state["lengths"]
      column.minimumLength = try integer(lengths?["min"], "lengths.min")
      if column.present == 0 { column.minimumLength = Int.max }
      column.maximumLength = try integer(lengths?["max"], "lengths.max")
      column.totalLength = try integer(lengths?["total"], "lengths.total")
      column.spaced = try integer(lengths?["spaced"], "lengths.spaced")
      do {
        column.moments = try Moments(json: state["moments"] ?? .null)
        column.quantiles = try QuantileSketch(json: state["quantiles"] ?? .null)
        column.distinct = try DistinctCounter(json: state["distinct"] ?? .null)
        column.frequent = try FrequentItems(json: state["frequent"] ?? .null)
      } catch {
        throw fail("\(path).state", error.message)
      }
      profile.names.append(name)
      profile.columns.append(column)
    }
    return profile
  }
}
