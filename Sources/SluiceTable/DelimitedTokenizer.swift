extension RecordCursor {
  /// The first problem found in the record being tokenized; reported when the record ends,
  /// so a malformed record is always skipped whole, exactly as the chunk cutter sees it.
  struct Problem {
    var kind: TableError.Kind
    var message: String
    var column: Int
    var offset: Int
  }

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
  ///
  /// A quote opens a quoted field only at the start of a field; anywhere else it is a stray
  /// quote, kept as data and reported. The chunk cutter (`BoundaryScanner`) follows the same
  /// rule, so a malformed record never shifts where later records start.
  func nextDelimited() throws(TableError) -> RecordStatus? {
    let data = bytes
    let limit = end
    let delimiter = dialect.delimiter
    let quoting = dialect.quote != nil
    let quote = dialect.quote ?? 0
    let delimiterPattern = PackedBytes.splat(delimiter)
    // Without quoting a line feed stands in for the quote: it is special anyway.
    let quotePattern = PackedBytes.splat(dialect.quote ?? 0x0A)
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
    var problem: Problem? = nil
    var fieldIndex = 0
    while true {
      var start = pos
      var flag: UInt8 = 0
      var length = 0
      if quoting && pos < limit && data[pos] == quote {
        let quoteAt = pos
        let quoteLine = currentLine
        pos += 1
        start = pos
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
        flag = Self.quotedFlag
        length = write - start
        if pos < limit {
          let after = data[pos]
          if after != delimiter && after != 0x0A && after != 0x0D && problem == nil {
            problem = Problem(
              kind: .textAfterQuote,
              message:
                "unexpected '\(Self.printable(after))' after a closing quote; expected a delimiter or a line end",
              column: fieldIndex + 1, offset: pos)
          }
        }
      }
      // The unquoted part of the field (all of it, unless it started with a quote).
      while pos < limit {
        if pos + 8 <= limit {
          // Eight bytes at a time: the first delimiter, line break or quote is the lowest
          // flagged byte (the flags above a true match may be false; those below never are).
          let word = UnsafeRawPointer(data + pos).loadUnaligned(as: UInt64.self)
          let found =
            PackedBytes.flags(word, delimiterPattern)
            | PackedBytes.flags(word, PackedBytes.lineFeeds)
            | PackedBytes.flags(word, PackedBytes.carriageReturns)
            | PackedBytes.flags(word, quotePattern)
          if found == 0 {
            pos += 8
            continue
          }
          pos += found.trailingZeroBitCount >> 3
        } else if special[Int(data[pos])] == 0 {
          pos += 1
          continue
        }
        guard quoting && data[pos] == quote else { break }
        if problem == nil {
          problem = Problem(
            kind: .strayQuote,
            message: "stray quote in an unquoted field; quote the whole field and double the quote",
            column: fieldIndex + 1, offset: pos)
        }
        pos += 1
      }
      if flag == 0 { length = pos - start }
      store(fieldIndex, start: start, length: length, flag: flag)
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
    if let problem {
      return try fail(
        problem.kind, problem.message, line: line, column: problem.column, offset: problem.offset)
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
