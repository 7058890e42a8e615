/// The type and role inferred for one column, with the facts they were inferred from.
public struct InferredColumn: Sendable {
  /// Column name.
  public var name: String
  /// Value type.
  public var type: ColumnType
  /// Suggested role in the feature pipeline.
  public var role: ColumnRole
  /// Why the role was chosen, in a few words.
  public var reason: String
  /// The one-pass profile behind the inference.
  public var profile: ColumnProfile

  /// Distinct non-missing values, exact when `distinctIsExact`.
  public var distinctCount: Int { profile.distinct.count }
  /// Whether `distinctCount` is exact (tracking stops on large, repetitive columns).
  public var distinctIsExact: Bool { !profile.distinct.saturated }
  /// Every non-missing value differs from every other (and none is missing).
  public var isUnique: Bool {
    profile.present > 0 && profile.missing == 0 && profile.distinct.mayBeUnique
      && (type == .integer || type == .string)
  }
  /// The distinct values in first-seen order when there are at most `limit` of them.
  public func domain(limit: Int) -> [String]? {
    guard distinctIsExact, distinctCount <= limit, profile.distinct.values.count == distinctCount
    else { return nil }
    return profile.distinct.values.map { String(decoding: $0, as: UTF8.self) }
  }
}

/// Infers column types and roles from a table in one parallel pass.
public enum TypeInference {
  /// Settings of the categorical / text / key heuristic.
  public struct Settings: Sendable {
    /// String columns with at most this many distinct values are categorical.
    public var maxCategories: Int
    /// Text needs at least this mean length in characters...
    public var textMinimumMeanLength: Double
    /// ...and at least this share of values holding a space.
    public var textMinimumSpacedShare: Double

    /// The documented defaults.
    public init(
      maxCategories: Int = 100, textMinimumMeanLength: Double = 20,
      textMinimumSpacedShare: Double = 0.5
    ) {
      self.maxCategories = maxCategories
      self.textMinimumMeanLength = textMinimumMeanLength
      self.textMinimumSpacedShare = textMinimumSpacedShare
    }
  }

  /// The result: the columns and the number of data records.
  public struct Result: Sendable {
    public var columns: [InferredColumn]
    public var rowCount: Int
  }

  /// Reads every record of `reader` and infers each column's type and role.
  public static func run(_ reader: TableReader, settings: Settings = Settings()) throws -> Result {
    let limit = max(settings.maxCategories, 0)
    let (total, rows) = try reader.accumulateColumns(
      [ColumnProfile](repeating: ColumnProfile(valueLimit: limit), count: reader.columns.count))
    let columns = zip(reader.columns, total).map { name, profile in
      infer(name: name, profile: profile, settings: settings)
    }
    return Result(columns: columns, rowCount: rows)
  }

  /// The type lattice: all booleans → boolean; all integers → integer; integers and floats →
  /// float; all date-times → datetime; anything else (or no values) → string.
  public static func type(of profile: ColumnProfile) -> ColumnType { profile.kinds.type }

  public static func infer(name: String, profile: ColumnProfile, settings: Settings)
    -> InferredColumn
  {
    let type = type(of: profile)
    var column = InferredColumn(
      name: name, type: type, role: .categorical, reason: "", profile: profile)
    let present = profile.present
    switch type {
    case _ where present == 0:
      column.role = .ignored
      column.reason = "all values missing"
    case .integer where isKeyLike(name: name, profile: profile, unique: column.isUnique):
      // An identifier is no quantity: a model would learn the row order from it.
      column.role = .key
      column.reason = "key-like: all values distinct"
    case .integer, .float:
      column.role = .numeric
      column.reason = "numbers"
    case .boolean:
      column.role = .categorical
      column.reason = "two values"
    case .datetime:
      column.role = .ignored
      column.reason = "date-times are not expanded into features yet"
    case .string:
      let meanLength = Double(profile.totalLength) / Double(present)
      let spacedShare = Double(profile.spaced) / Double(present)
      let distinct = profile.distinct.count
      let manyDistinct =
        profile.distinct.saturated || Double(distinct) >= 0.5 * Double(present)
      if meanLength >= settings.textMinimumMeanLength
        && spacedShare >= settings.textMinimumSpacedShare && manyDistinct
      {
        column.role = .text
        column.reason = "long values with spaces, mostly distinct"
      } else if column.isUnique && present > settings.maxCategories {
        column.role = .key
        column.reason = "every value distinct"
      } else if !profile.distinct.saturated && distinct <= settings.maxCategories {
        column.role = .categorical
        column.reason = "\(distinct) distinct values"
      } else {
        column.role = .categorical
        column.reason = "more than \(settings.maxCategories) distinct values"
      }
    }
    return column
  }

  /// Fewer rows than this are too little evidence that values spanning the row count are
  /// identifiers rather than a quantity.
  static let keySpanMinimumRows = 20

  /// Whether an integer column looks like an identifier: no missing value, all values
  /// distinct, and either a key-like name or values spanning about the row count
  /// (max − min + 1 ≤ 1.1 × rows, e.g. 1...n in any order).
  static func isKeyLike(name: String, profile: ColumnProfile, unique: Bool) -> Bool {
    guard unique, profile.present >= 2 else { return false }
    if hasKeyLikeName(name) { return true }
    let span = Double(profile.maximumInteger) - Double(profile.minimumInteger) + 1
    return profile.present >= keySpanMinimumRows && span <= 1.1 * Double(profile.present)
  }

  /// Names that say "identifier": id, key, index, row (and variants), `*_id`, `*-id`, `*Id`,
  /// `*ID`, `*_key`, and pandas' unnamed index column (`Unnamed: 0`).
  public static func hasKeyLikeName(_ name: String) -> Bool {
    let lower = name.lowercased()
    let whole: Set<String> = [
      "id", "key", "index", "idx", "row", "rowid", "row_id", "rownum", "row_number", "pk",
      "uid", "uuid", "guid", "serial", "record", "record_id", "",
    ]
    if whole.contains(lower) || lower.hasPrefix("unnamed:") { return true }
    for suffix in ["_id", "-id", " id", ".id", "_key", "_idx", "_index", "_no"]
    where lower.hasSuffix(suffix) {
      return true
    }
    // camelCase and upper-case suffixes: patientId, patientID (not "paid" or "valid").
    if name.hasSuffix("ID") && name.count > 2 { return true }
    if name.hasSuffix("Id"), let before = name.dropLast(2).last,
      before.isLowercase
        || before.isNumber
    {
      return true
    }
    return false
  }
}
