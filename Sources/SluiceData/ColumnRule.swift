import SluiceCore
import SluiceTable

/// The rules one value violates, one bit per rule.
typealias ViolationBits = UInt16

/// One schema column compiled for fast checking of field bytes (a class: the hot loop
/// borrows it instead of copying its many fields per value).
final class ColumnRule: Sendable {
  let column: ColumnSchema
  /// Index of the column in the data.
  let dataIndex: Int
  let allowedIntegers: Set<Int64>?
  let allowedBooleans: Set<Bool>?
  /// Allowed values by 64-bit hash (a false match needs a 64-bit collision with one of the
  /// allowed values: about 1e-17 per value for a 100-value domain).
  let allowedHashes: HashSet64
  let expectedValues: String
  /// Whether any check beyond the type applies (saves work per value).
  let checksType: Bool
  // Plain copies of the column's constraints for the hot loop.
  let type: ColumnType
  let minimum: Double
  let maximum: Double
  /// The inferred range: values outside it are a drift signal, not a finding.
  let observedMinimum: Double
  let observedMaximum: Double
  let minimumLength: Int
  let maximumLength: Int
  let checksLength: Bool
  let hasIntegerDomain: Bool
  let hasBooleanDomain: Bool
  let hasByteDomain: Bool

  init(column: ColumnSchema, dataIndex: Int) {
    self.column = column
    self.dataIndex = dataIndex
    var integers: Set<Int64>? = nil
    var booleans: Set<Bool>? = nil
    var hashes: HashSet64? = nil
    if let values = column.values {
      switch column.type {
      case .integer: integers = Set(values.compactMap { Int64($0) })
      case .boolean: booleans = Set(values.compactMap { ColumnRule.boolean($0) })
      default:
        var table = HashSet64(capacity: values.count)
        for value in values {
          _ = Array(value.utf8).withUnsafeBufferPointer { table.insert(FieldDigest($0).hash) }
        }
        hashes = table
      }
      let shown = values.prefix(5).joined(separator: ", ")
      expectedValues =
        "one of \(values.count) allowed value\(values.count == 1 ? "" : "s") (\(shown)\(values.count > 5 ? ", …" : ""))"
    } else {
      expectedValues = ""
    }
    allowedIntegers = integers
    allowedBooleans = booleans
    allowedHashes = hashes ?? HashSet64()
    hasIntegerDomain = integers != nil
    hasBooleanDomain = booleans != nil
    hasByteDomain = hashes != nil
    type = column.type
    minimum = column.minimum?.value ?? -.infinity
    maximum = column.maximum?.value ?? .infinity
    observedMinimum = column.observedMinimum?.value ?? -.infinity
    observedMaximum = column.observedMaximum?.value ?? .infinity
    minimumLength = column.minimumLength ?? 0
    maximumLength = column.maximumLength ?? Int.max
    checksLength = column.minimumLength != nil || column.maximumLength != nil
    checksType =
      column.type != .string || column.values != nil || column.minimumLength != nil
      || column.maximumLength != nil
  }

  static func boolean(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "true": return true
    case "false": return false
    default: return nil
    }
  }

  var typeExpectation: String {
    switch column.type {
    case .boolean: return "a boolean (true or false)"
    case .integer: return "an integer"
    case .float: return "a number"
    case .datetime: return "an ISO 8601 date or date-time"
    case .string: return "a string"
    }
  }

  /// Rule bits returned by `violations`.
  static let typeBit: ViolationBits = 1
  static let minimumBit: ViolationBits = 2
  static let maximumBit: ViolationBits = 4
  static let valuesBit: ViolationBits = 8
  static let shortBit: ViolationBits = 16
  static let longBit: ViolationBits = 32
  /// Below or above the observed range: drift signals, reported apart from findings.
  static let belowObservedBit: ViolationBits = 64
  static let aboveObservedBit: ViolationBits = 128
  static let observedBits: ViolationBits = belowObservedBit | aboveObservedBit
  /// A number too large for a double (`1e400`): out of range, a finding.
  static let rangeBit: ViolationBits = 256

  /// The rules one non-missing value violates, as bits (a value of the wrong type is not
  /// checked further). Plain data in, bits out: the hot loop allocates and retains nothing.
  @inline(__always)
  func violations(_ bytes: UnsafeBufferPointer<UInt8>) -> ViolationBits {
    var number = 0.0
    var numeric = false
    switch type {
    case .integer:
      guard let value = ValueParser.integer(bytes) else { return Self.typeBit }
      number = Double(value)
      numeric = true
      if hasIntegerDomain && !(allowedIntegers?.contains(value) ?? true) { return Self.valuesBit }
    case .float:
      let parsed = ValueParser.number(bytes)
      guard parsed.kind != .string else {
        return ValueParser.overflows(bytes) ? Self.rangeBit : Self.typeBit
      }
      number = parsed.double
      numeric = true
    case .boolean:
      guard let flag = ValueParser.boolean(bytes) else { return Self.typeBit }
      if hasBooleanDomain && !(allowedBooleans?.contains(flag) ?? true) { return Self.valuesBit }
    case .datetime:
      guard ValueParser.isDateTime(bytes) else { return Self.typeBit }
    case .string:
      break
    }
    var bits: ViolationBits = 0
    if numeric {
      if number < minimum { bits |= Self.minimumBit }
      if number > maximum { bits |= Self.maximumBit }
      if number < observedMinimum { bits |= Self.belowObservedBit }
      if number > observedMaximum { bits |= Self.aboveObservedBit }
    }
    if hasByteDomain && !allowedHashes.contains(FieldDigest(bytes).hash) { bits |= Self.valuesBit }
    if checksLength {
      let length = scalarCount(bytes)
      if length < minimumLength { bits |= Self.shortBit }
      if length > maximumLength { bits |= Self.longBit }
    }
    return bits
  }

  /// Rule id, expectation and problem for each finding bit set in `bits` (observed-range
  /// bits are not findings and are left out).
  func describe(_ bits: ViolationBits) -> [(rule: String, expected: String, problem: String)] {
    var result: [(String, String, String)] = []
    if bits & Self.typeBit != 0 {
      let problem: String
      switch column.type {
      case .integer: problem = "is not an integer"
      case .float: problem = "is not a number"
      case .boolean: problem = "is not a boolean"
      case .datetime: problem = "is not an ISO 8601 date or date-time"
      case .string: problem = "is not a string"
      }
      result.append(("type", typeExpectation, problem))
    }
    if bits & Self.rangeBit != 0 {
      result.append(("type", typeExpectation, "is out of range for a double"))
    }
    if bits & Self.minimumBit != 0, let bound = column.minimum {
      result.append(
        ("min", ">= \(Self.describe(bound))", "is below the minimum \(Self.describe(bound))"))
    }
    if bits & Self.maximumBit != 0, let bound = column.maximum {
      result.append(
        ("max", "<= \(Self.describe(bound))", "is above the maximum \(Self.describe(bound))"))
    }
    if bits & Self.valuesBit != 0 {
      result.append(("values", expectedValues, "is not an allowed value"))
    }
    if bits & Self.shortBit != 0 {
      result.append(
        (
          "min-length", "at least \(minimumLength) characters",
          "is shorter than \(minimumLength) characters"
        ))
    }
    if bits & Self.longBit != 0 {
      result.append(
        (
          "max-length", "at most \(maximumLength) characters",
          "is longer than \(maximumLength) characters"
        ))
    }
    return result
  }

  static func describe(_ bound: NumericLimit) -> String {
    switch bound {
    case .integer(let value): return String(value)
    case .number(let value): return CanonicalJSON.formatDouble(value) ?? String(value)
    }
  }
}

/// A field's length in Unicode scalars (bytes that are not UTF-8 continuation bytes), the
/// length `min-length` and `max-length` check.
@inline(__always)
private func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
  var count = 0
  for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
  return count
}
