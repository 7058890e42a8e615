/// A strict parser for one flat JSON object held in a byte range, unescaping strings in place.
struct JSONLineParser {
  /// A parse failure with the byte where it happened.
  struct Failure: Error {
    var message: String
    var offset: Int
  }

  /// A value's bytes (string contents unescaped, other literals as written) and its flags.
  struct Value {
    var start: Int
    var length: Int
    var flag: UInt8
  }

  let data: UnsafeMutablePointer<UInt8>
  var position: Int
  let end: Int

  private mutating func skipSpace() {
    while position < end {
      let byte = data[position]
      guard byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A else { return }
      position += 1
    }
  }

  private func describeHere() -> String {
    guard position < end else { return "the end of the line" }
    return "'\(RecordCursor.printable(data[position]))'"
  }

  mutating func expectObjectStart() throws {
    skipSpace()
    guard position < end, data[position] == UInt8(ascii: "{") else {
      throw Failure(
        message: "expected a JSON object '{', found \(describeHere())", offset: position)
    }
    position += 1
  }

  /// The next key's unescaped bytes, or nil after the closing brace.
  mutating func nextKey() throws -> (start: Int, length: Int)? {
    skipSpace()
    guard position < end else {
      throw Failure(message: "expected '\"' or '}', found the end of the line", offset: position)
    }
    let byte = data[position]
    if byte == UInt8(ascii: "}") {
      position += 1
      return nil
    }
    if byte == UInt8(ascii: ",") {
      position += 1
      skipSpace()
    }
    guard position < end, data[position] == UInt8(ascii: "\"") else {
      throw Failure(message: "expected a key string, found \(describeHere())", offset: position)
    }
    let key = try string()
    skipSpace()
    guard position < end, data[position] == UInt8(ascii: ":") else {
      throw Failure(message: "expected ':' after a key, found \(describeHere())", offset: position)
    }
    position += 1
    return key
  }

  /// The value after a key, leaving the position after a following ',' check.
  mutating func value(key: (start: Int, length: Int)) throws -> Value {
    skipSpace()
    guard position < end else {
      throw Failure(message: "expected a value, found the end of the line", offset: position)
    }
    let byte = data[position]
    let result: Value
    switch byte {
    case UInt8(ascii: "\""):
      let text = try string()
      result = Value(start: text.start, length: text.length, flag: RecordCursor.quotedFlag)
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      let name = String(
        decoding: UnsafeBufferPointer(start: data + key.start, count: key.length), as: UTF8.self)
      throw Failure(
        message: "nested value for key '\(name)'; JSON Lines input must be flat objects",
        offset: position)
    case UInt8(ascii: "t"): result = try literal("true", flag: 0)
    case UInt8(ascii: "f"): result = try literal("false", flag: 0)
    case UInt8(ascii: "n"): result = try literal("null", flag: RecordCursor.missingFlag)
    default: result = try number()
    }
    skipSpace()
    if position < end {
      let after = data[position]
      if after != UInt8(ascii: ",") && after != UInt8(ascii: "}") {
        throw Failure(
          message: "expected ',' or '}' after a value, found \(describeHere())", offset: position)
      }
      if after == UInt8(ascii: ",") {
        // Leave the comma for nextKey, but a trailing comma is an error there.
        var probe = position + 1
        while probe < end && (data[probe] == 0x20 || data[probe] == 0x09) { probe += 1 }
        if probe < end && data[probe] == UInt8(ascii: "}") {
          throw Failure(message: "trailing ',' before '}'", offset: position)
        }
      }
    }
    return result
  }

  mutating func expectLineEnd() throws {
    skipSpace()
    if position < end {
      throw Failure(
        message: "unexpected \(describeHere()) after the object; one object per line",
        offset: position)
    }
  }

  private mutating func literal(_ word: String, flag: UInt8) throws -> Value {
    let start = position
    let count = word.utf8.count
    guard position + count <= end,
      word.utf8.elementsEqual(UnsafeBufferPointer(start: data + position, count: count))
    else {
      throw Failure(message: "invalid literal; expected '\(word)'", offset: position)
    }
    position += count
    return Value(start: start, length: count, flag: flag)
  }

  private mutating func number() throws -> Value {
    let start = position
    func digit(_ at: Int) -> Bool { at < end && data[at] >= 0x30 && data[at] <= 0x39 }
    if position < end && data[position] == UInt8(ascii: "-") { position += 1 }
    guard digit(position) else {
      throw Failure(message: "expected a value, found \(describeHere())", offset: position)
    }
    if data[position] == UInt8(ascii: "0") {
      position += 1
      if digit(position) {
        throw Failure(message: "leading zero in a number", offset: position)
      }
    } else {
      while digit(position) { position += 1 }
    }
    if position < end && data[position] == UInt8(ascii: ".") {
      position += 1
      guard digit(position) else {
        throw Failure(message: "expected a digit after '.'", offset: position)
      }
      while digit(position) { position += 1 }
    }
    if position < end
      && (data[position] == UInt8(ascii: "e") || data[position] == UInt8(ascii: "E"))
    {
      position += 1
      if position < end
        && (data[position] == UInt8(ascii: "+") || data[position] == UInt8(ascii: "-"))
      {
        position += 1
      }
      guard digit(position) else {
        throw Failure(message: "expected a digit in the exponent", offset: position)
      }
      while digit(position) { position += 1 }
    }
    return Value(start: start, length: position - start, flag: 0)
  }

  /// Parses a string at the opening quote, unescaping it in place; returns its new bytes.
  private mutating func string() throws -> (start: Int, length: Int) {
    position += 1
    let start = position
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
        if write != position { data[write] = byte }
        write += 1
        position += 1
        continue
      }
      guard position + 1 < end else { break }
      let escape = data[position + 1]
      position += 2
      var plain: UInt8? = nil
      switch escape {
      case UInt8(ascii: "\""): plain = escape
      case UInt8(ascii: "\\"): plain = escape
      case UInt8(ascii: "/"): plain = escape
      case UInt8(ascii: "b"): plain = 0x08
      case UInt8(ascii: "f"): plain = 0x0C
      case UInt8(ascii: "n"): plain = 0x0A
      case UInt8(ascii: "r"): plain = 0x0D
      case UInt8(ascii: "t"): plain = 0x09
      case UInt8(ascii: "u"):
        var scalar = try hex4()
        if scalar >= 0xD800 && scalar <= 0xDBFF {
          guard position + 1 < end, data[position] == UInt8(ascii: "\\"),
            data[position + 1] == UInt8(ascii: "u")
          else { throw Failure(message: "unpaired surrogate in \\u escape", offset: position) }
          position += 2
          let low = try hex4()
          guard low >= 0xDC00 && low <= 0xDFFF else {
            throw Failure(message: "unpaired surrogate in \\u escape", offset: position)
          }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
          throw Failure(message: "unpaired surrogate in \\u escape", offset: position)
        }
        guard let unicode = Unicode.Scalar(scalar) else {
          throw Failure(message: "invalid \\u escape", offset: position)
        }
        for unit in UTF8.encode(unicode).map({ Array($0) }) ?? [] {
          data[write] = unit
          write += 1
        }
      default:
        throw Failure(
          message: "invalid escape '\\\(RecordCursor.printable(escape))'", offset: position - 2)
      }
      if let plain {
        data[write] = plain
        write += 1
      }
    }
    throw Failure(message: "unterminated string", offset: start - 1)
  }

  private mutating func hex4() throws -> UInt32 {
    guard position + 4 <= end else {
      throw Failure(message: "expected four hex digits after \\u", offset: position)
    }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = data[position]
      let digit: UInt32
      switch byte {
      case 0x30...0x39: digit = UInt32(byte - 0x30)
      case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
      case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
      default: throw Failure(message: "expected four hex digits after \\u", offset: position)
      }
      value = value << 4 | digit
      position += 1
    }
    return value
  }
}
