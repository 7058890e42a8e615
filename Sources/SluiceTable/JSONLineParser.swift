import SluiceCore

/// The structure of one JSON Lines record: a flat object in a byte range. Numbers, strings
/// and literals are read by `JSONLexer`, the token level `JSONParser` uses too, so a value
/// is accepted (and an error worded and placed) the same way in both; strings are unescaped
/// in place.
struct JSONLineParser {
  /// A parse failure with the byte where it happened.
  typealias Failure = JSONLexer.Failure

  /// A value's bytes (string contents unescaped, other literals as written) and its flags.
  struct Value {
    var start: Int
    var length: Int
    var flag: UInt8
  }

  var lexer: JSONLexer

  init(data: UnsafeMutablePointer<UInt8>, position: Int, end: Int) {
    lexer = JSONLexer(data: data, position: position, end: end)
  }

  private func describeHere() -> String {
    guard let byte = lexer.peek() else { return "the end of the line" }
    return "'\(RecordCursor.printable(byte))'"
  }

  mutating func expectObjectStart() throws(Failure) {
    lexer.skipWhitespace()
    guard lexer.peek() == UInt8(ascii: "{") else {
      throw Failure(
        message: "expected a JSON object '{', found \(describeHere())", offset: lexer.position)
    }
    lexer.position += 1
  }

  /// The next key's unescaped bytes, or nil after the closing brace.
  mutating func nextKey() throws(Failure) -> (start: Int, length: Int)? {
    lexer.skipWhitespace()
    guard let byte = lexer.peek() else {
      throw Failure(
        message: "expected '\"' or '}', found the end of the line", offset: lexer.position)
    }
    if byte == UInt8(ascii: "}") {
      lexer.position += 1
      return nil
    }
    if byte == UInt8(ascii: ",") {
      lexer.position += 1
      lexer.skipWhitespace()
    }
    guard lexer.peek() == UInt8(ascii: "\"") else {
      throw Failure(
        message: "expected a key string, found \(describeHere())", offset: lexer.position)
    }
    let key = try lexer.string()
    lexer.skipWhitespace()
    guard lexer.peek() == UInt8(ascii: ":") else {
      throw Failure(
        message: "expected ':' after a key, found \(describeHere())", offset: lexer.position)
    }
    lexer.position += 1
    return key
  }

  /// The value after a key, leaving the position after a following ',' check.
  mutating func value(key: (start: Int, length: Int)) throws(Failure) -> Value {
    lexer.skipWhitespace()
    guard let byte = lexer.peek() else {
      throw Failure(
        message: "expected a value, found the end of the line", offset: lexer.position)
    }
    let result: Value
    switch byte {
    case UInt8(ascii: "\""):
      let text = try lexer.string()
      result = Value(start: text.start, length: text.length, flag: RecordCursor.quotedFlag)
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      let name = String(
        decoding: UnsafeBufferPointer(start: lexer.data + key.start, count: key.length),
        as: UTF8.self)
      throw Failure(
        message: "nested value for key '\(name)'; JSON Lines input must be flat objects",
        offset: lexer.position)
    case UInt8(ascii: "t"): result = Value(start: try lexer.literal("true"), length: 4, flag: 0)
    case UInt8(ascii: "f"): result = Value(start: try lexer.literal("false"), length: 5, flag: 0)
    case UInt8(ascii: "n"):
      result = Value(
        start: try lexer.literal("null"), length: 4, flag: RecordCursor.missingFlag)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      let number = try lexer.number()
      result = Value(start: number.start, length: number.length, flag: 0)
    default:
      throw Failure(
        message: "expected a value, found \(describeHere())", offset: lexer.position)
    }
    lexer.skipWhitespace()
    if let after = lexer.peek() {
      if after != UInt8(ascii: ",") && after != UInt8(ascii: "}") {
        throw Failure(
          message: "expected ',' or '}' after a value, found \(describeHere())",
          offset: lexer.position)
      }
      if after == UInt8(ascii: ",") {
        // Leave the comma for nextKey, but a trailing comma is an error there.
        var probe = lexer.position + 1
        while probe < lexer.end && (lexer.data[probe] == 0x20 || lexer.data[probe] == 0x09) {
          probe += 1
        }
        if probe < lexer.end && lexer.data[probe] == UInt8(ascii: "}") {
          throw Failure(message: "trailing ',' before '}'", offset: lexer.position)
        }
      }
    }
    return result
  }

  mutating func expectLineEnd() throws(Failure) {
    lexer.skipWhitespace()
    if lexer.peek() != nil {
      throw Failure(
        message: "unexpected \(describeHere()) after the object; one object per line",
        offset: lexer.position)
    }
  }
}
