/// One column's fields over a run of consecutive records of a chunk.
///
/// Accumulators that take a column at a time run one tight loop per column instead of a
/// dispatch per field: the column's state stays in registers and cache, and its branches
/// (number or string, null or not) predict well because a column rarely changes its kind.
public struct FieldColumn {
  @usableFromInline let bytes: UnsafePointer<UInt8>
  @usableFromInline let starts: UnsafePointer<Int>
  @usableFromInline let lengths: UnsafePointer<Int>
  @usableFromInline let flags: UnsafePointer<UInt8>
  @usableFromInline let nulls: NullMatcher
  /// Number of fields (records) in the run.
  public let count: Int

  @usableFromInline
  init(
    bytes: UnsafePointer<UInt8>, starts: UnsafePointer<Int>, lengths: UnsafePointer<Int>,
    flags: UnsafePointer<UInt8>, nulls: NullMatcher, count: Int
  ) {
    self.bytes = bytes
    self.starts = starts
    self.lengths = lengths
    self.flags = flags
    self.nulls = nulls
    self.count = count
  }

  /// The bytes of the field in record `row` of the run.
  @inlinable
  public func field(_ row: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: bytes + starts[row], count: lengths[row])
  }

  /// Whether the field in record `row` is missing (see `RecordCursor.isNull`).
  @inlinable
  public func isNull(_ row: Int) -> Bool {
    RecordCursor.isNull(flags[row], field(row), nulls)
  }
}

/// The fields of up to `capacity` well-formed records, stored column by column.
@usableFromInline
final class FieldBatch {
  /// Records held at most: as many as fit in about 96 KiB, so the batch stays in cache and
  /// below the allocator's threshold for fresh (zeroed) pages.
  @usableFromInline let capacity: Int
  @usableFromInline let columnCount: Int
  @usableFromInline let starts: UnsafeMutablePointer<Int>
  @usableFromInline let lengths: UnsafeMutablePointer<Int>
  @usableFromInline let flags: UnsafeMutablePointer<UInt8>
  /// Records held.
  @exclusivity(unchecked) @usableFromInline var count = 0

  @usableFromInline
  init(columnCount: Int) {
    self.columnCount = columnCount
    capacity = Swift.min(512, Swift.max(16, 96 * 1024 / (17 * Swift.max(1, columnCount))))
    let slots = Swift.max(1, columnCount) * capacity
    starts = .allocate(capacity: slots)
    lengths = .allocate(capacity: slots)
    flags = .allocate(capacity: slots)
  }

  deinit {
    starts.deallocate()
    lengths.deallocate()
    flags.deallocate()
  }

  /// Whether another record fits.
  @inlinable
  var isFull: Bool { count == capacity }

  /// Copies the cursor's current record in.
  @inlinable
  func append(_ cursor: RecordCursor) {
    var slot = count
    for index in 0..<columnCount {
      starts[slot] = cursor.starts[index]
      lengths[slot] = cursor.lengths[index]
      flags[slot] = cursor.flags[index]
      slot += capacity
    }
    count += 1
  }

  /// Column `index` of the records held.
  @inlinable
  func column(_ index: Int, of cursor: RecordCursor) -> FieldColumn {
    let offset = index * capacity
    return FieldColumn(
      bytes: UnsafePointer(cursor.bytes), starts: starts + offset, lengths: lengths + offset,
      flags: flags + offset, nulls: cursor.nulls, count: count)
  }
}
