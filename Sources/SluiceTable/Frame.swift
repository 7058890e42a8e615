/// One column's fields kept as raw bytes in one arena, with missing values marked.
public struct RawColumn: ColumnAccumulator {
  /// All fields' bytes, back to back.
  public private(set) var bytes: [UInt8] = []
  /// End offset of each field in `bytes`.
  public private(set) var ends: [Int] = []
  /// Whether each field is missing.
  public private(set) var missing: [Bool] = []

  /// An empty column.
  public init() {}

  /// Number of fields.
  public var count: Int { ends.count }

  /// Appends one field.
  @inline(__always)
  public mutating func add(_ field: UnsafeBufferPointer<UInt8>, isNull: Bool) {
    if !isNull { bytes.append(contentsOf: field) }
    ends.append(bytes.count)
    missing.append(isNull)
  }

  /// The fields of `pieces` one after another, in arrays of exactly their size: merging
  /// piece by piece grows each array by doubling, copying it several times and leaving up to
  /// half of it unused (on a table of 100,000 columns, once per column).
  public static func concatenating(_ pieces: [RawColumn]) -> RawColumn {
    var result = RawColumn()
    var byteCount = 0
    var fieldCount = 0
    for piece in pieces {
      byteCount += piece.bytes.count
      fieldCount += piece.ends.count
    }
    result.bytes.reserveCapacity(byteCount)
    result.ends.reserveCapacity(fieldCount)
    result.missing.reserveCapacity(fieldCount)
    for piece in pieces { result.merge(piece) }
    return result
  }

  /// Room for `fields` fields of `bytes` bytes in all, so appending up to that never copies.
  mutating func reserveCapacity(fields: Int, bytes byteCount: Int) {
    bytes.reserveCapacity(byteCount)
    ends.reserveCapacity(fields)
    missing.reserveCapacity(fields)
  }

  /// Appends the fields of the records that follow.
  public mutating func merge(_ later: RawColumn) {
    let shift = bytes.count
    bytes.append(contentsOf: later.bytes)
    // Shifted in place rather than through a mapped temporary: this runs once per chunk and
    // column over every field of the table.
    let start = ends.count
    ends.append(contentsOf: later.ends)
    ends.withUnsafeMutableBufferPointer { buffer in
      for index in start..<buffer.count { buffer[index] += shift }
    }
    missing.append(contentsOf: later.missing)
  }

  /// Calls `body` with the bytes of field `row`.
  @inline(__always)
  public func withField<Result>(_ row: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result)
    -> Result
  {
    let start = row == 0 ? 0 : ends[row - 1]
    return bytes.withUnsafeBufferPointer { buffer in
      body(UnsafeBufferPointer(rebasing: buffer[start..<ends[row]]))
    }
  }

  /// Field `row` as a string, nil when missing.
  public func string(_ row: Int) -> String? {
    missing[row] ? nil : withField(row) { String(decoding: $0, as: UTF8.self) }
  }
}

/// A whole table in memory, column by column, for training and scoring.
public struct Frame: Sendable {
  /// Column names in table order.
  public let names: [String]
  /// The columns' raw fields.
  public let columns: [RawColumn]
  /// Data rows.
  public let rows: Int
  /// Physical line of each row, for messages.
  public let lines: [Int]
  /// The index of each name (its first column): a lookup per column must not scan the names,
  /// or a table of 100,000 columns costs 10^10 string comparisons.
  private let positions: [String: Int]

  /// A frame of these columns.
  public init(names: [String], columns: [RawColumn], rows: Int, lines: [Int]) {
    self.names = names
    self.columns = columns
    self.rows = rows
    self.lines = lines
    var positions: [String: Int] = [:]
    positions.reserveCapacity(names.count)
    for (index, name) in names.enumerated() where positions[name] == nil {
      positions[name] = index
    }
    self.positions = positions
  }

  /// Reads every record of `reader` (chunks in parallel, assembled in input order).
  ///
  /// No column grows by doubling, which copies it several times and leaves up to half of it
  /// unused (on a table of 100,000 columns, once per column). When the input's size is known,
  /// each column is reserved once, from the first chunk's share of the input with a margin,
  /// and each chunk's columns are appended and freed as they come; otherwise the chunks'
  /// columns are kept and joined at the end at their exact sizes, which holds the table twice
  /// while they are joined (issue 12: 1.5 GB more at 1,000 × 100,000).
  public static func read(_ reader: TableReader) throws -> Frame {
    let count = reader.columns.count
    let template = [RawColumn](repeating: RawColumn(), count: count)
    var total: [RawColumn] = []
    var streaming = false
    // The chunks' columns, joined at the end at their exact sizes, when not streaming.
    var pieces: [[RawColumn]] = []
    var lines: [Int] = []
    try reader.forEachChunk(
      { cursor in
        var columns = template
        var chunkLines: [Int] = []
        // Records go through a batch and into the columns a run at a time: appending each
        // record to every column touches three arrays per column per record, and once a
        // wide table's columns exceed the cache every field was a miss (the cost per cell
        // grew with the width). The tokenizer's fields stay valid until the chunk is done.
        let batch = FieldBatch(columnCount: count)
        let chunk = cursor.chunk
        var reserved = false
        try columns.withUnsafeMutableBufferPointer { raw in
          func flush() {
            if !reserved {
              // The first run's records stand for the chunk's, plus 10%: each column is
              // reserved once instead of growing through a dozen small reallocations, which
              // on a wide table made the allocator's work grow faster than the cells.
              reserved = true
              let consumed = max(1, cursor.position - chunk.start)
              let scale = 1.1 * Double(max(consumed, chunk.count - chunk.start)) / Double(consumed)
              for index in 0..<count {
                let column = batch.column(index, of: cursor)
                var bytes = 0
                for row in 0..<column.count { bytes += column.lengths[row] }
                raw[index].reserveCapacity(
                  fields: Int(Double(column.count) * scale) + 8,
                  bytes: Int(Double(bytes) * scale) + 8)
              }
            }
            for index in 0..<count { raw[index].add(batch.column(index, of: cursor)) }
            batch.count = 0
          }
          while let status = try cursor.next() {
            guard case .record = status else { continue }
            chunkLines.append(cursor.line)
            batch.append(cursor)
            if batch.isFull { flush() }
          }
          if batch.count > 0 { flush() }
        }
        let extent = ChunkExtent(
          recordBytes: chunk.count - chunk.start, end: chunk.byteOffset + chunk.count)
        return (columns, chunkLines, extent)
      },
      reduce: { partial in
        let (columns, chunkLines, extent) = partial
        if lines.isEmpty && pieces.isEmpty, let size = reader.inputSize,
          extent.recordBytes > 0, !chunkLines.isEmpty
        {
          // The first chunk's records stand for the rest of the input, plus 5%.
          let scale =
            1.05 * Double(max(0, size - extent.end) + extent.recordBytes)
            / Double(extent.recordBytes)
          func estimate(_ n: Int) -> Int { Int(min(Double(Int.max >> 4), Double(n) * scale)) + 16 }
          total = template
          for index in 0..<count {
            total[index].reserveCapacity(
              fields: estimate(chunkLines.count), bytes: estimate(columns[index].bytes.count))
          }
          streaming = true
        }
        lines += chunkLines
        if streaming {
          for index in 0..<count { total[index].merge(columns[index]) }
        } else {
          pieces.append(columns)
        }
      })
    if !streaming {
      total.reserveCapacity(count)
      for index in 0..<count {
        total.append(RawColumn.concatenating(pieces.map { $0[index] }))
        // Each chunk's copy of the column is freed as soon as it is joined.
        for chunk in pieces.indices { pieces[chunk][index] = RawColumn() }
      }
    }
    return Frame(names: reader.columns, columns: total, rows: lines.count, lines: lines)
  }

  /// Where a chunk's records lie in the input, for estimating the whole from the first.
  struct ChunkExtent: Sendable {
    /// Bytes of the chunk's records (the header excluded).
    var recordBytes: Int
    /// Offset just past the chunk.
    var end: Int
  }

  /// The index of column `name`.
  public func index(of name: String) -> Int? { positions[name] }
}

extension Frame {
  /// The frame restricted to `rows` (in that order).
  public func selecting(_ rows: [Int]) -> Frame {
    let picked = columns.map { column -> RawColumn in
      var result = RawColumn()
      for row in rows {
        column.withField(row) { result.add($0, isNull: column.missing[row]) }
      }
      return result
    }
    return Frame(names: names, columns: picked, rows: rows.count, lines: rows.map { lines[$0] })
  }
}
