extension RecordCursor {
  /// Tokenizes the next record if it is a plain one: no quote anywhere, no blank line before
  /// it, line ends LF or CRLF, exactly `columnCount` fields, and whole words to read up to its
  /// end. Returns false, having changed nothing, for any other record; `nextDelimited` then
  /// reads it with every rule and diagnostic.
  ///
  /// Eight bytes are classified at a time and every delimiter in them is taken from the one
  /// mask, so a word is examined once however many fields it holds; a word with no line
  /// break or quote costs a handful of operations.
  @inline(__always)
  func nextPlainRecord() -> Bool {
    let data = bytes
    let limit = end
    let start = position
    guard start < limit, columnCount > 1 else { return false }
    let first = data[start]
    if first == 0x0A || first == 0x0D { return false }
    let delimiters = ByteWord.splat(dialect.delimiter)
    let quotes = ByteWord.splat(dialect.quote ?? 0x0A)
    let raw = UnsafeRawPointer(data)
    var fieldIndex = 0
    var fieldStart = start
    var wordStart = start
    while wordStart + 8 <= limit {
      let word = raw.loadUnaligned(fromByteOffset: wordStart, as: UInt64.self)
      // Bytes below 0x0E are line breaks or rare control bytes; either way look closer.
      let rare =
        (word &- 0x0E0E_0E0E_0E0E_0E0E) & ~word & 0x8080_8080_8080_8080
        | ByteWord.flags(word, quotes)
      var marks = ByteWord.exactFlags(word, delimiters)
      if rare != 0 {
        marks |=
          ByteWord.exactFlags(word, ByteWord.lineFeeds)
          | ByteWord.exactFlags(word, ByteWord.carriageReturns)
          | ByteWord.exactFlags(word, quotes)
      }
      while marks != 0 {
        let at = wordStart + marks.trailingZeroBitCount >> 3
        marks &= marks &- 1
        let byte = data[at]
        if byte == dialect.delimiter {
          guard fieldIndex < columnCount - 1 else { return false }
          starts[fieldIndex] = fieldStart
          lengths[fieldIndex] = at - fieldStart
          flags[fieldIndex] = 0
          fieldIndex += 1
          fieldStart = at + 1
          continue
        }
        var next = at + 1
        if byte == 0x0D {
          guard next < limit, data[next] == 0x0A else { return false }
          next += 1
        } else if byte != 0x0A {
          return false  // a quote: the general reader applies the quoting rules
        }
        guard fieldIndex == columnCount - 1 else { return false }
        starts[fieldIndex] = fieldStart
        lengths[fieldIndex] = at - fieldStart
        flags[fieldIndex] = 0
        line = currentLine
        byteOffset = chunkBase + start
        currentLine += 1
        position = next
        return true
      }
      wordStart += 8
    }
    return false
  }
}
