import SluiceCore

/// What `RecordCursor.next()` found.
public enum RecordStatus: Sendable, Equatable {
  /// A well-formed record; its fields are readable until the next call.
  case record
  /// A malformed record that was skipped (lenient mode only).
  case malformed(TableError)
}

/// Walks the records of one chunk, exposing the current record's fields as byte slices.
///
/// Fields point into the chunk's buffer: no copy and no `String` is made unless asked for.
/// A slice is valid until the next call to `next()`.
public final class RecordCursor {
  /// Number of columns in the table.
  public let columnCount: Int
  /// The input's name for diagnostics.
  public let fileName: String
  /// Physical line (1-based) where the current record starts.
  @exclusivity(unchecked) public internal(set) var line: Int = 0
  /// Byte offset in the input where the current record starts.
  @exclusivity(unchecked) public internal(set) var byteOffset: Int = 0
  /// Which values count as missing.
  public let nulls: NullMatcher

  /// Keeps the chunk's buffer alive for as long as the cursor reads it.
  let chunk: Chunk
  @usableFromInline let bytes: UnsafeMutablePointer<UInt8>
  @usableFromInline let starts: UnsafeMutablePointer<Int>
  @usableFromInline let lengths: UnsafeMutablePointer<Int>
  @usableFromInline let flags: UnsafeMutablePointer<UInt8>
  @usableFromInline static let quotedFlag: UInt8 = 1
  @usableFromInline static let missingFlag: UInt8 = 2

  let dialect: Dialect
  let lenient: Bool
  let chunkBase: Int
  let end: Int
  let isLastChunk: Bool
  let truncated: Bool
  // The tokenizer's state is only ever touched by the one thread that walks the chunk, so
  // the per-record dynamic exclusivity checks buy nothing.
  @exclusivity(unchecked) var position: Int
  @exclusivity(unchecked) var currentLine: Int
  @exclusivity(unchecked) var finished = false
  let special: UnsafeMutablePointer<UInt8>
  var invalidUTF8: [Int]
  @exclusivity(unchecked) var invalidIndex = 0
  /// Column names as bytes, for JSON Lines keys.
  var keyNames: [[UInt8]]
  /// In discovery mode the first record defines the columns (JSON Lines keys or CSV header).
  var discovering: Bool
  var discovered: [(start: Int, length: Int, flags: UInt8)] = []
  var lastKeyIndex = -1
  /// For JSON Lines: the serial of the last record that set each column (finds duplicate keys).
  var seenInRecord: [Int]
  var recordSerial = 0

  init(
    chunk: Chunk, columnCount: Int, keyNames: [[UInt8]], dialect: Dialect, nulls: NullMatcher,
    fileName: String, lenient: Bool, discovering: Bool = false
  ) {
    self.columnCount = columnCount
    self.fileName = fileName
    self.nulls = nulls
    self.chunk = chunk
    self.bytes = chunk.bytes
    self.dialect = dialect
    self.lenient = lenient
    self.chunkBase = chunk.byteOffset
    self.end = chunk.count
    self.isLastChunk = chunk.isLast
    self.truncated = chunk.truncated
    self.position = chunk.start
    self.currentLine = chunk.startLine
    self.keyNames = keyNames
    self.discovering = discovering
    self.seenInRecord = [Int](repeating: 0, count: columnCount)
    let slots = max(1, columnCount)
    starts = .allocate(capacity: slots)
    lengths = .allocate(capacity: slots)
    flags = .allocate(capacity: slots)
    starts.initialize(repeating: 0, count: slots)
    lengths.initialize(repeating: 0, count: slots)
    flags.initialize(repeating: 0, count: slots)
    special = .allocate(capacity: 256)
    special.initialize(repeating: 0, count: 256)
    special[0x0A] = 1
    special[0x0D] = 1
    if dialect.format != .jsonl { special[Int(dialect.delimiter)] = 1 }
    if let quote = dialect.quote { special[Int(quote)] = 1 }
    if dialect.decimal == 0x2C && dialect.format != .jsonl && !discovering {
      DecimalComma.rewrite(
        chunk.bytes, from: chunk.start, end: chunk.count, delimiter: dialect.delimiter,
        quote: dialect.quote)
    }
    invalidUTF8 = UTF8Check.invalidOffsets(
      chunk.bytes + chunk.start, count: chunk.count - chunk.start
    ).map { $0 + chunk.start }
  }

  deinit {
    starts.deallocate()
    lengths.deallocate()
    flags.deallocate()
    special.deallocate()
  }

  /// The bytes of field `index` of the current record.
  @inlinable
  public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: bytes + starts[index], count: lengths[index])
  }

  /// Whether field `index` was quoted (a quoted value is never a null token).
  @inlinable
  public func isQuoted(_ index: Int) -> Bool { flags[index] & Self.quotedFlag != 0 }

  /// Whether field `index` is missing: a null token, JSON `null` or an absent JSON key.
  @inlinable
  public func isNull(_ index: Int) -> Bool {
    Self.isNull(flags[index], field(index), nulls)
  }

  /// Whether a field with these flags and bytes is missing: marked so, or unquoted and a null
  /// token (a quoted value is never one).
  @inlinable @inline(__always)
  static func isNull(_ flag: UInt8, _ bytes: UnsafeBufferPointer<UInt8>, _ nulls: NullMatcher)
    -> Bool
  {
    if flag & missingFlag != 0 { return true }
    if flag & quotedFlag != 0 { return false }
    return nulls.matches(bytes)
  }

  /// Field `index` decoded as a `String`.
  public func string(_ index: Int) -> String {
    String(decoding: field(index), as: UTF8.self)
  }

  /// Advances to the next record; nil at the end of the chunk.
  public func next() throws(TableError) -> RecordStatus? {
    if finished { return nil }
    let status: RecordStatus?
    switch dialect.format {
    case .csv, .tsv:
      status = !discovering && nextPlainRecord() ? .record : try nextDelimited()
    case .jsonl: status = try nextJSONLine()
    }
    guard let found = status else {
      finished = true
      return nil
    }
    if case .malformed = found {
      while invalidIndex < invalidUTF8.count && invalidUTF8[invalidIndex] < position {
        invalidIndex += 1
      }
      return found
    }
    if case .record = found, invalidIndex < invalidUTF8.count, invalidUTF8[invalidIndex] < position
    {
      let offset = invalidUTF8[invalidIndex]
      while invalidIndex < invalidUTF8.count && invalidUTF8[invalidIndex] < position {
        invalidIndex += 1
      }
      if bytes[offset] == 0 {
        return try fail(
          .nulByte, "NUL byte (binary data, not text)", line: line,
          column: fieldContaining(offset), offset: offset)
      }
      return try fail(
        .invalidUTF8, "invalid UTF-8 byte 0x\(String(bytes[offset], radix: 16, uppercase: true))",
        line: line, column: fieldContaining(offset), offset: offset)
    }
    return found
  }

  /// The 1-based field of the current record that holds byte `offset`.
  func fieldContaining(_ offset: Int) -> Int {
    var best = 1
    if discovering {
      for (index, field) in discovered.enumerated() where field.start <= offset { best = index + 1 }
      return best
    }
    for index in 0..<columnCount where starts[index] <= offset { best = index + 1 }
    return best
  }

  /// The located error for `field`, a number too large for a double in column `column`
  /// (0-based) of this chunk. The line is counted from the chunk's start: this runs once, on
  /// the way out.
  @usableFromInline
  func outOfRange(_ field: UnsafeBufferPointer<UInt8>, column: Int, name: String) -> TableError {
    let offset = field.baseAddress.map { UnsafePointer(bytes).distance(to: $0) } ?? chunk.start
    var line = chunk.startLine
    var index = chunk.start
    while index < offset {
      if bytes[index] == 0x0A || (bytes[index] == 0x0D && bytes[index + 1] != 0x0A) { line += 1 }
      index += 1
    }
    let value = String(decoding: field, as: UTF8.self)
    return TableError(
      .outOfRange, "value '\(value)' in column '\(name)' is out of range for a double",
      at: SourceLocation(
        file: fileName, line: line, column: column + 1, byteOffset: chunkBase + offset))
  }

  /// Reports a malformed record: thrown in strict mode, returned in lenient mode.
  func fail(_ kind: TableError.Kind, _ message: String, line: Int, column: Int, offset: Int)
    throws(TableError) -> RecordStatus
  {
    let error = TableError(
      kind, message,
      at: SourceLocation(
        file: fileName, line: line, column: column, byteOffset: chunkBase + offset))
    if !lenient || discovering { throw error }
    return .malformed(error)
  }
}
