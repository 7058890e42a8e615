/// The value type of a column (`docs/formats.md`).
public enum ColumnType: String, Sendable, CaseIterable, Codable {
  /// `true` / `false` (any letter case).
  case boolean
  /// Whole numbers that fit in 64 bits, without leading zeros.
  case integer
  /// Decimal or exponent numbers, or a mix of integers and such numbers.
  case float
  /// Anything else.
  case string
  /// ISO 8601 dates and date-times, a recognised kind of string.
  case datetime
}

/// How a column is used by the feature pipeline (`docs/formats.md`).
public enum ColumnRole: String, Sendable, CaseIterable, Codable {
  /// A number used as a number.
  case numeric
  /// A value from a small set, one-hot encoded.
  case categorical
  /// Free text, hashed into n-gram features.
  case text
  /// An identifier: unique per row, never a feature.
  case key
  /// Not used as a feature.
  case ignored
}
