#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A run of whole records in one buffer, with where it sits in the input.
final class Chunk: @unchecked Sendable {
  /// Position of the chunk in the input, from 0.
  let index: Int
  /// The bytes; the tokenizer may rewrite them in place (unescaping quotes).
  let bytes: UnsafeMutablePointer<UInt8>
  /// Allocated size of `bytes`.
  let capacity: Int
  /// Bytes of records in the chunk.
  let count: Int
  /// Physical line number (1-based) of the chunk's first byte.
  let firstLine: Int
  /// Byte offset of the chunk's first byte in the input.
  let byteOffset: Int
  /// Whether this is the last chunk of the input.
  let isLast: Bool
  /// Whether the chunk was cut short by the record size limit.
  let truncated: Bool
  /// Where the first record starts (after the header in the first chunk).
  var start: Int = 0
  /// Physical line number of `start`.
  var startLine: Int

  init(
    index: Int, bytes: UnsafeMutablePointer<UInt8>, capacity: Int, count: Int, firstLine: Int,
    byteOffset: Int, isLast: Bool, truncated: Bool
  ) {
    self.index = index
    self.bytes = bytes
    self.capacity = capacity
    self.count = count
    self.firstLine = firstLine
    self.byteOffset = byteOffset
    self.isLast = isLast
    self.truncated = truncated
    self.startLine = firstLine
  }

  deinit { bytes.deallocate() }

  /// A copy with its own buffer, for reading a record twice (the tokenizer unescapes in place).
  func copy() -> Chunk {
    let duplicate = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, count))
    duplicate.update(from: bytes, count: count)
    let result = Chunk(
      index: index, bytes: duplicate, capacity: max(1, count), count: count,
      firstLine: firstLine, byteOffset: byteOffset, isLast: isLast, truncated: truncated)
    result.start = start
    result.startLine = startLine
    return result
  }
}

/// Cuts an input into chunks of whole records, each at most about `chunkSize` bytes.
///
/// A chunk ends at the last record boundary within the first `chunkSize` bytes after its start,
/// so the cut depends only on the bytes, never on how reads return or on thread count.
///
/// After the first chunk a chunk size of at least the default grows, when records are long,
/// to hold `minimumRecords` of the first chunk's average record: every chunk costs work per
/// column (accumulators made, flushed and merged), so a wide table cut into chunks of a few
/// records would cost columns² per row, and chunks of fewer records for wider records would
/// make a cell dearer the wider its table. No cap: a chunk may exceed the record size limit
/// (64 records of 6 bytes a cell is ~400 bytes a column, against kilobytes of per-column
/// state in any accumulator), and the limit still holds exactly, since the boundary is looked
/// for one limit's worth of bytes at a time (`lastBoundary`). The size still depends only on
/// the bytes. A smaller chunk size, as tests give to force many chunks, is kept as given.
final class ChunkSource {
  /// Records a chunk should hold at least, judged by the first chunk's average record.
  static let minimumRecords = 64
  private let source: ByteSource
  private let scanner: BoundaryScanner
  private var chunkSize: Int
  private let maxRecordBytes: Int
  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private var filled = 0
  private var atEnd = false
  private var nextIndex = 0
  private var nextLine = 1
  private var nextOffset = 0
  private var checkedBOM = false

  init(source: ByteSource, quote: UInt8?, delimiter: UInt8, chunkSize: Int, maxRecordBytes: Int) {
    self.source = source
    self.scanner = BoundaryScanner(quote: quote, delimiter: delimiter)
    self.chunkSize = max(64, chunkSize)
    self.maxRecordBytes = max(self.chunkSize, maxRecordBytes)
    self.capacity = self.chunkSize
    self.buffer = .allocate(capacity: self.chunkSize)
  }

  deinit { buffer.deallocate() }

  /// The next chunk, or nil at the end of the input.
  func next() throws -> Chunk? {
    while true {
      while filled < capacity && !atEnd {
        let got = try source.read(into: buffer + filled, count: capacity - filled)
        if got == 0 { atEnd = true } else { filled += got }
      }
      if !checkedBOM {
        checkedBOM = true
        if filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
          memmove(buffer, buffer + 3, filled - 3)
          filled -= 3
          nextOffset = 3
          continue
        }
      }
      if filled == 0 { return nil }
      if atEnd { return emit(count: filled, lines: 0, isLast: true, truncated: false) }
      let cut = lastBoundary()
      if let boundary = cut.boundary {
        return emit(count: boundary, lines: cut.lines, isLast: false, truncated: false)
      }
      if filled >= maxRecordBytes {
        // One record is longer than the limit: hand the limit's worth of it to the tokenizer,
        // which names the open quote (or the overlong record) at its exact place; reading
        // stops there, so the bytes past the limit are dropped.
        filled = maxRecordBytes
        return emit(count: filled, lines: 0, isLast: true, truncated: true)
      }
      // No boundary in fewer bytes than the limit. Capped at the limit, so the check above
      // fires at the limit: doubling an odd-sized buffer could otherwise overshoot it.
      let grownCapacity = min(capacity * 2, maxRecordBytes)
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: grownCapacity)
      grown.update(from: buffer, count: filled)
      buffer.deallocate()
      buffer = grown
      capacity = grownCapacity
    }
  }

  /// The last record boundary in the filled bytes before which no record is longer than the
  /// record size limit (nil when the first record has not ended yet, or runs past the limit).
  ///
  /// Scanned one window of at most the limit at a time, each from the boundary the previous
  /// one found (a record start, outside quotes): a window without a boundary holds a record
  /// longer than the limit, which the next chunk starts with and is refused. A chunk no larger
  /// than the limit is one scan, as before; a larger one rescans at most one record a window.
  private func lastBoundary() -> BoundaryScanner.Cut {
    var end = 0
    var lines = 0
    while end < filled {
      let window = min(filled - end, maxRecordBytes)
      let cut = scanner.scan(buffer + end, count: window, atEnd: false)
      guard let boundary = cut.boundary else { break }
      end += boundary
      lines += cut.lines
      if window < maxRecordBytes { break }
    }
    return BoundaryScanner.Cut(boundary: end > 0 ? end : nil, lines: lines, openQuote: nil)
  }

  private func emit(count: Int, lines: Int, isLast: Bool, truncated: Bool) -> Chunk {
    let chunk = Chunk(
      index: nextIndex, bytes: buffer, capacity: capacity, count: count, firstLine: nextLine,
      byteOffset: nextOffset, isLast: isLast, truncated: truncated)
    if nextIndex == 0 && !isLast && lines > 0 && chunkSize >= ReadOptions.defaultChunkSize {
      let wanted = count / lines * Self.minimumRecords
      chunkSize = max(chunkSize, wanted)
    }
    let rest = filled - count
    let freshCapacity = max(chunkSize, rest * 2)
    let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: freshCapacity)
    if rest > 0 { fresh.update(from: buffer + count, count: rest) }
    buffer = fresh
    capacity = freshCapacity
    filled = rest
    nextIndex += 1
    nextLine += lines
    nextOffset += count
    if isLast { atEnd = true }
    return chunk
  }
}
