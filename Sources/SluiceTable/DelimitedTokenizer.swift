extension RecordCursor {
  /// Stores field `index` of the current record (or counts it, past the last column).
  @inline(__always)
  func store(_ index: Int, start: Int, length: Int, flag: UInt8) {
    if discovering {
      discovered.append((start, length, flag))
    } else if index < columnCount {
      starts[index] = start
      lengths[index] = length
      flags[index] = flag
    }
  }

  /// Tokenizes one CSV or TSV record (RFC 4180 when quoting is on).
  func nextDelimited() throws(TableError) -> RecordStatus? {
    let data = bytes
    let limit = end
    let delimiter = dialect.delimiter
    let quoting = dialect.quote != nil
    let quote = dialect.quote ?? 0
    var pos = position
    // Blank lines carry no record, except in a one-column table where they are empty values.
    if columnCount != 1 || discovering {
      while pos < limit {
        let byte = data[pos]
        if byte == 0x0A {
          pos += 1
        } else if byte == 0x0D {
          pos += 1
          if pos < limit && data[pos] == 0x0A { pos += 1 }
        } else {
          break
        }
        currentLine += 1
      }
    }
    position = pos
    if pos >= limit { return nil }
    line = currentLine
    byteOffset = chunkBase + pos
    if discovering { discovered.removeAll(keepingCapacity: true) }
    var fieldIndex = 0
    while true {
      if quoting && pos < limit && data[pos] == quote {
        let quoteAt = pos
        let quoteLine = currentLine
        pos += 1
        let start = pos
        var write = pos
        var closed = false
        while pos < limit {
          let byte = data[pos]
          if byte == quote {
            if pos + 1 < limit && data[pos + 1] == quote {
              data[write] = quote
              write += 1
              pos += 2
              continue
            }
            pos += 1
            closed = true
            break
          }
          if byte == 0x0A {
            currentLine += 1
          } else if byte == 0x0D && (pos + 1 >= limit || data[pos + 1] != 0x0A) {
            currentLine += 1
          }
          if write != pos { data[write] = byte }
          write += 1
          pos += 1
        }
        if !closed {
          finished = true
          position = limit
          let reason =
            truncated
            ? "unterminated quote: the quoted field runs past the record size limit"
            : "unterminated quote: the quoted field runs to the end of the input"
          return try fail(
            .unterminatedQuote, reason, line: quoteLine, column: fieldIndex + 1, offset: quoteAt)
        }
        store(fieldIndex, start: start, length: write - start, flag: Self.quotedFlag)
        if pos < limit {
          let after = data[pos]
          if after != delimiter && after != 0x0A && after != 0x0D {
            position = pos
            skipLine()
            return try fail(
              .textAfterQuote,
              "unexpected '\(Self.printable(after))' after a closing quote; expected a delimiter or a line end",
              line: line, column: fieldIndex + 1, offset: pos)
          }
        }
      } else {
        let start = pos
        while pos < limit && special[Int(data[pos])] == 0 { pos += 1 }
        if quoting && pos < limit && data[pos] == quote {
          position = pos
          skipLine()
          return try fail(
            .strayQuote,
            "stray quote in an unquoted field; quote the whole field and double the quote",
            line: line, column: fieldIndex + 1, offset: pos)
        }
        store(fieldIndex, start: start, length: pos - start, flag: 0)
      }
      fieldIndex += 1
      if pos >= limit { break }
      let byte = data[pos]
      pos += 1
      if byte == delimiter { continue }
      if byte == 0x0D && pos < limit && data[pos] == 0x0A { pos += 1 }
      currentLine += 1
      break
    }
    position = pos
    if pos >= limit && truncated {
      finished = true
      return try fail(
        .recordTooLong, "record is longer than the record size limit", line: line, column: 1,
        offset: byteOffset - chunkBase)
    }
    if !discovering && fieldIndex != columnCount {
      return try fail(
        .fieldCount, "expected \(columnCount) fields, found \(fieldIndex)", line: line,
        column: min(fieldIndex, columnCount + 1), offset: byteOffset - chunkBase)
    }
    return .record
  }

  /// A byte as it should appear in a message.
  static func printable(_ byte: UInt8) -> String {
    if byte >= 0x20 && byte < 0x7F { return String(UnicodeScalar(byte)) }
    return "\\x" + String(byte, radix: 16, uppercase: true)
  }
}
