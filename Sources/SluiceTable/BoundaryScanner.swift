/// Finds the last record boundary in a block of bytes and counts physical lines up to it.
///
/// Quote state follows the tokenizer's rule exactly: a quote opens a quoted field only at the
/// start of a field (or right after a closing quote, which makes a doubled `""`); any other
/// quote outside a quoted field is data. So a chunk never starts inside a quoted field, even
/// after a malformed record.
/// Eight bytes are examined at a time and only words holding a quote or a line break are
/// looked at byte by byte.
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

  @inline(__always)
  private static func hasByte(_ word: UInt64, _ pattern: UInt64) -> Bool {
    let x = word ^ pattern
    return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
  }

  private static func splat(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

  /// Scans `count` bytes starting outside quotes; `atEnd` says no more input follows them.
  func scan(_ base: UnsafePointer<UInt8>, count: Int, atEnd: Bool) -> Cut {
    let lf: UInt8 = 0x0A
    let cr: UInt8 = 0x0D
    let quoteByte = quote ?? 0x0A
    let lfPattern = Self.splat(lf)
    let crPattern = Self.splat(cr)
    let quotePattern = Self.splat(quoteByte)
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
      if Self.hasByte(word, lfPattern) || Self.hasByte(word, crPattern)
        || (quote != nil && Self.hasByte(word, quotePattern))
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
