/// The token level of JSON, shared by `JSONParser` (whole documents) and the JSON Lines reader
/// (one flat object per line), so that both accept the same numbers, strings and literals and
/// report the same error at the same byte.
///
/// It works on a mutable byte range and unescapes strings in place: an escape is never shorter
/// than what it stands for, so a string's decoded bytes fit where it was written. The caller
/// keeps the original bytes if it needs them (e.g. to count lines for an error). The methods
/// are `@inlinable` because the JSON Lines reader calls them once per field on its hot path.
public struct JSONLexer {
  /// A lexical error and the byte offset (within the buffer) where it is reported.
  public struct Failure: Error, Equatable {
    /// What is wrong, e.g. "unterminated string".
    public var message: String
    /// The byte offset from the start of the buffer.
    public var offset: Int

    /// Creates a failure.
    @inlinable
    public init(message: String, offset: Int) {
      self.message = message
      self.offset = offset
    }
  }

  /// The bytes; strings are unescaped in place.
  public let data: UnsafeMutablePointer<UInt8>
  /// The next byte to read.
  public var position: Int
  /// One past the last byte to read.
  public let end: Int

  /// A lexer over `data[position..<end]`.
  @inlinable
  public init(data: UnsafeMutablePointer<UInt8>, position: Int, end: Int) {
    self.data = data
    self.position = position
    self.end = end
  }

  /// The byte at the position, or nil at the end.
  @inlinable @inline(__always)
  public func peek() -> UInt8? {
    position < end ? data[position] : nil
  }

  /// Skips JSON whitespace (space, tab, line feed, carriage return).
  @inlinable @inline(__always)
  public mutating func skipWhitespace() {
    while position < end {
      let byte = data[position]
      guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
      position += 1
    }
  }

  /// Reads the literal `word` (`true`, `false`, `null`, ...) at the position; returns its start.
  @inlinable
  public mutating func literal(_ word: StaticString) throws(Failure) -> Int {
    let start = position
    let count = word.utf8CodeUnitCount
    let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
    guard count <= end - position,
      expected.elementsEqual(UnsafeBufferPointer(start: data + position, count: count))
    else {
      throw Failure(message: "invalid literal; expected '\(word)'", offset: start)
    }
    position += count
    return start
  }

  /// Reads a number starting at the position (a `-` or a digit, which the caller has seen):
  /// its bytes as written, and whether it has neither fraction nor exponent.
  @inlinable
  public mutating func number() throws(Failure) -> (start: Int, length: Int, integral: Bool) {
    let start = position
    var integral = true
    if position < end && data[position] == UInt8(ascii: "-") { position += 1 }
    guard isDigit(at: position) else {
      throw Failure(message: "expected a digit after '-'", offset: position)
    }
    if data[position] == UInt8(ascii: "0") && isDigit(at: position + 1) {
      throw Failure(message: "leading zeros are not allowed in numbers", offset: start)
    }
    position += 1
    skipDigits()
    if position < end && data[position] == UInt8(ascii: ".") {
      integral = false
      position += 1
      guard isDigit(at: position) else {
        throw Failure(message: "expected a digit after '.'", offset: position)
      }
      skipDigits()
    }
    if position < end && (data[position] | 0x20) == UInt8(ascii: "e") {
      integral = false
      position += 1
      if position < end
        && (data[position] == UInt8(ascii: "+") || data[position] == UInt8(ascii: "-"))
      {
        position += 1
      }
      guard isDigit(at: position) else {
        throw Failure(message: "expected a digit in exponent", offset: position)
      }
      skipDigits()
    }
    return (start, position - start, integral)
  }

  /// Reads a string at its opening quote, unescaping it in place; returns where its decoded
  /// bytes are. The bytes are not checked to be UTF-8 (the callers check whole inputs or
  /// decoded strings their own way).
  @inlinable
  public mutating func string() throws(Failure) -> (start: Int, length: Int) {
    let quote = position
    position += 1
    let start = position
    // Fast path: no escape, the bytes stay where they are.
    while position < end {
      let byte = data[position]
      if byte == UInt8(ascii: "\"") {
        position += 1
        return (start, position - 1 - start)
      }
      if byte == UInt8(ascii: "\\") { break }
      if byte < 0x20 {
        throw Failure(message: "unescaped control character in a string", offset: position)
      }
      position += 1
    }
    var write = position
    while position < end {
      let byte = data[position]
      if byte == UInt8(ascii: "\"") {
        position += 1
        return (start, write - start)
      }
      if byte < 0x20 {
        throw Failure(message: "unescaped control character in a string", offset: position)
      }
      if byte != UInt8(ascii: "\\") {
        data[write] = byte
        write += 1
        position += 1
        continue
      }
      try unescape(write: &write)
    }
    throw Failure(message: "unterminated string", offset: quote)
  }

  /// Decodes the escape at the position (a backslash) to `data[write...]`.
  @usableFromInline
  mutating func unescape(write: inout Int) throws(Failure) {
    let escape = position
    position += 1
    guard position < end else {
      throw Failure(message: "unterminated string", offset: position)
    }
    let letter = data[position]
    position += 1
    let plain: UInt8
    switch letter {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): plain = letter
    case UInt8(ascii: "b"): plain = 0x08
    case UInt8(ascii: "f"): plain = 0x0C
    case UInt8(ascii: "n"): plain = 0x0A
    case UInt8(ascii: "r"): plain = 0x0D
    case UInt8(ascii: "t"): plain = 0x09
    case UInt8(ascii: "u"):
      var scalar = try hex4(escape: escape)
      if (0xD800..<0xDC00).contains(scalar) {
        guard end - position >= 2, data[position] == UInt8(ascii: "\\"),
          data[position + 1] == UInt8(ascii: "u")
        else {
          throw Failure(message: "unpaired surrogate in \\u escape", offset: escape)
        }
        let lowEscape = position
        position += 2
        let low = try hex4(escape: lowEscape)
        guard (0xDC00..<0xE000).contains(low) else {
          throw Failure(message: "unpaired surrogate in \\u escape", offset: escape)
        }
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00..<0xE000).contains(scalar) {
        throw Failure(message: "unpaired surrogate in \\u escape", offset: escape)
      }
      guard let unicode = Unicode.Scalar(scalar) else {
        throw Failure(message: "invalid \\u escape", offset: escape)
      }
      // At most 4 UTF-8 bytes for a 6- or 12-byte escape: the write stays behind the read.
      if let encoded = UTF8.encode(unicode) {
        for unit in encoded {
          data[write] = unit
          write += 1
        }
      }
      return
    default:
      throw Failure(
        message: "invalid escape '\\\(Self.describeRaw(letter))' in string", offset: escape)
    }
    data[write] = plain
    write += 1
  }

  @usableFromInline
  mutating func hex4(escape: Int) throws(Failure) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard position < end, let digit = Self.hexValue(data[position]) else {
        throw Failure(message: "expected four hex digits after '\\u'", offset: escape)
      }
      value = value << 4 | digit
      position += 1
    }
    return value
  }

  @inlinable @inline(__always)
  func isDigit(at index: Int) -> Bool {
    index < end && data[index] &- UInt8(ascii: "0") < 10
  }

  @inlinable @inline(__always)
  mutating func skipDigits() {
    while isDigit(at: position) { position += 1 }
  }

  @usableFromInline
  static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  /// Names a byte for a message: `'x'` for printable ASCII, else `byte 0xNN`.
  public static func describe(_ byte: UInt8) -> String {
    (0x21..<0x7F).contains(byte) ? "'\(describeRaw(byte))'" : "byte 0x\(hex(byte))"
  }

  /// A byte as written after a backslash: the character if printable ASCII, else `xNN`.
  @usableFromInline
  static func describeRaw(_ byte: UInt8) -> String {
    (0x21..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "x" + hex(byte)
  }

  static func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return digits.count == 1 ? "0" + digits : digits
  }
}
