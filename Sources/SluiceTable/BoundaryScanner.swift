#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finds the last record boundary in a block of bytes and counts physical lines up to it.
///
/// Quote state follows the tokenizer's rule exactly: a quote opens a quoted field only at the
/// start of a field (or right after a closing quote, which makes a doubled `""`); any other
/// quote outside a quoted field is data. So a chunk never starts inside a quoted field, even
/// after a malformed record.
/// Blocks without a carriage return, the usual case, are scanned with `memchr` from quote to
/// quote, so the scan costs a call per line; others are examined eight bytes at a time, and
/// only words holding a quote or a line break are looked at byte by byte.
struct BoundaryScanner: Sendable {
  /// The quote byte, or nil when quoting is off (TSV, JSON Lines).
  let quote: UInt8?
  /// The field delimiter (a quote right after it opens a quoted field).
  let delimiter: UInt8

  /// The result of scanning one block.
  struct Cut: Equatable {
    /// Offset just past the last line break outside quotes, or nil when there is none.
    var boundary: Int?
    /// Physical lines ended before `boundary`.
    var lines: Int
    /// Offset of the opening quote still open at the end of the block, if any.
    var openQuote: Int?
  }

  /// Scans `count` bytes starting outside quotes; `atEnd` says no more input follows them.
  func scan(_ base: UnsafePointer<UInt8>, count: Int, atEnd: Bool) -> Cut {
    if count > 0 && memchr(base, 0x0D, count) == nil {
      return scanLineFeedsOnly(base, count: count)
    }
    return scanWords(base, count: count, atEnd: atEnd)
  }

  /// The quote state and the last boundary while a block is scanned, with the quote rule in
  /// one place for both ways of scanning.
  private struct State {
    var inQuote = false
    var openedAt = 0
    var closedAt = -2
    var lines = 0
    var boundary: Int? = nil
    var boundaryLines = 0

    /// A quote byte at `at`: it closes an open quoted field, or opens one at a field start.
    @inline(__always)
    mutating func quote(at: Int, in base: UnsafePointer<UInt8>, delimiter: UInt8) {
      if inQuote {
        inQuote = false
        closedAt = at
        return
      }
      if at == 0 || at - 1 == closedAt {
        inQuote = true
      } else {
        let before = base[at - 1]
        inQuote = before == delimiter || before == 0x0A || before == 0x0D
      }
      if inQuote { openedAt = at }
    }

    /// A line ending just before `next`: a record boundary unless inside quotes.
    @inline(__always)
    mutating func lineEnd(before next: Int) {
      lines += 1
      if !inQuote {
        boundary = next
        boundaryLines = lines
      }
    }

    var cut: Cut {
      Cut(boundary: boundary, lines: boundaryLines, openQuote: inQuote ? openedAt : nil)
    }
  }

  /// `scan` for a block without carriage returns: jumps between quotes with `memchr`, and
  /// between line feeds within the stretches between quotes.
  func scanLineFeedsOnly(_ base: UnsafePointer<UInt8>, count: Int) -> Cut {
    var state = State()
    var position = 0
    while true {
      var quoteAt = count
      if let quote, position < count,
        let found = memchr(base + position, Int32(quote), count - position)
      {
        quoteAt = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
      }
      var at = position
      while at < quoteAt, let found = memchr(base + at, 0x0A, quoteAt - at) {
        at = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
        state.lineEnd(before: at)
      }
      if quoteAt >= count { break }
      state.quote(at: quoteAt, in: base, delimiter: delimiter)
      position = quoteAt + 1
    }
    return state.cut
  }

  /// `scan` for any block, eight bytes at a time.
  func scanWords(_ base: UnsafePointer<UInt8>, count: Int, atEnd: Bool) -> Cut {
    let lf: UInt8 = 0x0A
    let cr: UInt8 = 0x0D
    let quoteByte = quote ?? lf
    let lfPattern = PackedBytes.splat(lf)
    let crPattern = PackedBytes.splat(cr)
    let quotePattern = PackedBytes.splat(quoteByte)
    var state = State()

    @inline(__always) func visit(_ at: Int) {
      let byte = base[at]
      if byte == quoteByte, quote != nil {
        state.quote(at: at, in: base, delimiter: delimiter)
      } else if byte == lf {
        state.lineEnd(before: at + 1)
      } else if byte == cr {
        // CR LF ends at the LF; a lone CR ends a line, unless the block may continue with LF.
        if at + 1 < count ? base[at + 1] != lf : atEnd { state.lineEnd(before: at + 1) }
      }
    }

    let raw = UnsafeRawPointer(base)
    var index = 0
    while index + 8 <= count {
      let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      if PackedBytes.flags(word, lfPattern) != 0 || PackedBytes.flags(word, crPattern) != 0
        || (quote != nil && PackedBytes.flags(word, quotePattern) != 0)
      {
        for at in index..<(index + 8) { visit(at) }
      }
      index += 8
    }
    while index < count {
      visit(index)
      index += 1
    }
    return state.cut
  }
}
