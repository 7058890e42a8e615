import SluiceCore
import SluiceTable

/// Reads and writes `profile.json`: readable statistics per column and, under `state`, the
/// sketches themselves so that profiles merge later (docs/formats.md).
public enum ProfileCodec {
  /// The profile format version: 2 added the sparse form of the distinct counter's registers
  /// (docs/formats.md); version 1 files, always dense, are still read.
  public static let formatVersion: Int64 = 2
  /// The quantiles listed under `numeric.quantiles`.
  public static let listedQuantiles: [(String, Double)] = [
    ("p01", 0.01), ("p05", 0.05), ("p10", 0.1), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75),
    ("p90", 0.9), ("p95", 0.95), ("p99", 0.99),
  ]
  /// Frequent values listed under `top`.
  public static let listedTop = 10
  /// Bins of `numeric.histogram`; a column of n < 400 values gets ⌈√n⌉ (numpy's "sqrt"
  /// rule): more bins than that would be mostly empty, and would make the profile of a wide
  /// table of few rows many times the size of the table.
  public static let histogramBins = 20

  /// The number of histogram bins for `count` values.
  static func histogramBins(count: Int) -> Int {
    Swift.max(1, Swift.min(histogramBins, Int(Double(count).squareRoot().rounded(.up))))
  }

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

  /// The profile as canonical JSON text, byte for byte `CanonicalJSON.encode(encode(profile))`,
  /// handed to `write` a column at a time: a table of 100,000 columns never holds the whole
  /// document as a JSON tree (kilobytes of dictionaries per column), only its text.
  public static func write(_ profile: TableProfile, to write: ([UInt8]) -> Void) {
    guard !profile.columns.isEmpty else {
      write(Array(CanonicalJSON.encode(encode(profile)).utf8))
      return
    }
    write(Array("{\n  \"columns\": [\n".utf8))
    let indent = [UInt8](repeating: UInt8(ascii: " "), count: 4)
    for index in profile.columns.indices {
      var ignored: [String] = []
      let text = CanonicalJSON.encodeBytes(
        encodeColumn(name: profile.names[index], profile.columns[index]), nonFinite: &ignored)
      var bytes: [UInt8] = []
      bytes.reserveCapacity(text.count * 2)
      // Canonical JSON escapes newlines inside strings, so every raw newline starts a line
      // of structure: indenting each line nests the column two levels down.
      text.withUnsafeBufferPointer { text in
        var start = 0
        for position in 0..<text.count where text[position] == UInt8(ascii: "\n") {
          bytes.append(contentsOf: indent)
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<position]))
          if position + 1 < text.count { bytes.append(UInt8(ascii: "\n")) }
          start = position + 1
        }
      }
      bytes.append(contentsOf: (index + 1 < profile.columns.count ? ",\n" : "\n").utf8)
      write(bytes)
    }
    write(
      Array(
        "  ],\n  \"rows\": \(profile.rows),\n  \"sluice_profile_version\": \(formatVersion)\n}\n"
          .utf8))
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
      // One sorted view of the sketch for all nine, not one sort each.
      let values = column.quantiles.quantiles(listedQuantiles.map(\.1))
      for ((label, _), value) in zip(listedQuantiles, values) {
        quantiles[label] = value.map(JSONValue.double) ?? .null
      }
      numeric["quantiles"] = .object(quantiles)
      numeric["histogram"] = .array(
        Histogram.equalWidth(
          from: column.quantiles,
          bins: histogramBins(count: column.quantiles.count)
        ).map { bin in
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
