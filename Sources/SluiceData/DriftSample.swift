import SluiceCore
import SluiceTable

/// Everything drift needs from one column of a table, collected in one pass: the numbers
/// (for numeric columns), category counts (up to a limit) and value kinds.
public struct ColumnSample: Sendable {
  /// Records and missing values.
  public var count = 0
  public var missing = 0
  /// Values that parsed as numbers, in input order.
  public var numbers: [Double] = []
  /// Non-missing values that are not numbers.
  public var nonNumbers = 0
  /// Kinds seen, for the type lattice.
  public var booleans = 0
  public var integers = 0
  public var floats = 0
  public var datetimes = 0
  public var strings = 0
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
  public var type: ColumnType {
    if present == 0 || strings > 0 { return .string }
    if booleans == present { return .boolean }
    if integers == present { return .integer }
    if integers + floats == present { return .float }
    if datetimes == present { return .datetime }
    return .string
  }

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
  mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, isNull: Bool) {
    count += 1
    if isNull {
      missing += 1
      return
    }
    let number = ValueParser.number(bytes)
    switch number.kind {
    case .integer:
      integers += 1
      numbers.append(number.double)
      // Integer columns are numeric unless a schema says categorical: count them only then.
      if !countsIntegers { return }
    case .float:
      floats += 1
      numbers.append(number.double)
      return  // floats are never categories
    default:
      nonNumbers += 1
      if ValueParser.boolean(bytes) != nil {
        booleans += 1
      } else if ValueParser.isDateTime(bytes) {
        datetimes += 1
      } else {
        strings += 1
      }
    }
    if categories != nil {
      let hash = FieldDigest(bytes).hash
      if categories?.add(hash, bytes, limit: Self.categoryLimit) == false { categories = nil }
    }
  }

  mutating func merge(_ later: ColumnSample) {
    count += later.count
    missing += later.missing
    numbers += later.numbers
    nonNumbers += later.nonNumbers
    booleans += later.booleans
    integers += later.integers
    floats += later.floats
    datetimes += later.datetimes
    strings += later.strings
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
    let count = reader.columns.count
    let template = reader.columns.map { name in
      var sample = ColumnSample()
      sample.countsIntegers = categoricalIntegers.contains(name)
      return sample
    }
    var total = TableSample(names: reader.columns, columns: template, rows: 0)
    try reader.forEachChunk(
      { cursor in
        var columns = template
        var rows = 0
        try columns.withUnsafeMutableBufferPointer { samples in
          while let status = try cursor.next() {
            guard case .record = status else { continue }
            rows += 1
            for index in 0..<count {
              samples[index].add(cursor.field(index), isNull: cursor.isNull(index))
            }
          }
        }
        return (columns, rows)
      },
      reduce: { partial in
        total.rows += partial.1
        for index in 0..<count { total.columns[index].merge(partial.0[index]) }
      })
    return total
  }
}
