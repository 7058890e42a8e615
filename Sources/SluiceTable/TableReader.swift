import SluiceCore

/// Reads a CSV, TSV or JSON Lines table in fixed-size chunks of whole records.
///
/// The header is read when the reader is made. Records are then visited either in parallel
/// (`forEachChunk`, results reduced in input order so they never depend on the number of
/// threads) or in order on the calling thread (`forEachRecord`).
public final class TableReader {
  /// Column names, from the header, JSON keys of the first line, or `column_N`.
  public let columns: [String]
  /// The input's name in diagnostics.
  public let displayName: String
  /// The format in use.
  public let format: TableFormat
  /// Which unquoted values are missing.
  public let nulls: NullMatcher
  /// The field delimiter in use (0 for JSON Lines).
  public let delimiter: UInt8
  /// What the reader decided on its own and the user should hear (a sniffed delimiter
  /// other than `,`), e.g. "delimiter ';' detected (give --delimiter to choose)".
  public let notes: [String]

  /// The input's size when it is a plain regular file (an estimate for sizing buffers).
  let inputSize: Int?
  private let options: ReadOptions
  private let dialect: Dialect
  private let chunks: ChunkSource
  private var pending: Chunk?
  private var consumed = false
  private let keyNames: [[UInt8]]

  /// Opens `path` (`-` for standard input) and reads its header.
  public init(path: String, options: ReadOptions = ReadOptions()) throws {
    let source = try ByteSource(path: path)
    inputSize = source.regularFileSize
    self.options = options
    var dialect = Dialect(options: options, path: path)
    var notes: [String] = []
    if options.delimiter == nil && dialect.format == .csv,
      let sniffed = try Self.sniffDelimiter(source, quote: dialect.quote, options: options)
    {
      dialect.delimiter = sniffed
      notes.append(
        "delimiter \(DelimiterSniffer.name(sniffed)) detected (give --delimiter to choose)")
    }
    self.dialect = dialect
    self.notes = notes
    delimiter = dialect.delimiter
    format = dialect.format
    displayName = source.displayName
    nulls = NullMatcher(tokens: options.nullTokens)
    chunks = ChunkSource(
      source: source, quote: dialect.quote, delimiter: dialect.delimiter,
      chunkSize: options.chunkSize,
      maxRecordBytes: options.maxRecordBytes)
    guard let first = try chunks.next() else {
      throw TableError(
        .emptyInput, "empty input; expected a header row",
        at: SourceLocation(file: source.displayName, line: 1, column: 1, byteOffset: 0))
    }
    // The probe reads a copy: the header record is read again as data in JSON Lines and
    // without a header, and tokenizing unescapes quotes in place.
    let probe = RecordCursor(
      chunk: first.copy(), columnCount: 0, keyNames: [], dialect: dialect, nulls: nulls,
      fileName: source.displayName, lenient: false, discovering: true)
    guard try probe.next() != nil else {
      throw TableError(
        .emptyInput, "empty input; expected a header row",
        at: SourceLocation(file: source.displayName, line: 1, column: 1, byteOffset: 0))
    }
    let fields = probe.discovered
    switch dialect.format {
    case .jsonl:
      keyNames = probe.keyNames
      columns = keyNames.map { String(decoding: $0, as: UTF8.self) }
    case .csv, .tsv:
      keyNames = []
      if !options.hasHeader {
        columns = (1...max(1, fields.count)).map { "column_\($0)" }
        break
      }
      columns = try Self.headerNames(
        fields.map { Array(UnsafeBufferPointer(start: probe.bytes + $0.start, count: $0.length)) },
        file: source.displayName, line: probe.line, offset: probe.byteOffset)
      first.start = probe.position
      first.startLine = probe.currentLine
    }
    pending = first
  }

  /// The delimiter the head of `source` agrees on when it is not `,`; nil keeps `,`.
  /// Ambiguous evidence is refused (65): the user must choose.
  private static func sniffDelimiter(_ source: ByteSource, quote: UInt8?, options: ReadOptions)
    throws -> UInt8?
  {
    // 1 MiB holds the first 1,000 records of most tables; grow only until one record ends.
    var size = 1 << 20
    var head = try source.head(minimum: size)
    while !source.headIsWhole && !head.contains(0x0A) && !head.contains(0x0D)
      && size < options.maxRecordBytes
    {
      size *= 4
      head = try source.head(minimum: size)
    }
    let (outcome, evidence) = DelimiterSniffer.sniff(
      head, whole: source.headIsWhole, quote: quote)
    switch outcome {
    case .chosen(let delimiter):
      return delimiter == UInt8(ascii: ",") ? nil : delimiter
    case .ambiguous:
      let records = evidence.map(\.records).max() ?? 0
      let listed = evidence.map(\.summary).joined(separator: ", ")
      throw CoreError.invalidData(
        "\(source.displayName): cannot tell the field delimiter: in the first \(records) records: "
          + "\(listed); give --delimiter")
    }
  }

  /// Validates header fields: non-empty, unique.
  private static func headerNames(_ fields: [[UInt8]], file: String, line: Int, offset: Int)
    throws
    -> [String]
  {
    var seen: [String: Int] = [:]
    var names: [String] = []
    for (index, bytes) in fields.enumerated() {
      let name = String(decoding: bytes, as: UTF8.self)
      let location = SourceLocation(
        file: file, line: line, column: index + 1, byteOffset: offset)
      if name.isEmpty {
        throw TableError(.emptyHeader, "empty column name in the header", at: location)
      }
      if let earlier = seen[name] {
        throw TableError(
          .duplicateHeader, "duplicate column name '\(name)' (also column \(earlier))",
          at: location)
      }
      seen[name] = index + 1
      names.append(name)
    }
    return names
  }

  private func cursor(for chunk: Chunk) -> RecordCursor {
    RecordCursor(
      chunk: chunk, columnCount: columns.count, keyNames: keyNames, dialect: dialect,
      nulls: nulls, fileName: displayName, lenient: options.lenient)
  }

  private func takeChunk() throws -> Chunk? {
    if let chunk = pending {
      pending = nil
      return chunk
    }
    return try chunks.next()
  }

  private func claim() throws {
    guard !consumed else {
      throw CoreError.internalError("a table can be read only once")
    }
    consumed = true
  }

  /// Maps every chunk on `options.workers` threads and reduces the results in input order.
  ///
  /// The first error in input order is thrown, after every earlier chunk was reduced.
  public func forEachChunk<Partial: Sendable>(
    _ map: @escaping @Sendable (RecordCursor) throws -> Partial,
    reduce: (Partial) throws -> Void
  ) throws {
    try claim()
    let columnCount = columns.count
    let keyNames = keyNames
    let dialect = dialect
    let nulls = nulls
    let fileName = displayName
    let lenient = options.lenient
    let pool = OrderedPool<Chunk, Result<Partial, any Error>>(workers: options.workers) {
      chunk in
      let cursor = RecordCursor(
        chunk: chunk, columnCount: columnCount, keyNames: keyNames, dialect: dialect,
        nulls: nulls, fileName: fileName, lenient: lenient)
      do {
        return .success(try map(cursor))
      } catch {
        return .failure(error)
      }
    }
    defer { pool.shutdown() }
    let maxInFlight = max(1, options.workers) * 2 + 1
    while let chunk = try takeChunk() {
      while pool.inFlight >= maxInFlight, let result = pool.next() {
        try reduce(result.get())
      }
      pool.submit(chunk)
      while let result = pool.nextIfReady() {
        try reduce(result.get())
      }
    }
    while let result = pool.next() {
      try reduce(result.get())
    }
  }

  /// Visits every record in order on the calling thread.
  public func forEachRecord(_ body: (RecordCursor, RecordStatus) throws -> Void) throws {
    try claim()
    while let chunk = try takeChunk() {
      let cursor = cursor(for: chunk)
      while let status = try cursor.next() {
        try body(cursor, status)
      }
    }
  }
}
