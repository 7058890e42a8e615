import SluiceCore
import SluiceTable

/// Everything drift needs from one column of a table, collected in one pass: the numbers
/// (for numeric columns), category counts (up to a limit) and value kinds.
public struct ColumnSample: ColumnAccumulator {
  /// Records and missing values.
  public var count = 0
  public var missing = 0
  /// Values that parsed as numbers, in input order.
  public var numbers: [Double] = []
  /// Non-missing values that are not numbers.
  public var nonNumbers = 0
  /// Kinds seen, for the type lattice.
  public var kinds = ValueKindCounts()
  /// Counts of the values that are not numbers; nil once past `categoryLimit` distinct values.
  /// Number-like values are counted from `numbers` when the column is compared as categories.
  var categories: CategoryCounter? = CategoryCounter()

  /// Distinct categories kept before a column counts as not categorical.
  public static let categoryLimit = 10_000

  /// Values present.
  public var present: Int { count - missing }

  /// The column type by the lattice of docs/formats.md.
  public var type: ColumnType { kinds.type }

  /// Counts of every non-missing value as a category, keyed by `DriftDetector.categoryKey`
  /// (text as written, number-like values by their numeric value, so "7" counts whether the
  /// column's reader took it for a number or for text); nil past `categoryLimit` distinct.
  public var categoryCounts: [String: Double]? {
    guard let categories else { return nil }
    var result: [String: Double] = [:]
    for (value, count) in zip(categories.values, categories.counts) {
      result[value, default: 0] += Double(count)
    }
    var numeric: [Double: Double] = [:]
    for number in numbers { numeric[number, default: 0] += 1 }
    for (number, count) in numeric { result[DriftDetector.numberKey(number), default: 0] += count }
    return result.count > Self.categoryLimit ? nil : result
  }

  @inline(__always)
  public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, isNull: Bool) {
    count += 1
    if isNull {
      missing += 1
      return
    }
    let number = ValueParser.number(bytes)
    switch number.kind {
    case .integer:
      kinds.integers += 1
      numbers.append(number.double)
      return  // counted as categories from `numbers`, by value
    case .float:
      kinds.floats += 1
      numbers.append(number.double)
      return
    default:
      nonNumbers += 1
      if ValueParser.boolean(bytes) != nil {
        kinds.booleans += 1
      } else if ValueParser.isDateTime(bytes) {
        kinds.datetimes += 1
      } else {
        kinds.strings += 1
      }
    }
    if categories != nil {
      let hash = FieldDigest(bytes).hash
      if categories?.add(hash, bytes, limit: Self.categoryLimit) == false { categories = nil }
    }
  }

  public mutating func merge(_ later: ColumnSample) {
    count += later.count
    missing += later.missing
    numbers += later.numbers
    nonNumbers += later.nonNumbers
    kinds.merge(later.kinds)
    guard var mine = categories, let theirs = later.categories,
      mine.merge(theirs, limit: Self.categoryLimit)
    else {
      categories = nil
      return
    }
    categories = mine
  }
}

/// The drift sample of a whole table.
public struct TableSample: Sendable {
  /// Column names in table order.
  public var names: [String]
  /// One sample per column.
  public var columns: [ColumnSample]
  /// Data rows.
  public var rows: Int

  /// Reads every record of `reader` in one parallel pass.
  public static func collect(_ reader: TableReader) throws -> TableSample {
    let template = [ColumnSample](repeating: ColumnSample(), count: reader.columns.count)
    let (columns, rows) = try reader.accumulateColumns(template)
    let total = TableSample(names: reader.columns, columns: columns, rows: rows)
    return total
  }
}
