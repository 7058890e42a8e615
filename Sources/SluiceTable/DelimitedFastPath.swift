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
    readPlainRecord(starts: starts, lengths: lengths, flags: flags, stride: 1, before: .max)
  }

  /// Appends plain records (see `nextPlainRecord`) to `batch` until it is full or the next
  /// record is not plain or holds the next invalid UTF-8 byte; returns how many. The fields
  /// go straight into the batch's columns, with no call or copy per record.
  @usableFromInline
  func appendPlainRecords(to batch: FieldBatch) -> Int {
    guard !discovering, dialect.format != .jsonl else { return 0 }
    let invalid = invalidIndex < invalidUTF8.count ? invalidUTF8[invalidIndex] : .max
    var added = 0
    while batch.count < batch.capacity {
      let row = batch.count
      guard
        readPlainRecord(
          starts: batch.starts + row, lengths: batch.lengths + row, flags: batch.flags + row,
          stride: batch.capacity, before: invalid)
      else { break }
      batch.count = row + 1
      added += 1
    }
    return added
  }

  /// `nextPlainRecord`, storing field `i` at offset `i · stride` of `starts`, `lengths` and
  /// `flags`, and declining a record that reaches the byte at `before`.
  @inline(__always)
  func readPlainRecord(
    starts: UnsafeMutablePointer<Int>, lengths: UnsafeMutablePointer<Int>,
    flags: UnsafeMutablePointer<UInt8>, stride: Int, before: Int
  ) -> Bool {
    let data = bytes
    let limit = end
    let start = position
    guard start < limit, columnCount > 1 else { return false }
    let first = data[start]
    if first == 0x0A || first == 0x0D { return false }
    let delimiters = PackedBytes.splat(dialect.delimiter)
    let quotes = PackedBytes.splat(dialect.quote ?? 0x0A)
    let raw = UnsafeRawPointer(data)
    var fieldIndex = 0
    var fieldStart = start
    var wordStart = start
    while wordStart + 8 <= limit {
      let word = raw.loadUnaligned(fromByteOffset: wordStart, as: UInt64.self)
      // Bytes below 0x0E are line breaks or rare control bytes; either way look closer.
      let rare =
        (word &- 0x0E0E_0E0E_0E0E_0E0E) & ~word & 0x8080_8080_8080_8080
        | PackedBytes.flags(word, quotes)
      var marks = PackedBytes.exactFlags(word, delimiters)
      if rare != 0 {
        marks |=
          PackedBytes.exactFlags(word, PackedBytes.lineFeeds)
          | PackedBytes.exactFlags(word, PackedBytes.carriageReturns)
          | PackedBytes.exactFlags(word, quotes)
      }
      while marks != 0 {
        let at = wordStart + marks.trailingZeroBitCount >> 3
        marks &= marks &- 1
        let byte = data[at]
        if byte == dialect.delimiter {
          guard fieldIndex < columnCount - 1 else { return false }
          let slot = fieldIndex &* stride
          starts[slot] = fieldStart
          lengths[slot] = at - fieldStart
          flags[slot] = 0
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
        guard fieldIndex == columnCount - 1, next <= before else { return false }
        let slot = fieldIndex &* stride
        starts[slot] = fieldStart
        lengths[slot] = at - fieldStart
        flags[slot] = 0
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
