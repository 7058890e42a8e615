import SluiceCore
import SluiceTable

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
  let allowedHashes: HashSet64?
  let expectedValues: String
  /// Whether any check beyond the type applies (saves work per value).
  let checksType: Bool

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
    allowedHashes = hashes
    checksType =
      column.type != .string || column.values != nil || column.minimumLength != nil
      || column.maximumLength != nil || column.pattern != nil
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

  /// Checks one non-missing value; appends what it violates (the type first: a value of the
  /// wrong type is not checked further).
  @inline(__always)
  func check(
    _ bytes: UnsafeBufferPointer<UInt8>, regex: Regex<AnyRegexOutput>?,
    report: (String, String, String) -> Void
  ) {
    var number: Double? = nil
    switch column.type {
    case .integer:
      guard let value = ValueParser.integer(bytes) else {
        report("type", typeExpectation, "is not an integer")
        return
      }
      number = Double(value)
      if let allowed = allowedIntegers, !allowed.contains(value) {
        report("values", expectedValues, "is not an allowed value")
      }
    case .float:
      let parsed = ValueParser.number(bytes)
      guard parsed.kind != .string else {
        report("type", typeExpectation, "is not a number")
        return
      }
      number = parsed.double
    case .boolean:
      guard let flag = ValueParser.boolean(bytes) else {
        report("type", typeExpectation, "is not a boolean")
        return
      }
      if let allowed = allowedBooleans, !allowed.contains(flag) {
        report("values", expectedValues, "is not an allowed value")
      }
    case .datetime:
      guard ValueParser.isDateTime(bytes) else {
        report("type", typeExpectation, "is not an ISO 8601 date or date-time")
        return
      }
    case .string:
      break
    }
    if let number {
      if let minimum = column.minimum, number < minimum.value {
        report(
          "min", ">= \(Self.describe(minimum))", "is below the minimum \(Self.describe(minimum))")
      }
      if let maximum = column.maximum, number > maximum.value {
        report(
          "max", "<= \(Self.describe(maximum))", "is above the maximum \(Self.describe(maximum))")
      }
    }
    if let allowed = allowedHashes, !allowed.contains(FieldDigest(bytes).hash) {
      report("values", expectedValues, "is not an allowed value")
    }
    if column.minimumLength != nil || column.maximumLength != nil {
      let length = ValueHash.characters(bytes)
      if let minimum = column.minimumLength, length < minimum {
        report(
          "min-length", "at least \(minimum) characters", "is shorter than \(minimum) characters")
      }
      if let maximum = column.maximumLength, length > maximum {
        report(
          "max-length", "at most \(maximum) characters", "is longer than \(maximum) characters")
      }
    }
    if let regex, let pattern = column.pattern {
      let text = String(decoding: bytes, as: UTF8.self)
      if (try? regex.wholeMatch(in: text)) == nil {
        report("pattern", "to match /\(pattern)/", "does not match the pattern /\(pattern)/")
      }
    }
  }

  static func describe(_ bound: Bound) -> String {
    switch bound {
    case .integer(let value): return String(value)
    case .number(let value): return CanonicalJSON.formatDouble(value) ?? String(value)
    }
  }
}

/// Hashes and measures field bytes for checks.
enum ValueHash {
  /// A 64-bit FNV-1a hash (collisions are ruled out by comparing bytes where it matters).
  @inline(__always)
  static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
  }

  /// Length in Unicode scalars.
  @inline(__always)
  static func characters(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var count = 0
    for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
    return count
  }
}
