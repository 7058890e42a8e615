/// A minimal Protocol Buffers encoder: enough of the wire format (varints, 64-bit and 32-bit
/// fixed values, length-delimited fields, packed repeated scalars) to write ONNX models.
///
/// Fields are written in the order the caller writes them, so the same calls give the same
/// bytes.
struct ProtobufWriter {
  /// The encoded message so far.
  private(set) var bytes: [UInt8] = []

  /// Wire types of the encoding.
  enum WireType: UInt64 {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case fixed32 = 5
  }

  /// Appends `value` as a base-128 varint.
  mutating func appendVarint(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  mutating func appendKey(_ field: Int, _ wire: WireType) {
    appendVarint(UInt64(field) << 3 | wire.rawValue)
  }

  /// An `int64`/`int32`/`enum` field (negative values take ten bytes, as protobuf says).
  mutating func int(_ field: Int, _ value: Int64) {
    appendKey(field, .varint)
    appendVarint(UInt64(bitPattern: value))
  }

  /// A `float` field.
  mutating func float(_ field: Int, _ value: Float) {
    appendKey(field, .fixed32)
    appendFixed32(value.bitPattern)
  }

  /// A `string` field.
  mutating func string(_ field: Int, _ value: String) {
    data(field, Array(value.utf8))
  }

  /// A `bytes` field.
  mutating func data(_ field: Int, _ value: [UInt8]) {
    appendKey(field, .lengthDelimited)
    appendVarint(UInt64(value.count))
    bytes.append(contentsOf: value)
  }

  /// An embedded message field.
  mutating func message(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
    var inner = ProtobufWriter()
    build(&inner)
    data(field, inner.bytes)
  }

  /// A packed `repeated int64` field (nothing when empty).
  mutating func packedInts(_ field: Int, _ values: [Int64]) {
    guard !values.isEmpty else { return }
    var inner = ProtobufWriter()
    for value in values { inner.appendVarint(UInt64(bitPattern: value)) }
    data(field, inner.bytes)
  }

  /// A packed `repeated double` field (nothing when empty).
  mutating func packedDoubles(_ field: Int, _ values: [Double]) {
    guard !values.isEmpty else { return }
    var inner = ProtobufWriter()
    for value in values { inner.appendFixed64(value.bitPattern) }
    data(field, inner.bytes)
  }

  /// A packed `repeated float` field (nothing when empty).
  mutating func packedFloats(_ field: Int, _ values: [Float]) {
    guard !values.isEmpty else { return }
    var inner = ProtobufWriter()
    for value in values { inner.appendFixed32(value.bitPattern) }
    data(field, inner.bytes)
  }

  private mutating func appendFixed32(_ value: UInt32) {
    for shift in stride(from: 0, to: 32, by: 8) {
      bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
    }
  }

  private mutating func appendFixed64(_ value: UInt64) {
    for shift in stride(from: 0, to: 64, by: 8) {
      bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
    }
  }
}
