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
  /// Category counts; nil once past `categoryLimit` distinct values.
  var categories: CategoryCounter? = CategoryCounter()

  /// Distinct categories seen, or nil when there were more than `categoryLimit`.
  public var categoryCount: Int? { categories?.count }

  /// Whether integer values are counted as categories (a schema marks the column categorical).
  public var countsIntegers = false

  /// Distinct categories kept before a column counts as not categorical.
  public static let categoryLimit = 10_000

  /// Values present.
  public var present: Int { count - missing }

  /// The column type by the lattice of docs/formats.md.
  public var type: ColumnType { kinds.type }

  /// Category counts keyed by value.
  public var categoryCounts: [String: Double] {
    var result: [String: Double] = [:]
    if let categories {
      for (value, count) in zip(categories.values, categories.counts) {
        result[value, default: 0] += Double(count)
      }
    }
    return result
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
      // Integer columns are numeric unless a schema says categorical: count them only then.
      if !countsIntegers { return }
    case .float:
      kinds.floats += 1
      numbers.append(number.double)
      return  // floats are never categories
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
  public static func collect(_ reader: TableReader, categoricalIntegers: Set<String> = [])
    throws -> TableSample
  {
    let template = reader.columns.map { name in
      var sample = ColumnSample()
      sample.countsIntegers = categoricalIntegers.contains(name)
      return sample
    }
    let (columns, rows) = try reader.accumulateColumns(template)
    let total = TableSample(names: reader.columns, columns: columns, rows: rows)
    return total
  }
}
