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

  /// `scan` for a block without carriage returns: jumps between quotes with `memchr`, and
  /// between line feeds within the stretches between quotes.
  func scanLineFeedsOnly(_ base: UnsafePointer<UInt8>, count: Int) -> Cut {
    let lf: UInt8 = 0x0A
    var inQuote = false
    var openedAt = 0
    var closedAt = -2
    var lines = 0
    var boundary: Int? = nil
    var boundaryLines = 0
    var position = 0
    while true {
      var quoteAt = count
      if let quote, position < count,
        let found = memchr(base + position, Int32(quote), count - position)
      {
        quoteAt = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
      }
      var at = position
      while at < quoteAt, let found = memchr(base + at, Int32(lf), quoteAt - at) {
        let index = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
        lines += 1
        if !inQuote {
          boundary = index + 1
          boundaryLines = lines
        }
        at = index + 1
      }
      if quoteAt >= count { break }
      if inQuote {
        inQuote = false
        closedAt = quoteAt
      } else if quoteAt == 0 || quoteAt - 1 == closedAt || base[quoteAt - 1] == delimiter
        || base[quoteAt - 1] == lf
      {
        inQuote = true
        openedAt = quoteAt
      }
      position = quoteAt + 1
    }
    return Cut(boundary: boundary, lines: boundaryLines, openQuote: inQuote ? openedAt : nil)
  }

  /// `scan` for any block, eight bytes at a time.
  func scanWords(_ base: UnsafePointer<UInt8>, count: Int, atEnd: Bool) -> Cut {
    let lf: UInt8 = 0x0A
    let cr: UInt8 = 0x0D
    let quoteByte = quote ?? 0x0A
    let lfPattern = ByteWord.splat(lf)
    let crPattern = ByteWord.splat(cr)
    let quotePattern = ByteWord.splat(quoteByte)
    var inQuote = false
    var openedAt = 0
    var closedAt = -2
    var lines = 0
    var boundary: Int? = nil
    var boundaryLines = 0
    var index = 0

    @inline(__always) func visit(_ at: Int) {
      let byte = base[at]
      if byte == quoteByte, quote != nil {
        if inQuote {
          inQuote = false
          closedAt = at
        } else if at == 0 || at - 1 == closedAt || base[at - 1] == delimiter || base[at - 1] == lf
          || base[at - 1] == cr
        {
          inQuote = true
          openedAt = at
        }
      } else if byte == lf {
        lines += 1
        if !inQuote {
          boundary = at + 1
          boundaryLines = lines
        }
      } else if byte == cr {
        if at + 1 < count {
          if base[at + 1] != lf {
            lines += 1
            if !inQuote {
              boundary = at + 1
              boundaryLines = lines
            }
          }
        } else if atEnd {
          lines += 1
          if !inQuote {
            boundary = at + 1
            boundaryLines = lines
          }
        }
      }
    }

    let raw = UnsafeRawPointer(base)
    while index + 8 <= count {
      let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      if ByteWord.flags(word, lfPattern) != 0 || ByteWord.flags(word, crPattern) != 0
        || (quote != nil && ByteWord.flags(word, quotePattern) != 0)
      {
        for at in index..<(index + 8) { visit(at) }
      }
      index += 8
    }
    while index < count {
      visit(index)
      index += 1
    }
    return Cut(boundary: boundary, lines: boundaryLines, openQuote: inQuote ? openedAt : nil)
  }
}
