/// What one pass learns about a column: counts per value kind, numeric range, string
/// lengths and distinct values. Built per chunk and merged in input order.
public struct ColumnProfile: ColumnAccumulator {
  /// Records seen.
  public internal(set) var count = 0
  /// Missing values.
  public internal(set) var nulls = 0
  /// Non-missing values of each kind.
  public internal(set) var kinds = ValueKindCounts()
  /// `true` values among the booleans.
  public internal(set) var trues = 0
  /// Smallest and largest number among integer and float values.
  public internal(set) var minimum = Double.infinity
  public internal(set) var maximum = -Double.infinity
  /// Smallest and largest integer value.
  public internal(set) var minimumInteger = Int64.max
  public internal(set) var maximumInteger = Int64.min
  /// Value lengths in characters.
  public internal(set) var minimumLength = Int.max
  public internal(set) var maximumLength = 0
  public internal(set) var totalLength = 0
  /// Values holding a space.
  public internal(set) var spacedValues = 0
  /// String values of the `DecimalComma` shape, counted only while every string so far has
  /// it (so a column of ordinary strings pays one comparison per value), and how many of
  /// them hold the comma.
  public internal(set) var decimalCommaShaped = 0
  public internal(set) var decimalCommas = 0
  var distinct: DistinctTracker
  /// Numbers too large for a double (`ColumnAccumulator.outOfRange`).
  var outOfRangeValues = OutOfRange()

  /// An empty profile keeping up to `valueLimit` distinct values verbatim.
  public init(valueLimit: Int) {
    distinct = DistinctTracker(valueLimit: valueLimit)
  }

  /// Values present.
  public var present: Int { count - nulls }

  /// Every value would be a number if `,` were the decimal mark, and some value has one
  /// (`1,5`): a column that `--decimal ,` reads as numbers.
  public var looksLikeDecimalComma: Bool {
    kinds.strings > 0 && decimalCommaShaped == kinds.strings && decimalCommas > 0
      && kinds.floats == 0 && kinds.booleans == 0 && kinds.datetimes == 0
  }

  /// Adds one field.
  @inline(__always)
  public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, isNull: Bool) {
    count += 1
    if isNull {
      nulls += 1
      return
    }
    // Once a column holds a plain string its type is settled: skip number parsing.
    guard kinds.strings == 0 else {
      addString(bytes)
      return
    }
    let number = ValueParser.number(bytes)
    switch number.kind {
    case .integer:
      kinds.integers += 1
      minimumInteger = min(minimumInteger, number.integer)
      maximumInteger = max(maximumInteger, number.integer)
      minimum = min(minimum, number.double)
      maximum = max(maximum, number.double)
      addLength(bytes.count)
      distinct.insert(FieldDigest(bytes).hash, bytes)
    case .float:
      kinds.floats += 1
      minimum = min(minimum, number.double)
      maximum = max(maximum, number.double)
      addLength(bytes.count)
      distinct.insertKeyless(bytes)
    default:
      if let flag = ValueParser.boolean(bytes) {
        kinds.booleans += 1
        if flag { trues += 1 }
        addLength(bytes.count)
        distinct.insert(FieldDigest(bytes).hash, bytes)
      } else if ValueParser.isDateTime(bytes) {
        kinds.datetimes += 1
        addLength(bytes.count)
        distinct.insertKeyless(bytes)
      } else if ValueParser.overflows(bytes) {
        // Reached once per column and chunk at most for plain strings (the first one settles
        // the type): `1e400` is a value error, neither a string nor a number.
        outOfRangeValues.note(bytes)
      } else {
        addString(bytes)
      }
    }
  }

  @inline(__always)
  private mutating func addLength(_ characters: Int) {
    minimumLength = min(minimumLength, characters)
    maximumLength = max(maximumLength, characters)
    totalLength += characters
  }

  @inline(__always)
  private mutating func addString(_ bytes: UnsafeBufferPointer<UInt8>) {
    if decimalCommaShaped == kinds.strings {
      switch DecimalComma.shape(bytes) {
      case .decimalComma:
        decimalCommaShaped += 1
        decimalCommas += 1
      case .digits: decimalCommaShaped += 1
      case .other: break
      }
    }
    kinds.strings += 1
    let digest = FieldDigest(bytes)
    addLength(digest.characters)
    if digest.hasSpace { spacedValues += 1 }
    distinct.insert(digest.hash, bytes, keyless: digest.hasSpace)
  }

  /// Numbers too large for a double, located by the reader.
  public var outOfRange: OutOfRange? {
    get { outOfRangeValues }
    set { if let newValue { outOfRangeValues = newValue } }
  }

  /// The first number too large for a double, unless the column holds plain strings.
  public var valueError: TableError? { kinds.strings == 0 ? outOfRangeValues.error : nil }

  /// Adds the profile of the records that follow this one's.
  public mutating func merge(_ later: ColumnProfile) {
    count += later.count
    nulls += later.nulls
    kinds.merge(later.kinds)
    trues += later.trues
    minimum = min(minimum, later.minimum)
    maximum = max(maximum, later.maximum)
    minimumInteger = min(minimumInteger, later.minimumInteger)
    maximumInteger = max(maximumInteger, later.maximumInteger)
    minimumLength = min(minimumLength, later.minimumLength)
    maximumLength = max(maximumLength, later.maximumLength)
    totalLength += later.totalLength
    spacedValues += later.spacedValues
    decimalCommaShaped += later.decimalCommaShaped
    decimalCommas += later.decimalCommas
    outOfRangeValues.merge(later.outOfRangeValues)
    distinct.merge(later.distinct)
  }
}
