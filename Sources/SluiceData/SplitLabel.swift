/// A class of the `--stratify` column: a value's bytes, or missing.
///
/// Labels sort with missing first, then by their bytes; that order breaks every tie in the
/// stratified allocation, so it depends only on the values, never on the row order.
public enum SplitLabel: Hashable, Comparable, Sendable {
  /// The column is missing in the row (a null token, JSON `null` or an absent key).
  case missing
  /// The value's bytes as read (unquoted, unescaped).
  case value([UInt8])

  /// The label as shown in messages.
  public var display: String {
    switch self {
    case .missing: "(missing)"
    case .value(let bytes): "'\(String(decoding: bytes, as: UTF8.self))'"
    }
  }

  /// The bytes that seed the class's shuffle: 0x00 for missing, else 0x01 and the value.
  public var seedBytes: [UInt8] {
    switch self {
    case .missing: [0]
    case .value(let bytes): [1] + bytes
    }
  }

  /// Missing first, then lexicographic by bytes.
  public static func < (lhs: SplitLabel, rhs: SplitLabel) -> Bool {
    switch (lhs, rhs) {
    case (.missing, .missing): false
    case (.missing, .value): true
    case (.value, .missing): false
    case (.value(let left), .value(let right)): left.lexicographicallyPrecedes(right)
    }
  }
}
