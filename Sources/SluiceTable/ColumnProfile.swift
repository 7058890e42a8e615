/// What type inference learns about a column in one pass: the shared counts (`ValueTally`:
/// records, missing values, kinds, lengths), plus what only inference needs — the numeric
/// range, distinct values kept verbatim up to a limit (for keys and enumerations) and the
/// decimal-comma shape. Built per chunk and merged in input order. Profiling keeps sketches
/// instead (`ColumnProfiler` in SluiceData) over the same `ValueTally`.
@dynamicMemberLookup
public struct ColumnProfile: ColumnAccumulator {
  /// The counts every column pass keeps; its fields read as the profile's own
  /// (`profile.missing`, `profile.kinds`, ...).
  public internal(set) var tally = ValueTally()
  /// Smallest and largest number among integer and float values.
  public internal(set) var minimum = Double.infinity
  public internal(set) var maximum = -Double.infinity
  /// Smallest and largest integer value.
  public internal(set) var minimumInteger = Int64.max
  public internal(set) var maximumInteger = Int64.min
  /// The decimal-comma shape of the string values.
  public internal(set) var decimalComma = DecimalCommaTally()
  var distinct: DistinctTracker

  /// An empty profile keeping up to `valueLimit` distinct values verbatim.
  public init(valueLimit: Int) {
    distinct = DistinctTracker(valueLimit: valueLimit)
  }

  /// A count of the tally (`count`, `missing`, `kinds`, `trues`, lengths, `spaced`, `present`).
  public subscript<Value>(dynamicMember path: KeyPath<ValueTally, Value>) -> Value {
    tally[keyPath: path]
  }

  /// Every value would be a number if `,` were the decimal mark, and some value has one
  /// (`1,5`): a column that `--decimal ,` reads as numbers.
  public var looksLikeDecimalComma: Bool { decimalComma.looksLikeNumbers(tally.kinds) }

  /// Adds one field.
  @inline(__always)
  public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, isNull: Bool) {
    switch tally.add(bytes, isNull: isNull) {
    case .missing, .outOfRange: break
    case .number(let number):
      minimum = min(minimum, number.double)
      maximum = max(maximum, number.double)
      if number.kind == .integer {
        minimumInteger = min(minimumInteger, number.integer)
        maximumInteger = max(maximumInteger, number.integer)
        distinct.insert(FieldDigest(bytes).hash, bytes)
      } else {
        distinct.insertKeyless(bytes)
      }
    case .boolean: distinct.insert(FieldDigest(bytes).hash, bytes)
    case .datetime: distinct.insertKeyless(bytes)
    case .string(let digest):
      decimalComma.add(bytes, strings: tally.kinds.strings)
      distinct.insert(digest.hash, bytes, keyless: digest.hasSpace)
    }
  }

  /// Numbers too large for a double, located by the reader.
  public var outOfRange: OutOfRange? {
    get { tally.outOfRange }
    set { if let newValue { tally.outOfRange = newValue } }
  }

  /// The first number too large for a double, unless the column holds plain strings.
  public var valueError: TableError? { tally.valueError }

  /// Adds the profile of the records that follow this one's.
  public mutating func merge(_ later: ColumnProfile) {
    tally.merge(later.tally)
    minimum = min(minimum, later.minimum)
    maximum = max(maximum, later.maximum)
    minimumInteger = min(minimumInteger, later.minimumInteger)
    maximumInteger = max(maximumInteger, later.maximumInteger)
    decimalComma.merge(later.decimalComma)
    distinct.merge(later.distinct)
  }
}
