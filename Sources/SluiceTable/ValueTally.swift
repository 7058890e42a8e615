/// The statistics every column pass keeps — records, missing values, value kinds, booleans,
/// lengths, spaced values, numbers too large for a double — and the one classification of a
/// field behind them. Type inference (`ColumnProfile`) and profiling (`ColumnProfiler` in
/// SluiceData) both build on it and add what only they need, so the counts they report for
/// the same column are the same by construction.
public struct ValueTally: Sendable {
  /// Records seen.
  public var count = 0
  /// Missing values.
  public var missing = 0
  /// Non-missing values of each kind (classification stops once a plain string is seen).
  public var kinds = ValueKindCounts()
  /// `true` values among the booleans.
  public var trues = 0
  /// Value lengths: in bytes for numbers, booleans and date-times (ASCII), in characters
  /// (Unicode scalars) for strings.
  public var minimumLength = Int.max
  public var maximumLength = 0
  public var totalLength = 0
  /// String values holding a space (for the text heuristic).
  public var spaced = 0
  /// Numbers too large for a double (`ColumnAccumulator.outOfRange`).
  public var outOfRange = OutOfRange()

  /// Nothing counted yet.
  public init() {}

  /// What a field was, for the extra statistics an accumulator keeps.
  public enum Field {
    /// A missing value.
    case missing
    /// An integer or a float (`number.kind` says which).
    case number(ValueParser.Number)
    /// A boolean.
    case boolean
    /// A date-time.
    case datetime
    /// A number too large for a double (`1e400`): a value error, counted as nothing.
    case outOfRange
    /// A string, with its digest (hash, characters, space).
    case string(FieldDigest)
  }

  /// Values present.
  public var present: Int { count - missing }

  /// The first number too large for a double, unless the column holds plain strings.
  public var valueError: TableError? { kinds.strings == 0 ? outOfRange.error : nil }

  /// Counts one field and says what it was.
  @inlinable @inline(__always)
  public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, isNull: Bool) -> Field {
    count += 1
    if isNull {
      missing += 1
      return .missing
    }
    // Once a column holds a plain string its type is settled: skip number parsing.
    guard kinds.strings == 0 else { return addString(bytes) }
    let number = ValueParser.number(bytes)
    switch number.kind {
    case .integer:
      kinds.integers += 1
      addLength(bytes.count)
      return .number(number)
    case .float:
      kinds.floats += 1
      addLength(bytes.count)
      return .number(number)
    default:
      if let flag = ValueParser.boolean(bytes) {
        kinds.booleans += 1
        if flag { trues += 1 }
        addLength(bytes.count)
        return .boolean
      }
      if ValueParser.isDateTime(bytes) {
        kinds.datetimes += 1
        addLength(bytes.count)
        return .datetime
      }
      if ValueParser.overflows(bytes) {
        // Reached once per column and chunk at most for plain strings (the first one settles
        // the type): `1e400` is a value error, neither a string nor a number.
        outOfRange.note(bytes)
        return .outOfRange
      }
      return addString(bytes)
    }
  }

  @inlinable @inline(__always)
  mutating func addString(_ bytes: UnsafeBufferPointer<UInt8>) -> Field {
    kinds.strings += 1
    let digest = FieldDigest(bytes)
    addLength(digest.characters)
    if digest.hasSpace { spaced += 1 }
    return .string(digest)
  }

  @inlinable @inline(__always)
  mutating func addLength(_ characters: Int) {
    minimumLength = min(minimumLength, characters)
    maximumLength = max(maximumLength, characters)
    totalLength += characters
  }

  /// Adds the tally of the records that follow this one's.
  public mutating func merge(_ later: ValueTally) {
    count += later.count
    missing += later.missing
    kinds.merge(later.kinds)
    trues += later.trues
    minimumLength = min(minimumLength, later.minimumLength)
    maximumLength = max(maximumLength, later.maximumLength)
    totalLength += later.totalLength
    spaced += later.spaced
    outOfRange.merge(later.outOfRange)
  }
}
