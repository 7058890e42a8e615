import SluiceCore
import SluiceTable

/// A schema's numeric limit (`min`, `max`, observed range) kept as written: integers stay
/// integers so a schema round-trips exactly.
public enum NumericLimit: Sendable, Equatable {
  case integer(Int64)
  case number(Double)

  /// The bound as a double for comparisons.
  public var value: Double {
    switch self {
    case .integer(let integer): return Double(integer)
    case .number(let number): return number
    }
  }

  var json: JSONValue {
    switch self {
    case .integer(let integer): return .int(integer)
    case .number(let number): return .double(number)
    }
  }

  init?(_ json: JSONValue) {
    switch json {
    case .int(let integer): self = .integer(integer)
    case .double(let number): self = .number(number)
    default: return nil
    }
  }
}

/// What a schema says about one column. Fields the schema does not set are nil.
public struct ColumnSchema: Sendable, Equatable {
  /// Column name.
  public var name: String
  /// Value type.
  public var type: ColumnType
  /// Role in the feature pipeline.
  public var role: ColumnRole
  /// Whether missing values are allowed.
  public var nullable: Bool
  /// Share of missing values where the schema was inferred (informational).
  public var missingFraction: Double?
  /// Smallest allowed value of a numeric column (a hard limit, as a person wrote it).
  public var minimum: NumericLimit?
  /// Largest allowed value of a numeric column (a hard limit, as a person wrote it).
  public var maximum: NumericLimit?
  /// Smallest and largest value where the schema was inferred: not limits, a drift signal
  /// (`check` notes values outside them as warnings; fresh data may well pass them).
  public var observedMinimum: NumericLimit?
  public var observedMaximum: NumericLimit?
  /// The allowed values.
  public var values: [String]?
  /// Length bounds in characters.
  public var minimumLength: Int?
  public var maximumLength: Int?
  /// Values must not repeat (nil: not stated).
  public var unique: Bool?
  /// A regular expression every value must match whole.
  public var pattern: String?
  /// Per-column drift settings (`drift` object), kept as written.
  public var drift: [String: JSONValue]
  /// Keys Sluice does not interpret (descriptions, owners...), kept as written.
  public var extra: [String: JSONValue]

  /// A column with only a name, type and role.
  public init(name: String, type: ColumnType, role: ColumnRole, nullable: Bool = true) {
    self.name = name
    self.type = type
    self.role = role
    self.nullable = nullable
    self.drift = [:]
    self.extra = [:]
  }
}

/// How columns of the data may differ from the schema's list.
public struct ColumnPolicy: Sendable, Equatable {
  /// What to do about a difference.
  public enum Action: String, Sendable { case error, ignore }
  /// Columns in the data but not in the schema.
  public var extra: Action = .error
  /// Columns in the schema but not in the data.
  public var missing: Action = .error
  /// Columns in another order than the schema's.
  public var order: Action = .ignore

  /// The default policy: extra and missing columns are errors, order is free.
  public init() {}
}

/// A table schema: `schema.json` (see docs/formats.md).
public struct Schema: Sendable, Equatable {
  /// The format version this Sluice writes and reads.
  public static let formatVersion: Int64 = 1

  /// Columns, in table order.
  public var columns: [ColumnSchema]
  /// Bounds on the number of data rows.
  public var minimumRows: Int?
  public var maximumRows: Int?
  /// Rows in the file the schema was inferred from (informational).
  public var observedRows: Int?
  /// How column lists may differ.
  public var columnPolicy: ColumnPolicy
  /// The field delimiter and decimal mark the table was read with, when not `,` and `.`
  /// (`dialect` object; informational, like `rows.observed`).
  public var delimiter: String?
  public var decimal: String?
  /// Top-level keys Sluice does not interpret, kept as written.
  public var extra: [String: JSONValue]

  /// A schema with these columns and default policies.
  public init(columns: [ColumnSchema]) {
    self.columns = columns
    self.columnPolicy = ColumnPolicy()
    self.extra = [:]
  }

  /// The column named `name`.
  public func column(named name: String) -> ColumnSchema? {
    columns.first { $0.name == name }
  }
}
