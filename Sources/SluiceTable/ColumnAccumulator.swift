import SluiceCore

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
  /// Numbers too large for a double (`1e400`) found in the column, for accumulators that
  /// parse numbers; the reader locates them (nil: this accumulator does not look).
  var outOfRange: OutOfRange? { get set }
  /// The error to stop with once the whole column is seen: the first number too large for a
  /// double in a column that is otherwise numeric (in a string column it is text).
  var valueError: TableError? { get }
}

extension ColumnAccumulator {
  /// Nothing to do by default.
  public mutating func finishChunk() {}

  /// Not looked for by default.
  @inlinable
  public var outOfRange: OutOfRange? {
    get { nil }
    set {}
  }

  /// None by default.
  @inlinable
  public var valueError: TableError? { nil }

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
          func flush() {
            for index in 0..<count {
              accumulators[index].add(batch.column(index, of: cursor))
              if let field = accumulators[index].outOfRange?.takePending() {
                // Rare: located now, while the chunk is alive; reported after the pass.
                accumulators[index].outOfRange?.record(
                  cursor.outOfRange(field, column: index, name: names[index]))
              }
            }
            batch.count = 0
          }
          while true {
            // Plain records go straight into the batch; any other goes through `next`.
            records += cursor.appendPlainRecords(to: batch)
            if batch.isFull {
              flush()
              continue
            }
            guard let status = try cursor.next() else { break }
            guard case .record = status else { continue }
            records += 1
            batch.append(cursor)
            if batch.isFull { flush() }
          }
          if batch.count > 0 { flush() }
          for index in 0..<count { accumulators[index].finishChunk() }
        }
        return (columns, records)
      },
      reduce: { partial in
        rows += partial.1
        for index in 0..<count { total[index].merge(partial.0[index]) }
      })
    // The first in input order over all columns, as a reader error would be.
    let errors = total.compactMap(\.valueError)
    if let first = errors.min(by: {
      ($0.location?.byteOffset ?? 0) < ($1.location?.byteOffset ?? 0)
    }) {
      throw first
    }
    return (total, rows)
  }
}

/// Numbers too large for a double in one column: the field just seen (its address as bits,
/// so an accumulator stays `Sendable`; valid only until its chunk is done), and the first one
/// located, in input order once merged.
public struct OutOfRange: Sendable {
  @usableFromInline var address: UInt = 0
  @usableFromInline var count = 0
  /// The first one, located.
  public private(set) var error: TableError?

  /// None.
  public init() {}

  /// Notes `bytes` (the first of a run is kept until the reader takes it).
  public mutating func note(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard count == 0, error == nil else { return }
    address = UInt(bitPattern: bytes.baseAddress)
    count = bytes.count
  }

  /// The field noted and not yet located, if any.
  @usableFromInline
  mutating func takePending() -> UnsafeBufferPointer<UInt8>? {
    guard count > 0, let base = UnsafePointer<UInt8>(bitPattern: address) else { return nil }
    defer { count = 0 }
    return UnsafeBufferPointer(start: base, count: count)
  }

  /// Keeps `located` unless an earlier one is kept.
  @usableFromInline
  mutating func record(_ located: TableError) {
    if error == nil { error = located }
  }

  /// Adds the records that follow (the earlier error wins).
  public mutating func merge(_ later: OutOfRange) {
    if error == nil { error = later.error }
  }
}
