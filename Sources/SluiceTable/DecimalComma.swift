#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Numbers written with a decimal comma (`1,5`): found by type inference, and read as numbers
/// under `--decimal ,`.
public enum DecimalComma {
  /// What a string value is to the decimal-comma check.
  public enum Shape: UInt8, Sendable {
    /// Not a number even with a decimal comma.
    case other
    /// Digits only (`007`): fits the pattern but is no evidence for it.
    case digits
    /// A number with a decimal comma: `[+-]digits,digits[e[+-]digits]`.
    case decimalComma
  }

  /// The shape of `bytes` (called only for values that are not numbers already).
  public static func shape(_ bytes: UnsafeBufferPointer<UInt8>) -> Shape {
    let count = bytes.count
    var index = 0
    if index < count && (bytes[0] == 0x2D || bytes[0] == 0x2B) { index = 1 }
    let integerStart = index
    while index < count && bytes[index] &- 0x30 < 10 { index += 1 }
    let integerDigits = index - integerStart
    if index == count { return integerDigits > 0 ? .digits : .other }
    guard bytes[index] == 0x2C else { return .other }
    index += 1
    let fractionStart = index
    while index < count && bytes[index] &- 0x30 < 10 { index += 1 }
    guard index > fractionStart else { return .other }
    return exponentEnds(bytes, at: index) ? .decimalComma : .other
  }

  /// Whether `bytes[index...]` is empty or an exponent `e[+-]digits`.
  private static func exponentEnds(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
    var index = start
    let count = bytes.count
    if index == count { return true }
    guard bytes[index] | 0x20 == 0x65 else { return false }
    index += 1
    if index < count && (bytes[index] == 0x2D || bytes[index] == 0x2B) { index += 1 }
    let digits = index
    while index < count && bytes[index] &- 0x30 < 10 { index += 1 }
    return index == count && index > digits
  }

  /// Rewrites, in place, the decimal comma of every field in `bytes[from..<end]` that is a
  /// number with a decimal comma into a point, so that every reader of the field sees `1.5`.
  /// Fields are bounded by the delimiter, line breaks and quotes; with `,` as the delimiter
  /// only a quoted number (`"1,5"`) can hold a decimal comma. The length never changes, so
  /// byte offsets in diagnostics stay right. Costs nothing unless `--decimal ,` is given.
  static func rewrite(
    _ bytes: UnsafeMutablePointer<UInt8>, from: Int, end: Int, delimiter: UInt8, quote: UInt8?
  ) {
    @inline(__always) func isBoundary(_ byte: UInt8) -> Bool {
      byte == delimiter || byte == 0x0A || byte == 0x0D || byte == quote
    }
    var at = from
    while at < end, let found = memchr(bytes + at, 0x2C, end - at) {
      let comma = UnsafeMutablePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - bytes
      at = comma + 1
      var left = comma - 1
      while left >= from && bytes[left] &- 0x30 < 10 { left -= 1 }
      if left >= from && (bytes[left] == 0x2D || bytes[left] == 0x2B) { left -= 1 }
      guard left < from || isBoundary(bytes[left]) else { continue }
      var right = comma + 1
      while right < end && bytes[right] &- 0x30 < 10 { right += 1 }
      guard right > comma + 1 else { continue }
      if right < end && bytes[right] | 0x20 == 0x65 {
        var exponent = right + 1
        if exponent < end && (bytes[exponent] == 0x2D || bytes[exponent] == 0x2B) { exponent += 1 }
        let digits = exponent
        while exponent < end && bytes[exponent] &- 0x30 < 10 { exponent += 1 }
        guard exponent > digits else { continue }
        right = exponent
      }
      guard right == end || isBoundary(bytes[right]) else { continue }
      if delimiter == 0x2C {
        // The comma is the delimiter: only a field quoted whole holds a decimal comma.
        guard let quote, left >= from, bytes[left] == quote, right < end, bytes[right] == quote
        else { continue }
      }
      bytes[comma] = 0x2E
    }
  }
}

/// What a column pass learns about decimal commas: how many string values have the
/// `DecimalComma` shape, counted only while every string so far had it (so a column of
/// ordinary strings pays one comparison per value), and how many of them hold the comma.
/// Type inference (`ColumnProfile`) and profiling (`ColumnProfiler`) both keep one.
public struct DecimalCommaTally: Sendable {
  /// String values of the shape, while all strings before them had it.
  public private(set) var shaped = 0
  /// Those that hold the comma (`1,5`, not `007`).
  public private(set) var commas = 0

  /// An empty tally.
  public init() {}

  /// Adds a string value; `strings` counts the column's strings so far, this one included.
  @inline(__always)
  public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, strings: Int) {
    guard shaped == strings - 1 else { return }
    switch DecimalComma.shape(bytes) {
    case .decimalComma:
      shaped += 1
      commas += 1
    case .digits: shaped += 1
    case .other: break
    }
  }

  /// Adds the tally of the records that follow (or of other records: the test below only
  /// asks whether every string had the shape, and each tally counts at most its strings).
  public mutating func merge(_ other: DecimalCommaTally) {
    shaped += other.shaped
    commas += other.commas
  }

  /// Every value of a column with these kinds would be a number if `,` were the decimal
  /// mark, and some value has one: the column `--decimal ,` reads as numbers.
  public func looksLikeNumbers(_ kinds: ValueKindCounts) -> Bool {
    kinds.strings > 0 && shaped == kinds.strings && commas > 0 && kinds.floats == 0
      && kinds.booleans == 0 && kinds.datetimes == 0
  }
}

extension RawColumn {
  /// Every value would be a number with `,` as the decimal mark, and some value has one:
  /// the column `--decimal ,` reads as numbers. Stops at the first value that is not.
  public var looksLikeDecimalCommaNumbers: Bool {
    var commas = 0
    for row in 0..<count where !missing[row] {
      switch withField(row, DecimalComma.shape) {
      case .other: return false
      case .decimalComma: commas += 1
      case .digits: break
      }
    }
    return commas > 0
  }
}
