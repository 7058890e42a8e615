/// Something that learns about one column from its fields, chunk by chunk, and merges.
public protocol ColumnAccumulator: Sendable {
  /// Adds one field.
  mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, isNull: Bool)
  /// Adds the fields of a run of records, in order.
  mutating func add(_ column: FieldColumn)
  /// Called once after the last field of a chunk (for work done per batch).
  mutating func finishChunk()
  /// Adds what an accumulator of the records that follow learned.
  mutating func merge(_ later: Self)
  /// The first field of the run just added that is a number too large for a double
  /// (`1e400`), if any, forgotten once taken: the reader makes it a located error.
  mutating func takeOutOfRangeField() -> UnsafeBufferPointer<UInt8>?
}

extension ColumnAccumulator {
  /// Nothing to do by default.
  public mutating func finishChunk() {}

  /// No value errors by default.
  @inlinable
  public mutating func takeOutOfRangeField() -> UnsafeBufferPointer<UInt8>? { nil }

  /// Adds the fields one by one by default.
  @inlinable
  public mutating func add(_ column: FieldColumn) {
    for row in 0..<column.count { add(column.field(row), isNull: column.isNull(row)) }
  }
}

/// Counts of the kinds of non-missing values, and the type they imply (the lattice of
/// docs/formats.md, in this one place).
public struct ValueKindCounts: Sendable, Equatable {
  public var booleans = 0
  public var integers = 0
  public var floats = 0
  public var datetimes = 0
  public var strings = 0

  /// No values counted yet.
  public init() {}

  /// Values counted.
  public var total: Int { booleans + integers + floats + datetimes + strings }

  /// All booleans → boolean; all integers → integer; integers and floats → float; all
  /// date-times → datetime; any other mix, or nothing → string.
  public var type: ColumnType {
    let present = total
    if present == 0 || strings > 0 { return .string }
    if booleans == present { return .boolean }
    if integers == present { return .integer }
    if integers + floats == present { return .float }
    if datetimes == present { return .datetime }
    return .string
  }

  /// Adds another set of counts.
  public mutating func merge(_ other: ValueKindCounts) {
    booleans += other.booleans
    integers += other.integers
    floats += other.floats
    datetimes += other.datetimes
    strings += other.strings
  }
}

extension TableReader {
  /// Feeds every field of every well-formed record to one accumulator per column, chunks in
  /// parallel, merged in input order; returns the accumulators and the record count. Fields
  /// go in column by column over runs of records (`FieldColumn`); the tokenizer unescapes
  /// quotes in place, so fields already read stay valid until the chunk is done.
  @inlinable
  public func accumulateColumns<Accumulator: ColumnAccumulator>(_ template: [Accumulator])
    throws -> (columns: [Accumulator], rows: Int)
  {
    let count = template.count
    let names = columns
    var total = template
    var rows = 0
    try forEachChunk(
      { cursor in
        var columns = template
        var records = 0
        let batch = FieldBatch(columnCount: count)
        try columns.withUnsafeMutableBufferPointer { accumulators in
          func flush() throws {
            for index in 0..<count {
              accumulators[index].add(batch.column(index, of: cursor))
              if let field = accumulators[index].takeOutOfRangeField() {
                throw cursor.outOfRange(field, column: index, name: names[index])
              }
            }
            batch.count = 0
          }
          while true {
            // Plain records go straight into the batch; any other goes through `next`.
            records += cursor.appendPlainRecords(to: batch)
            if batch.isFull {
              try flush()
              continue
            }
            guard let status = try cursor.next() else { break }
            guard case .record = status else { continue }
            records += 1
            batch.append(cursor)
            if batch.isFull { try flush() }
          }
          if batch.count > 0 { try flush() }
          for index in 0..<count { accumulators[index].finishChunk() }
        }
        return (columns, records)
      },
      reduce: { partial in
        rows += partial.1
        for index in 0..<count { total[index].merge(partial.0[index]) }
      })
    return (total, rows)
  }
}

/// Where a field that is a number too large for a double sits (its address as bits, so an
/// accumulator stays `Sendable`); valid until the chunk it points into is done.
public struct OutOfRangeField: Sendable {
  @usableFromInline var address: UInt = 0
  /// The field's length; 0 when there is none.
  public private(set) var count = 0

  /// None.
  public init() {}

  /// The field `bytes`.
  public init(_ bytes: UnsafeBufferPointer<UInt8>) {
    address = UInt(bitPattern: bytes.baseAddress)
    count = bytes.count
  }

  /// The field, if any, and none from now on.
  public mutating func take() -> UnsafeBufferPointer<UInt8>? {
    guard count > 0, let base = UnsafePointer<UInt8>(bitPattern: address) else { return nil }
    defer { self = OutOfRangeField() }
    return UnsafeBufferPointer(start: base, count: count)
  }
}
