/// A JSON syntax error with the position where it was found (exit 65).
public struct JSONParseError: DiagnosticError, Equatable {
  /// What is wrong, e.g. "expected ',' or '}' after object member".
  public var message: String
  /// Where the problem is.
  public var location: SourceLocation?
  /// Always `.dataError`.
  public var exitCode: ExitCode { .dataError }

  /// Creates an error.
  public init(message: String, location: SourceLocation?) {
    self.message = message
    self.location = location
  }
}

/// A strict RFC 8259 JSON parser.
///
/// Integers without fraction or exponent that fit Int64 become `.int`, other numbers
/// `.double`; duplicate object keys, trailing commas, comments, leading zeros, unpaired
/// surrogates, raw control characters and invalid UTF-8 are errors. A leading UTF-8 byte
/// order mark is skipped. Nesting is limited to 512 levels.
public enum JSONParser {
  /// The deepest nesting of arrays and objects accepted.
  public static let maximumDepth = 512

  /// Parses `bytes`; errors name `file` with line and column.
  public static func parse(_ bytes: [UInt8], file: String) throws(JSONParseError) -> JSONValue {
    try parse(bytes, file: file, nonFiniteWords: false)
  }

  /// Parses `bytes` as `parse(_:file:)` does; with `nonFiniteWords`, the bare values `NaN`,
  /// `Infinity` and `-Infinity` that Python's json module writes (outside the standard) are
  /// read as the strings "NaN", "Infinity" and "-Infinity", so that a reader can say which
  /// value was not a number.
  public static func parse(_ bytes: [UInt8], file: String, nonFiniteWords: Bool)
    throws(JSONParseError) -> JSONValue
  {
    var parser = Parser(bytes: bytes, file: file, nonFiniteWords: nonFiniteWords)
    return try parser.parseDocument()
  }

  /// Parses the UTF-8 text `text`.
  public static func parse(_ text: String, file: String) throws(JSONParseError) -> JSONValue {
    try parse(Array(text.utf8), file: file)
  }
}

private struct Parser {
  let bytes: [UInt8]
  let file: String
  let nonFiniteWords: Bool
  var position = 0
  var depth = 0

  init(bytes: [UInt8], file: String, nonFiniteWords: Bool) {
    self.bytes = bytes
    self.file = file
    self.nonFiniteWords = nonFiniteWords
  }

  mutating func parseDocument() throws(JSONParseError) -> JSONValue {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    skipWhitespace()
    let value = try parseValue()
    skipWhitespace()
    if position < bytes.count {
      throw error("unexpected \(describe(bytes[position])) after JSON value")
    }
    return value
  }

  // MARK: Values

  mutating func parseValue() throws(JSONParseError) -> JSONValue {
    guard position < bytes.count else {
      throw error("unexpected end of input; expected a value")
    }
    switch bytes[position] {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "-")
    where nonFiniteWords && position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "I"):
      return try parseLiteral("-Infinity", .string("-Infinity"))
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
    case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
    case UInt8(ascii: "n"): return try parseLiteral("null", .null)
    case UInt8(ascii: "N") where nonFiniteWords: return try parseLiteral("NaN", .string("NaN"))
    case UInt8(ascii: "I") where nonFiniteWords:
      return try parseLiteral("Infinity", .string("Infinity"))
    case let byte: throw error("expected a value, found \(describe(byte))")
    }
  }

  mutating func parseObject() throws(JSONParseError) -> JSONValue {
    try enterNesting()
    position += 1
    var members: [String: JSONValue] = [:]
    skipWhitespace()
    if peek() == UInt8(ascii: "}") {
      position += 1
      depth -= 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard peek() == UInt8(ascii: "\"") else {
        throw error(
          members.isEmpty
            ? "expected '\"' to begin object key" : "expected object key after ','")
      }
      let keyStart = position
      let key = try parseString()
      skipWhitespace()
      guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after object key") }
      position += 1
      skipWhitespace()
      let value = try parseValue()
      if members.updateValue(value, forKey: key) != nil {
        throw error("duplicate key '\(key)'", at: keyStart)
      }
      skipWhitespace()
      switch peek() {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "}"):
        position += 1
        depth -= 1
        return .object(members)
      default: throw error("expected ',' or '}' after object member")
      }
    }
  }

  mutating func parseArray() throws(JSONParseError) -> JSONValue {
    try enterNesting()
    position += 1
    var elements: [JSONValue] = []
    skipWhitespace()
    if peek() == UInt8(ascii: "]") {
      position += 1
      depth -= 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue())
      skipWhitespace()
      switch peek() {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "]"):
        position += 1
        depth -= 1
        return .array(elements)
      default: throw error("expected ',' or ']' after array element")
      }
    }
  }

  mutating func parseLiteral(_ word: String, _ value: JSONValue) throws(JSONParseError)
    -> JSONValue
  {
    let expected = Array(word.utf8)
    guard bytes[position...].starts(with: expected) else {
      throw error("invalid literal; expected '\(word)'")
    }
    position += expected.count
    return value
  }

  mutating func parseNumber() throws(JSONParseError) -> JSONValue {
    let start = position
    var integral = true
    if peek() == UInt8(ascii: "-") { position += 1 }
    guard let first = peek(), isDigit(first) else {
      throw error("expected a digit after '-'")
    }
    position += 1
    if first == UInt8(ascii: "0"), let next = peek(), isDigit(next) {
      throw error("leading zeros are not allowed in numbers", at: start)
    }
    skipDigits()
    if peek() == UInt8(ascii: ".") {
      integral = false
      position += 1
      guard let digit = peek(), isDigit(digit) else { throw error("expected a digit after '.'") }
      skipDigits()
    }
    if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
      integral = false
      position += 1
      if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
      guard let digit = peek(), isDigit(digit) else {
        throw error("expected a digit in exponent")
      }
      skipDigits()
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    if integral, let value = Int64(text) { return .int(value) }
    guard let value = Double(text), value.isFinite else {
      throw error("number '\(text)' is out of range", at: start)
    }
    return .double(value)
  }

  // MARK: Strings

  mutating func parseString() throws(JSONParseError) -> String {
    let start = position
    position += 1
    var decoded: [UInt8] = []
    var segmentStart = position
    while true {
      guard position < bytes.count else { throw error("unterminated string", at: start) }
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        decoded.append(contentsOf: bytes[segmentStart..<position])
        position += 1
        break
      } else if byte == UInt8(ascii: "\\") {
        decoded.append(contentsOf: bytes[segmentStart..<position])
        try parseEscape(into: &decoded)
        segmentStart = position
      } else if byte < 0x20 {
        throw error("unescaped control character in string")
      } else {
        position += 1
      }
    }
    guard let string = String(validating: decoded, as: UTF8.self) else {
      throw error("invalid UTF-8 in string", at: start)
    }
    return string
  }

  mutating func parseEscape(into decoded: inout [UInt8]) throws(JSONParseError) {
    let start = position
    position += 1
    guard let letter = peek() else { throw error("unterminated string") }
    position += 1
    switch letter {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(letter)
    case UInt8(ascii: "b"): decoded.append(0x08)
    case UInt8(ascii: "f"): decoded.append(0x0C)
    case UInt8(ascii: "n"): decoded.append(0x0A)
    case UInt8(ascii: "r"): decoded.append(0x0D)
    case UInt8(ascii: "t"): decoded.append(0x09)
    case UInt8(ascii: "u"):
      var scalar = try parseHex4(escapeStart: start)
      if (0xD800..<0xDC00).contains(scalar) {
        guard bytes[position...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else {
          throw error("unpaired surrogate in \\u escape", at: start)
        }
        let lowStart = position
        position += 2
        let low = try parseHex4(escapeStart: lowStart)
        guard (0xDC00..<0xE000).contains(low) else {
          throw error("unpaired surrogate in \\u escape", at: start)
        }
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00..<0xE000).contains(scalar) {
        throw error("unpaired surrogate in \\u escape", at: start)
      }
      guard let unicode = Unicode.Scalar(scalar) else {
        throw error("invalid \\u escape", at: start)
      }
      decoded.append(contentsOf: String(Character(unicode)).utf8)
    default:
      throw error("invalid escape '\\\(describeRaw(letter))' in string", at: start)
    }
  }

  mutating func parseHex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = peek(), let digit = hexValue(byte) else {
        throw error("expected four hex digits after '\\u'", at: escapeStart)
      }
      value = value << 4 | digit
      position += 1
    }
    return value
  }

  // MARK: Helpers

  func peek() -> UInt8? {
    position < bytes.count ? bytes[position] : nil
  }

  mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x09, 0x0A, 0x0D: position += 1
      default: return
      }
    }
  }

  mutating func skipDigits() {
    while let byte = peek(), isDigit(byte) { position += 1 }
  }

  mutating func enterNesting() throws(JSONParseError) {
    depth += 1
    if depth > JSONParser.maximumDepth {
      throw error("nesting deeper than \(JSONParser.maximumDepth) levels")
    }
  }

  func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  /// Names a byte for a message: `'x'` for printable ASCII, else `byte 0xNN`.
  func describe(_ byte: UInt8) -> String {
    (0x21..<0x7F).contains(byte) ? "'\(describeRaw(byte))'" : "byte 0x\(hex(byte))"
  }

  func describeRaw(_ byte: UInt8) -> String {
    (0x21..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "x" + hex(byte)
  }

  func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return digits.count == 1 ? "0" + digits : digits
  }

  /// An error at `offset` (default: the current position) with 1-based line and column.
  func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
    let offset = min(offset ?? position, bytes.count)
    var line = 1
    var column = 1
    for byte in bytes[0..<offset] {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    let location = SourceLocation(file: file, line: line, column: column, byteOffset: offset)
    return JSONParseError(message: message, location: location)
  }
}
