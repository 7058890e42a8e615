import XCTest

/// A minimal protobuf wire-format reader for the tests: decodes the exporter's bytes without
/// sharing any code with `ProtobufWriter`, so `swift test` checks the encoding on its own.
struct ONNXProtobufReader {
  /// One decoded field.
  enum Value: Equatable {
    case varint(UInt64)
    case fixed64(UInt64)
    case bytes([UInt8])
    case fixed32(UInt32)
  }

  struct DecodeError: Error, CustomStringConvertible {
    var description: String
  }

  /// Every field of a message, in order; throws on malformed input.
  static func fields(_ bytes: [UInt8]) throws -> [(number: Int, value: Value)] {
    var position = 0
    func varint() throws -> UInt64 {
      var result: UInt64 = 0
      var shift: UInt64 = 0
      while true {
        guard position < bytes.count, shift < 64 else {
          throw DecodeError(description: "bad varint")
        }
        let byte = bytes[position]
        position += 1
        result |= UInt64(byte & 0x7F) << shift
        if byte < 0x80 { return result }
        shift += 7
      }
    }
    func fixed(_ count: Int) throws -> UInt64 {
      guard position + count <= bytes.count else { throw DecodeError(description: "truncated") }
      var result: UInt64 = 0
      for index in 0..<count { result |= UInt64(bytes[position + index]) << UInt64(8 * index) }
      position += count
      return result
    }
    var result: [(Int, Value)] = []
    while position < bytes.count {
      let key = try varint()
      let number = Int(key >> 3)
      guard number > 0 else { throw DecodeError(description: "field number 0") }
      switch key & 7 {
      case 0: result.append((number, .varint(try varint())))
      case 1: result.append((number, .fixed64(try fixed(8))))
      case 2:
        let length = Int(try varint())
        guard length >= 0, position + length <= bytes.count else {
          throw DecodeError(description: "length \(length) past the end")
        }
        result.append((number, .bytes(Array(bytes[position..<(position + length)]))))
        position += length
      case 5: result.append((number, .fixed32(UInt32(try fixed(4)))))
      default: throw DecodeError(description: "wire type \(key & 7)")
      }
    }
    return result
  }

  /// The embedded messages (or strings/bytes) of field `number`.
  static func all(_ fields: [(number: Int, value: Value)], _ number: Int) -> [[UInt8]] {
    fields.compactMap { field in
      guard field.number == number, case .bytes(let bytes) = field.value else { return nil }
      return bytes
    }
  }

  /// The strings of field `number`.
  static func strings(_ fields: [(number: Int, value: Value)], _ number: Int) -> [String] {
    all(fields, number).map { String(decoding: $0, as: UTF8.self) }
  }

  /// The last varint of field `number`, as a signed integer.
  static func int(_ fields: [(number: Int, value: Value)], _ number: Int) -> Int64? {
    fields.last { $0.number == number }.flatMap { field in
      if case .varint(let value) = field.value { return Int64(bitPattern: value) }
      return nil
    }
  }

  /// A packed repeated varint field.
  static func packedInts(_ bytes: [UInt8]) throws -> [Int64] {
    var values: [Int64] = []
    var position = 0
    while position < bytes.count {
      var result: UInt64 = 0
      var shift: UInt64 = 0
      while true {
        guard position < bytes.count else { throw DecodeError(description: "bad packed varint") }
        let byte = bytes[position]
        position += 1
        result |= UInt64(byte & 0x7F) << shift
        if byte < 0x80 { break }
        shift += 7
      }
      values.append(Int64(bitPattern: result))
    }
    return values
  }

  /// A packed repeated double field.
  static func packedDoubles(_ bytes: [UInt8]) -> [Double] {
    stride(from: 0, to: bytes.count - 7, by: 8).map { start in
      var bits: UInt64 = 0
      for index in 0..<8 { bits |= UInt64(bytes[start + index]) << UInt64(8 * index) }
      return Double(bitPattern: bits)
    }
  }
}
