import SluiceCore

/// Shared pieces of the sketches' JSON forms: compact strings for large arrays, exact numbers
/// and field readers that fail with `CoreError.invalidData`.
///
/// Canonical JSON prints one array element per line, so arrays of hundreds of numbers are
/// packed into base64 strings instead; doubles travel as their IEEE bit patterns there, so a
/// stored sketch reloads bit for bit.
enum SketchCoding {
  static let alphabet: [UInt8] = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  /// The value of each base64 digit, or 0xFF for bytes that are not digits.
  static let digitValues: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    for (value, digit) in alphabet.enumerated() { table[Int(digit)] = UInt8(value) }
    return table
  }()

  /// Standard base64 (RFC 4648, with padding).
  static func base64(_ bytes: [UInt8]) -> String {
    var output: [UInt8] = []
    output.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
      let remaining = bytes.count - index
      let b0 = UInt32(bytes[index])
      let b1 = remaining > 1 ? UInt32(bytes[index + 1]) : 0
      let b2 = remaining > 2 ? UInt32(bytes[index + 2]) : 0
      let group = b0 << 16 | b1 << 8 | b2
      output.append(alphabet[Int(group >> 18 & 63)])
      output.append(alphabet[Int(group >> 12 & 63)])
      output.append(remaining > 1 ? alphabet[Int(group >> 6 & 63)] : UInt8(ascii: "="))
      output.append(remaining > 2 ? alphabet[Int(group & 63)] : UInt8(ascii: "="))
      index += 3
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// Decodes strict padded base64; nil on any other byte, bad length or non-zero pad bits.
  static func bytes(base64 text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count % 4 == 0 else { return nil }
    var output: [UInt8] = []
    output.reserveCapacity(digits.count / 4 * 3)
    var index = 0
    while index < digits.count {
      let isLast = index + 4 == digits.count
      var padding = 0
      var group: UInt32 = 0
      for offset in 0..<4 {
        let digit = digits[index + offset]
        var value: UInt32 = 0
        if digit == UInt8(ascii: "=") {
          guard isLast, offset >= 2 else { return nil }
          padding += 1
        } else {
          guard padding == 0 else { return nil }
          let decoded = digitValues[Int(digit)]
          guard decoded != 0xFF else { return nil }
          value = UInt32(decoded)
        }
        group = group << 6 | value
      }
      let produced = [UInt8(group >> 16 & 0xFF), UInt8(group >> 8 & 0xFF), UInt8(group & 0xFF)]
      // Non-zero bits under the padding mean the text is not the canonical encoding.
      if padding == 2, group & 0xFFFF != 0 { return nil }
      if padding == 1, group & 0xFF != 0 { return nil }
      output.append(contentsOf: produced[0..<(3 - padding)])
      index += 4
    }
    return output
  }

  /// Doubles as base64 of their little-endian IEEE 754 bit patterns.
  static func base64(doubles: some Collection<Double>) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(doubles.count * 8)
    for value in doubles {
      let bits = value.bitPattern
      for shift in stride(from: 0, to: 64, by: 8) {
        bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
      }
    }
    return base64(bytes)
  }

  /// The inverse of `base64(doubles:)`; nil when the text is not a whole number of doubles.
  static func doubles(base64 text: String) -> [Double]? {
    guard let bytes = bytes(base64: text), bytes.count % 8 == 0 else { return nil }
    var values: [Double] = []
    values.reserveCapacity(bytes.count / 8)
    var index = 0
    while index < bytes.count {
      var bits: UInt64 = 0
      for offset in 0..<8 { bits |= UInt64(bytes[index + offset]) << UInt64(8 * offset) }
      values.append(Double(bitPattern: bits))
      index += 8
    }
    return values
  }

  /// A double as JSON: a number when finite, else the string "inf", "-inf" or "nan" (canonical
  /// JSON would turn those into null and lose them).
  static func number(_ value: Double) -> JSONValue {
    if value.isFinite { return .double(value) }
    if value.isNaN { return "nan" }
    return value < 0 ? "-inf" : "inf"
  }

  /// Reads a number written by `number(_:)`.
  static func double(from value: JSONValue) -> Double? {
    switch value {
    case .int, .double: return value.doubleValue
    case .string("inf"): return .infinity
    case .string("-inf"): return -.infinity
    case .string("nan"): return .nan
    default: return nil
    }
  }

  /// Sixteen lower-case hex digits.
  static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// Reads exactly sixteen hex digits.
  static func uint64(hex text: String) -> UInt64? {
    guard text.utf8.count == 16, text.utf8.allSatisfy({ $0 != UInt8(ascii: "+") }) else {
      return nil
    }
    return UInt64(text, radix: 16)
  }

  /// Reads the members of a sketch's JSON object, naming the sketch in every error.
  struct Fields {
    let sketch: String
    let members: [String: JSONValue]

    /// Requires `json` to be an object whose "kind" is `kind`.
    init(_ json: JSONValue, sketch: String, kind: String) throws(CoreError) {
      self.sketch = sketch
      guard let members = json.objectValue else {
        throw CoreError.invalidData("\(sketch): expected an object, found \(json.typeName)")
      }
      self.members = members
      guard members["kind"]?.stringValue == kind else {
        throw CoreError.invalidData("\(sketch): field 'kind' must be \"\(kind)\"")
      }
    }

    /// A failure about field `key`.
    func invalid(_ key: String, _ problem: String) -> CoreError {
      CoreError.invalidData("\(sketch): field '\(key)' \(problem)")
    }

    /// The member `key`, which must be present.
    func value(_ key: String) throws(CoreError) -> JSONValue {
      guard let value = members[key] else { throw invalid(key, "is missing") }
      return value
    }

    /// An integer member within `range`.
    func int(_ key: String, in range: ClosedRange<Int>) throws(CoreError) -> Int {
      guard let wide = try value(key).intValue, let number = Int(exactly: wide),
        range.contains(number)
      else {
        throw invalid(key, "must be an integer in \(range.lowerBound)...\(range.upperBound)")
      }
      return number
    }

    /// A number member written by `SketchCoding.number(_:)`.
    func double(_ key: String) throws(CoreError) -> Double {
      guard let number = SketchCoding.double(from: try value(key)) else {
        throw invalid(key, "must be a number")
      }
      return number
    }

    /// A number member that may be null (written for empty sketches).
    func optionalDouble(_ key: String) throws(CoreError) -> Double? {
      let raw = try value(key)
      if raw.isNull { return nil }
      guard let number = SketchCoding.double(from: raw) else {
        throw invalid(key, "must be a number or null")
      }
      return number
    }

    /// A string member.
    func string(_ key: String) throws(CoreError) -> String {
      guard let text = try value(key).stringValue else { throw invalid(key, "must be a string") }
      return text
    }
  }
}
