extension RecordCursor {
  /// Tokenizes one JSON Lines record: a flat object whose keys name the columns.
  func nextJSONLine() throws(TableError) -> RecordStatus? {
    let data = bytes
    let limit = end
    var pos = position
    // Skip blank (whitespace-only) lines.
    while pos < limit {
      var probe = pos
      while probe < limit && (data[probe] == 0x20 || data[probe] == 0x09) { probe += 1 }
      if probe < limit && (data[probe] == 0x0A || data[probe] == 0x0D) {
        pos = probe + 1
        if data[probe] == 0x0D && pos < limit && data[pos] == 0x0A { pos += 1 }
        currentLine += 1
        continue
      }
      if probe >= limit { pos = limit }
      break
    }
    position = pos
    if pos >= limit { return nil }
    line = currentLine
    byteOffset = chunkBase + pos
    var lineEnd = pos
    while lineEnd < limit && data[lineEnd] != 0x0A { lineEnd += 1 }
    let next = min(lineEnd + 1, limit)
    var stop = lineEnd
    if stop > pos && data[stop - 1] == 0x0D { stop -= 1 }
    if discovering {
      discovered.removeAll(keepingCapacity: true)
      keyNames.removeAll()
    } else {
      for index in 0..<columnCount {
        flags[index] = Self.missingFlag
        lengths[index] = 0
        starts[index] = pos
      }
    }
    recordSerial += 1
    lastKeyIndex = -1
    var parser = JSONLineParser(data: data, position: pos, end: stop)
    var column = 0
    do {
      try parser.expectObjectStart()
      while let key = try parser.nextKey() {
        column += 1
        let value = try parser.value(key: key)
        try place(key: key, value: value)
      }
      try parser.expectLineEnd()
    } catch let error as JSONLineParser.Failure {
      position = next
      currentLine += 1
      return try fail(
        .invalidJSON, error.message, line: line, column: max(1, column), offset: error.offset)
    } catch {
      position = next
      currentLine += 1
      return try fail(.invalidJSON, "\(error)", line: line, column: max(1, column), offset: pos)
    }
    position = next
    currentLine += 1
    return .record
  }

  /// Puts one key's value into its column, or learns the column when discovering.
  private func place(
    key: (start: Int, length: Int), value: JSONLineParser.Value
  ) throws {
    let name = UnsafeBufferPointer(start: bytes + key.start, count: key.length)
    if discovering {
      if keyNames.contains(where: { $0.elementsEqual(name) }) {
        throw JSONLineParser.Failure(
          message: "duplicate key '\(String(decoding: name, as: UTF8.self))'",
          offset: key.start)
      }
      keyNames.append(Array(name))
      discovered.append((value.start, value.length, value.flag))
      return
    }
    var index = -1
    let guess = lastKeyIndex + 1
    if guess < columnCount && keyNames[guess].elementsEqual(name) {
      index = guess
    } else if let found = keyNames.firstIndex(where: { $0.elementsEqual(name) }) {
      index = found
    }
    guard index >= 0 else {
      throw JSONLineParser.Failure(
        message:
          "unknown key '\(String(decoding: name, as: UTF8.self))'; the columns are the keys of the first line",
        offset: key.start)
    }
    if seenInRecord[index] == recordSerial {
      throw JSONLineParser.Failure(
        message: "duplicate key '\(String(decoding: name, as: UTF8.self))'", offset: key.start)
    }
    seenInRecord[index] = recordSerial
    lastKeyIndex = index
    starts[index] = value.start
    lengths[index] = value.length
    flags[index] = value.flag
  }
}
