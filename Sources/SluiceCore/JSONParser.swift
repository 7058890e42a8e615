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
    // The lexer unescapes strings in place: it works on a copy, and error locations are
    // counted on the original bytes.
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
    defer { buffer.deallocate() }
    bytes.withUnsafeBufferPointer { source in
      if let base = source.baseAddress { buffer.initialize(from: base, count: source.count) }
    }
    var parser = Parser(
      bytes: bytes, lexer: JSONLexer(data: buffer, position: 0, end: bytes.count), file: file,
      nonFiniteWords: nonFiniteWords)
    return try parser.parseDocument()
  }

  /// Parses the UTF-8 text `text`.
  public static func parse(_ text: String, file: String) throws(JSONParseError) -> JSONValue {
    try parse(Array(text.utf8), file: file)
  }
}

private struct Parser {
  /// The input as given, for error locations (the lexer's copy is unescaped in place).
  let bytes: [UInt8]
  var lexer: JSONLexer
  let file: String
  let nonFiniteWords: Bool
  var depth = 0

  var position: Int {
    get { lexer.position }
    set { lexer.position = newValue }
  }

  mutating func parseDocument() throws(JSONParseError) -> JSONValue {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    skipWhitespace()
    let value = try parseValue()
    skipWhitespace()
    if let byte = peek() {
      throw error("unexpected \(JSONLexer.describe(byte)) after JSON value")
    }
    return value
  }

  // MARK: Values

  mutating func parseValue() throws(JSONParseError) -> JSONValue {
    guard let first = peek() else {
      throw error("unexpected end of input; expected a value")
    }
    switch first {
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
    case let byte: throw error("expected a value, found \(JSONLexer.describe(byte))")
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

  mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws(JSONParseError)
    -> JSONValue
  {
    do throws(JSONLexer.Failure) {
      _ = try lexer.literal(word)
    } catch {
      throw self.error(error)
    }
    return value
  }

  mutating func parseNumber() throws(JSONParseError) -> JSONValue {
    let token: (start: Int, length: Int, integral: Bool)
    do throws(JSONLexer.Failure) {
      token = try lexer.number()
    } catch {
      throw self.error(error)
    }
    let text = String(
      decoding: UnsafeBufferPointer(start: lexer.data + token.start, count: token.length),
      as: UTF8.self)
    if token.integral, let value = Int64(text) { return .int(value) }
    guard let value = Double(text), value.isFinite else {
      throw error("number '\(text)' is out of range", at: token.start)
    }
    return .double(value)
  }

  // MARK: Strings

  mutating func parseString() throws(JSONParseError) -> String {
    let quote = position
    let token: (start: Int, length: Int)
    do throws(JSONLexer.Failure) {
      token = try lexer.string()
    } catch {
      throw self.error(error)
    }
    let decoded = UnsafeBufferPointer(start: lexer.data + token.start, count: token.length)
    guard let string = String(validating: decoded, as: UTF8.self) else {
      throw error("invalid UTF-8 in string", at: quote)
    }
    return string
  }

  // MARK: Helpers

  func peek() -> UInt8? { lexer.peek() }

  mutating func skipWhitespace() { lexer.skipWhitespace() }

  mutating func enterNesting() throws(JSONParseError) {
    depth += 1
    if depth > JSONParser.maximumDepth {
      throw error("nesting deeper than \(JSONParser.maximumDepth) levels")
    }
  }

  /// A lexer failure as a located error.
  func error(_ failure: JSONLexer.Failure) -> JSONParseError {
    error(failure.message, at: failure.offset)
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
