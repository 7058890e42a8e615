#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The kind of one non-missing field value, with its number when it has one.
public enum ValueKind: UInt8, Sendable {
  case boolean, integer, float, datetime, string
}

/// Classifies and parses field bytes: booleans, integers, floats and ISO 8601 date-times.
public enum ValueParser {
  /// 10^exponent for 0...22, the powers of ten a double holds exactly. A switch of literals
  /// compiles to a constant table: no lazy global to check on every parsed number.
  @inline(__always)
  static func powerOfTen(_ exponent: Int) -> Double {
    switch exponent {
    case 0: return 1
    case 1: return 1e1
    case 2: return 1e2
    case 3: return 1e3
    case 4: return 1e4
    case 5: return 1e5
    case 6: return 1e6
    case 7: return 1e7
    case 8: return 1e8
    case 9: return 1e9
    case 10: return 1e10
    case 11: return 1e11
    case 12: return 1e12
    case 13: return 1e13
    case 14: return 1e14
    case 15: return 1e15
    case 16: return 1e16
    case 17: return 1e17
    case 18: return 1e18
    case 19: return 1e19
    case 20: return 1e20
    case 21: return 1e21
    default: return 1e22
    }
  }

  /// Parses an integer: optional sign, digits, no leading zeros, fits in 64 bits.
  public static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
    var index = 0
    let count = bytes.count
    var negative = false
    if count > 0 && (bytes[0] == 0x2D || bytes[0] == 0x2B) {
      negative = bytes[0] == 0x2D
      index = 1
    }
    let digits = count - index
    guard digits > 0, digits <= 19 else { return nil }
    if bytes[index] == 0x30 && digits > 1 { return nil }
    var magnitude: UInt64 = 0
    while index < count {
      let digit = bytes[index] &- 0x30
      guard digit < 10 else { return nil }
      magnitude = magnitude &* 10 &+ UInt64(digit)
      index += 1
    }
    if digits == 19 && magnitude < 1_000_000_000_000_000_000 { return nil }  // wrapped
    if negative {
      guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
      return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
    }
    guard magnitude <= UInt64(Int64.max) else { return nil }
    return Int64(magnitude)
  }

  /// Parses a decimal number (`1.5`, `-.5`, `2e-3`, `inf`), correctly rounded. A number too
  /// large for a double (`1e400`) is not one: nil (see `overflows`).
  public static func double(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    decimal(bytes, allowOverflow: false)
  }

  /// Whether `bytes` is a decimal number too large for a double (`1e400`, `-2e308`): a value
  /// error, unlike the explicit `inf`. Only called on the rare path of a value that is not a
  /// number.
  public static func overflows(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = bytes.first(where: { $0 != 0x2D && $0 != 0x2B }), first | 0x20 != 0x69
    else { return false }
    return decimal(bytes, allowOverflow: true)?.isInfinite == true
  }

  @inline(__always)
  static func decimal(_ bytes: UnsafeBufferPointer<UInt8>, allowOverflow: Bool) -> Double? {
    let count = bytes.count
    guard count > 0 else { return nil }
    var index = 0
    var negative = false
    if bytes[0] == 0x2D || bytes[0] == 0x2B {
      negative = bytes[0] == 0x2D
      index = 1
    }
    guard index < count else { return nil }
    let first = bytes[index] | 0x20
    if first == UInt8(ascii: "i") {
      let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[index...]), as: UTF8.self)
        .lowercased()
      guard word == "inf" || word == "infinity" else { return nil }
      return negative ? -.infinity : .infinity
    }
    var mantissa: UInt64 = 0
    var significant = 0
    var exponent = 0
    var digits = 0
    var exact = true
    while index < count, bytes[index] &- 0x30 < 10 {
      let digit = UInt64(bytes[index] &- 0x30)
      if significant < 19 {
        if mantissa != 0 || digit != 0 { significant += 1 }
        mantissa = mantissa * 10 + digit
      } else {
        exponent += 1
        if digit != 0 { exact = false }
      }
      digits += 1
      index += 1
    }
    if index < count && bytes[index] == 0x2E {
      index += 1
      while index < count, bytes[index] &- 0x30 < 10 {
        let digit = UInt64(bytes[index] &- 0x30)
        if significant < 19 {
          if mantissa != 0 || digit != 0 { significant += 1 }
          mantissa = mantissa * 10 + digit
          exponent -= 1
        } else if digit != 0 {
          exact = false
        }
        digits += 1
        index += 1
      }
    }
    guard digits > 0 else { return nil }
    if index < count && (bytes[index] | 0x20) == UInt8(ascii: "e") {
      index += 1
      var negativeExponent = false
      if index < count && (bytes[index] == 0x2D || bytes[index] == 0x2B) {
        negativeExponent = bytes[index] == 0x2D
        index += 1
      }
      var value = 0
      var expDigits = 0
      while index < count, bytes[index] &- 0x30 < 10 {
        if value < 100_000 { value = value * 10 + Int(bytes[index] &- 0x30) }
        expDigits += 1
        index += 1
      }
      guard expDigits > 0 else { return nil }
      exponent += negativeExponent ? -value : value
    }
    guard index == count else { return nil }
    // Clinger's fast path: both the mantissa and the power of ten are exact doubles.
    if exact && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
      var value = Double(mantissa)
      value = exponent < 0 ? value / powerOfTen(-exponent) : value * powerOfTen(exponent)
      return negative ? -value : value
    }
    // Up to 19 digits over a power of ten up to 10^27, as `predict` writes probabilities (17
    // significant digits, so past the fast path): the exact quotient, rounded once. strtod
    // rounds correctly too, so the bits are the same, at a tenth of the cost.
    if exact && mantissa != 0 && exponent < 0 && exponent >= -27 {
      let value = quotient(mantissa, powerOfTen: -exponent)
      return negative ? -value : value
    }
    if exact && exponent == 0 {
      let value = Double(mantissa)  // rounded to nearest, ties to even, as strtod rounds
      return negative ? -value : value
    }
    // Only digits, a point and an exponent reach strtod, so an infinite result is an overflow.
    guard let value = slowDouble(bytes), allowOverflow || value.isFinite else { return nil }
    return value
  }

  /// 5^0 ... 5^27, the odd parts of the powers of ten `quotient` divides by (5^27 < 2^63).
  private static let fivePowers: [UInt64] = {
    var powers: [UInt64] = [1]
    for _ in 1...27 { powers.append(powers[powers.count - 1] * 5) }
    return powers
  }()

  /// `mantissa / 10^digits` correctly rounded (to nearest, ties to even), for a nonzero
  /// mantissa and `1 <= digits <= 27`: the mantissa, shifted left so the quotient by 5^digits
  /// has 63 or 64 bits, is divided in 128-bit integers; a nonzero remainder is folded into
  /// the quotient's lowest bit (far below a double's 53) so that the one rounding to double
  /// sees it, and the power of two left over scales the result exactly.
  @inline(__always)
  static func quotient(_ mantissa: UInt64, powerOfTen digits: Int) -> Double {
    let divisor = fivePowers[digits]
    let divisorBits = 64 - divisor.leadingZeroBitCount
    // The dividend gets 63 + divisorBits bits, so its high word is below the divisor.
    let shift = 63 - (64 - mantissa.leadingZeroBitCount) + divisorBits
    let high: UInt64 =
      shift == 0 ? 0 : shift >= 64 ? mantissa << (shift - 64) : mantissa >> (64 - shift)
    let low: UInt64 = shift >= 64 ? 0 : mantissa << shift
    let (quotient, remainder) = divisor.dividingFullWidth((high, low))
    let rounded = Double(quotient | (remainder == 0 ? 0 : 1))
    // 2^-(shift + digits) is a normal double (the exponent is at most 152), and the result,
    // at least 10^-27, too: the scaling is exact.
    return rounded * Double(bitPattern: UInt64(1023 - shift - digits) << 52)
  }

  /// Exact conversion through the C library for the rare inputs outside the fast path.
  private static func slowDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    var text = [CChar](repeating: 0, count: bytes.count + 1)
    for index in 0..<bytes.count { text[index] = CChar(bitPattern: bytes[index]) }
    return text.withUnsafeBufferPointer { buffer -> Double? in
      guard let base = buffer.baseAddress else { return nil }
      var endPointer: UnsafeMutablePointer<CChar>? = nil
      let value = strtod(base, &endPointer)
      guard let endPointer, endPointer == UnsafeMutablePointer(mutating: base + bytes.count) else {
        return nil
      }
      return value
    }
  }

  /// `true` or `false` in any letter case.
  public static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    if bytes.count == 4 {
      if bytes[0] | 0x20 == 0x74 && bytes[1] | 0x20 == 0x72 && bytes[2] | 0x20 == 0x75
        && bytes[3] | 0x20 == 0x65
      {
        return true
      }
    } else if bytes.count == 5 {
      if bytes[0] | 0x20 == 0x66 && bytes[1] | 0x20 == 0x61 && bytes[2] | 0x20 == 0x6C
        && bytes[3] | 0x20 == 0x73 && bytes[4] | 0x20 == 0x65
      {
        return false
      }
    }
    return nil
  }

  /// An ISO 8601 date (`2024-02-29`) or date-time (`2024-02-29T13:05:00.5+01:00`, `T` or space).
  public static func isDateTime(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = bytes.count
    guard count >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return false }
    @inline(__always) func number(_ from: Int, _ width: Int) -> Int? {
      guard from + width <= count else { return nil }
      var value = 0
      var index = from
      while index < from + width {
        let digit = bytes[index] &- 0x30
        guard digit < 10 else { return nil }
        value = value &* 10 &+ Int(digit)
        index += 1
      }
      return value
    }
    guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
      (1...12).contains(month), day >= 1
    else { return false }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    // 31 days in odd months up to July and even months from August; 30 in the others.
    let days = month == 2 ? (leap ? 29 : 28) : 30 + ((month ^ (month >> 3)) & 1)
    guard day <= days else { return false }
    if count == 10 { return true }
    guard bytes[10] == 0x54 || bytes[10] == 0x20, let hour = number(11, 2), hour < 24,
      count >= 16, bytes[13] == 0x3A, let minute = number(14, 2), minute < 60
    else { return false }
    var index = 16
    if index < count && bytes[index] == 0x3A {
      guard let second = number(index + 1, 2), second <= 60 else { return false }
      index += 3
      if index < count && (bytes[index] == 0x2E || bytes[index] == 0x2C) {
        index += 1
        let start = index
        while index < count && bytes[index] &- 0x30 < 10 { index += 1 }
        guard index > start else { return false }
      }
    }
    if index == count { return true }
    if bytes[index] == 0x5A { return index + 1 == count }
    guard bytes[index] == 0x2B || bytes[index] == 0x2D, let offsetHours = number(index + 1, 2),
      offsetHours < 24
    else { return false }
    index += 3
    if index == count { return true }
    if bytes[index] == 0x3A { index += 1 }
    guard let offsetMinutes = number(index, 2), offsetMinutes < 60 else { return false }
    return index + 2 == count
  }
}

extension ValueParser {
  /// A field read as a number in one pass: an integer (also given as a double), a float, or
  /// `.string` when it is neither.
  public struct Number: Sendable {
    public var kind: ValueKind
    public var integer: Int64
    public var double: Double
  }

  /// Reads `bytes` as an integer or a float in one pass (the common float shapes never go
  /// through a second parse).
  @inline(__always)
  public static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Number {
    let count = bytes.count
    let notNumber = Number(kind: .string, integer: 0, double: 0)
    guard count > 0, let base = bytes.baseAddress else { return notNumber }
    var index = 0
    var negative = false
    let first = base[0]
    if first == 0x2D || first == 0x2B {
      negative = first == 0x2D
      index = 1
    } else if first &- 0x30 >= 10 && first != 0x2E && first | 0x20 != 0x69 {
      return notNumber  // cannot start a number: most strings stop here
    }
    let firstDigit = index
    var mantissa: UInt64 = 0
    while index < count {
      let digit = base[index] &- 0x30
      if digit >= 10 { break }
      mantissa = mantissa &* 10 &+ UInt64(digit)
      index += 1
    }
    let digits = index - firstDigit
    if index == count {
      guard digits > 0 else { return notNumber }
      if digits <= 18 && (base[firstDigit] != 0x30 || digits == 1) {
        let value = negative ? -Int64(mantissa) : Int64(mantissa)
        return Number(kind: .integer, integer: value, double: Double(value))
      }
      if let value = integer(bytes) {
        return Number(kind: .integer, integer: value, double: Double(value))
      }
      // Leading zeros or too long for 64 bits: an identifier, not a number.
      return notNumber
    }
    // Fast path for `digits.digits` with at most 18 significant digits and no exponent.
    if base[index] == 0x2E && digits <= 18 {
      var fraction = index + 1
      var total = digits
      while fraction < count {
        let digit = base[fraction] &- 0x30
        if digit >= 10 { break }
        if total >= 18 { break }
        mantissa = mantissa &* 10 &+ UInt64(digit)
        total += 1
        fraction += 1
      }
      let scale = fraction - index - 1
      if fraction == count && total > 0 && mantissa <= 1 << 53 && scale <= 22 {
        var value = Double(mantissa) / powerOfTen(scale)
        if negative { value = -value }
        return Number(kind: .float, integer: 0, double: value)
      }
      // `digits.digits` followed by a short exponent (`6.148e-04`), still within Clinger's
      // fast path: the mantissa and the power of ten are exact, so one operation rounds right.
      if fraction + 1 < count && base[fraction] | 0x20 == 0x65 && total > 0
        && mantissa <= 1 << 53
      {
        var at = fraction + 1
        let negativeExponent = base[at] == 0x2D
        if base[at] == 0x2D || base[at] == 0x2B { at += 1 }
        var exponent = 0
        let exponentStart = at
        while at < count && at - exponentStart < 4 {
          let digit = base[at] &- 0x30
          if digit >= 10 { break }
          exponent = exponent * 10 + Int(digit)
          at += 1
        }
        let power = (negativeExponent ? -exponent : exponent) - scale
        if at == count && at > exponentStart && power >= -22 && power <= 22 {
          var value =
            power < 0 ? Double(mantissa) / powerOfTen(-power) : Double(mantissa) * powerOfTen(power)
          if negative { value = -value }
          return Number(kind: .float, integer: 0, double: value)
        }
      }
    }
    let next = base[index]
    guard next == 0x2E || next | 0x20 == 0x65 || next | 0x20 == 0x69 || digits == 0 else {
      return notNumber
    }
    guard let value = double(bytes) else { return notNumber }
    return Number(kind: .float, integer: 0, double: value)
  }
}
