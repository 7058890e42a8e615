import Foundation
import SluiceCore
import XCTest

@testable import SluiceTable

/// Integers, doubles, booleans and date-times parsed from field bytes.
final class ValueParserTests: XCTestCase {
  private func bytes<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
    Array(text.utf8).withUnsafeBufferPointer(body)
  }

  private func integer(_ text: String) -> Int64? { bytes(text, ValueParser.integer) }
  private func double(_ text: String) -> Double? { bytes(text, ValueParser.double) }
  private func boolean(_ text: String) -> Bool? { bytes(text, ValueParser.boolean) }
  private func isDateTime(_ text: String) -> Bool { bytes(text, ValueParser.isDateTime) }
  private func number(_ text: String) -> ValueParser.Number { bytes(text, ValueParser.number) }

  // MARK: Integers

  func testIntegers() {
    let cases: [(String, Int64?)] = [
      ("0", 0), ("-0", 0), ("+7", 7), ("42", 42), ("-42", -42),
      ("9223372036854775807", .max), ("-9223372036854775808", .min),
      ("9223372036854775808", nil), ("-9223372036854775809", nil),
      ("18446744073709551615", nil), ("18446744073709551616", nil),
      ("99999999999999999999", nil), ("9999999999999999999", nil),
      ("1000000000000000000", 1_000_000_000_000_000_000),
      ("007", nil), ("00", nil), ("-01", nil), ("", nil), ("-", nil), ("+", nil),
      ("1.0", nil), ("1e3", nil), (" 1", nil), ("1 ", nil), ("1_000", nil), ("0x10", nil),
      ("--1", nil), ("1-", nil),
    ]
    for (text, expected) in cases {
      XCTAssertEqual(integer(text), expected, text)
    }
  }

  func testNumberKinds() {
    let integers: [(String, Int64)] = [
      ("0", 0), ("-0", 0), ("12", 12), ("+5", 5), ("-9223372036854775808", .min),
      ("9223372036854775807", .max), ("123456789012345678", 123_456_789_012_345_678),
    ]
    for (text, value) in integers {
      let parsed = number(text)
      XCTAssertEqual(parsed.kind, .integer, text)
      XCTAssertEqual(parsed.integer, value, text)
      XCTAssertEqual(parsed.double, Double(value), text)
    }
    for text in ["1.5", "-.5", "5.", "1e3", "-2E-2", "inf", "-Infinity", "007.5"] {
      let parsed = number(text)
      XCTAssertEqual(parsed.kind, .float, text)
      XCTAssertEqual(parsed.double, double(text), text)
    }
    for text in [
      "", "007", "00", "9223372036854775808", "abc", "1,5", "-", ".", "nan", "1.2.3", "12i",
      "2024-01-01", "true",
    ] {
      XCTAssertEqual(number(text).kind, .string, text)
    }
  }

  // MARK: Doubles

  func testDoublesMatchSwift() {
    let cases = [
      "0", "-0", "0.0", "-0.0", "1", "1e-7", ".5", "5.", "-.5", "+.5", "+1.5", "1E5", "1e+5",
      "1.e5", "00012", "0.1", "0.30000000000000004", "1e308", "1.7976931348623157e308",
      "1.7976931348623159e308", "1e309", "-1e400", "4.9e-324", "2e-324", "1e-400",
      "2.2250738585072014e-308", "2.2250738585072011e-308", "12345678901234567890",
      "1234567890.1234567890", "12345678901234567890123456789e-10", "9007199254740993",
      "9007199254740992", "9007199254740993.0000000000001", "123456789012345678901234567890",
      "0.000000000000000000000000000001", "7.0e-10", "1e22", "1e23", "8.589973e9",
      "3.141592653589793238462643383279", "100000000000000000000000", "1e0000000000000000001",
      "0e999999999", "1.00000000000000011102230246251565404236316680908203125",
      "1.00000000000000011102230246251565404236316680908203124",
      "1.00000000000000011102230246251565404236316680908203126",
    ]
    for text in cases {
      guard let expected = Double(text) else {
        XCTFail("Swift does not parse \(text)")
        continue
      }
      let actual = double(text)
      // A number too large for a double is a value error, not infinity.
      XCTAssertEqual(
        actual?.bitPattern, expected.isInfinite ? nil : expected.bitPattern,
        "\(text): \(String(describing: actual)) vs \(expected)")
      XCTAssertEqual(bytes(text, ValueParser.overflows), expected.isInfinite, text)
    }
  }

  func testOverflowIsNotANumberButExplicitInfinityIs() {
    for text in ["1e400", "-1e400", "+2.5E+308", "1797693134862315907729e288"] {
      XCTAssertNil(double(text), text)
      XCTAssertEqual(number(text).kind, .string, text)
      XCTAssertTrue(bytes(text, ValueParser.overflows), text)
    }
    for text in ["inf", "-inf", "Infinity", "1e308", "1e-400", "abc", "", "1,5"] {
      XCTAssertFalse(bytes(text, ValueParser.overflows), text)
    }
    XCTAssertEqual(double("-inf"), -.infinity)
    XCTAssertEqual(number("inf").kind, .float)
  }

  func testNegativeZeroKeepsItsSign() {
    XCTAssertEqual(double("-0.0")?.sign, .minus)
    XCTAssertEqual(double("-0")?.sign, .minus)
    XCTAssertEqual(double("0.0")?.sign, .plus)
  }

  func testInfinity() {
    for text in ["inf", "INF", "Infinity", "+inf", "infinity"] {
      XCTAssertEqual(double(text), .infinity, text)
    }
    for text in ["-inf", "-Infinity"] {
      XCTAssertEqual(double(text), -.infinity, text)
    }
    for text in ["infin", "in", "infinityx", "-i"] {
      XCTAssertNil(double(text), text)
    }
  }

  func testRejectedDoubles() {
    for text in [
      "", "-", "+", ".", "-.", "e5", ".e5", "1e", "1e+", "1e-", "1.2.3", "1,5", " 1", "1 ", "0x10",
      "nan", "NaN", "1_000", "--1", "1d", "1f", "e", "١", "1e5.5",
    ] {
      XCTAssertNil(double(text), text)
    }
  }

  /// 100,000 generated decimal strings must parse bit-identically to Swift's `Double(String)`.
  func testRandomDecimalStringsMatchSwift() {
    var state: UInt64 = 0xD1CE_5EED
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    func digits(_ count: Int) -> String {
      var text = ""
      for _ in 0..<count { text.append(Character(UnicodeScalar(UInt8(48 + next(10))))) }
      return text
    }
    var failures: [String] = []
    var fastAndSlow = (integersOnly: 0, withExponent: 0)
    for _ in 0..<100_000 {
      var text = ["", "", "-", "+"][next(4)]
      let shape = next(10)
      let integerDigits = shape < 3 ? next(4) : shape < 8 ? next(18) : next(30)
      text += digits(integerDigits)
      if next(4) != 0 || integerDigits == 0 {
        text += "."
        let fraction = shape < 5 ? next(8) : next(28)
        text += digits(integerDigits == 0 && fraction == 0 ? 1 : fraction)
      }
      if next(3) == 0 {
        text += ["e", "E"][next(2)] + ["", "-", "+"][next(3)]
        text += "\(next(4) == 0 ? next(400) : next(30))"
        fastAndSlow.withExponent += 1
      } else {
        fastAndSlow.integersOnly += 1
      }
      guard let expected = Double(text) else {
        failures.append("Swift rejects \(text)")
        continue
      }
      let actual = double(text)
      if actual?.bitPattern != (expected.isInfinite ? nil : expected.bitPattern) {
        failures.append("\(text): \(String(describing: actual)) vs \(expected)")
      }
      let parsed = number(text)
      if parsed.kind == .float && parsed.double.bitPattern != expected.bitPattern {
        failures.append("number(\(text)): \(parsed.double) vs \(expected)")
      }
      if failures.count >= 20 { break }
    }
    XCTAssertEqual(failures, [])
    XCTAssertGreaterThan(fastAndSlow.withExponent, 20_000)
  }

  /// Doubles printed by Swift (shortest round-trip form and 17 digits) read back exactly.
  func testRoundTripOfRandomDoubles() {
    var state: UInt64 = 42
    var failures: [String] = []
    for _ in 0..<20_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let value = Double(bitPattern: state)
      guard value.isFinite else { continue }
      for text in [
        value.description, String(format: "%.17g", value), String(format: "%.3e", value),
      ] {
        guard let expected = Double(text) else { continue }
        if double(text)?.bitPattern != expected.bitPattern {
          failures.append("\(text): \(String(describing: double(text))) vs \(expected)")
        }
      }
      if failures.count >= 20 { break }
    }
    XCTAssertEqual(failures, [])
  }

  // MARK: Booleans

  func testBooleans() {
    for text in ["true", "TRUE", "True", "tRuE"] { XCTAssertEqual(boolean(text), true, text) }
    for text in ["false", "FALSE", "False", "fAlSe"] { XCTAssertEqual(boolean(text), false, text) }
    for text in ["", "t", "f", "yes", "no", "1", "0", "truee", "fals", " true", "trüe"] {
      XCTAssertNil(boolean(text), text)
    }
  }

  // MARK: Date-times

  func testDateTimesAccepted() {
    for text in [
      "2024-02-29", "2000-02-29", "1999-12-31", "2024-01-01T00:00", "2024-01-01 23:59",
      "2024-01-01T23:59:59", "2024-06-30T23:59:60", "2024-01-01T10:00:00.5",
      "2024-01-01T10:00:00,123456", "2024-01-01T10:00:00Z", "2024-01-01T10:00Z",
      "2024-01-01T10:00:00.25Z", "2024-01-01T10:00:00+01:00", "2024-01-01T10:00:00-05:30",
      "2024-01-01T10:00:00-0530", "2024-01-01T10:00+01", "2024-01-01 10:00:00.000+00:00",
    ] {
      XCTAssertTrue(isDateTime(text), text)
    }
  }

  /// The last day of every month, leap years by the Gregorian rule, against Foundation's
  /// calendar.
  func testMonthLengthsFollowTheGregorianCalendar() {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    for year in [1900, 1999, 2000, 2023, 2024, 2100] {
      for month in 1...12 {
        let first = calendar.date(from: DateComponents(year: year, month: month, day: 1))
        let length = first.flatMap { calendar.range(of: .day, in: .month, for: $0)?.count } ?? 0
        for day in 27...32 {
          let text = String(format: "%04d-%02d-%02d", year, month, day)
          XCTAssertEqual(isDateTime(text), day <= length, text)
        }
      }
    }
  }

  func testDateTimesRejected() {
    for text in [
      "", "2023-02-29", "1900-02-29", "2100-02-29", "2024-02-30", "2024-04-31", "2024-13-01",
      "2024-00-10", "2024-01-00", "2024-1-01", "24-01-01", "2024/01/01", "20240101",
      "2024-01-01T", "2024-01-01 ", "2024-01-01x", "2024-01-01T24:00", "2024-01-01T10:60",
      "2024-01-01T10", "2024-01-01T1:00", "2024-01-01t10:00", "2024-01-01T10:00:61",
      "2024-01-01T10:00:00.", "2024-01-01T10:00.5", "2024-01-01T10:00:00ZZ",
      "2024-01-01T10:00:00z", "2024-01-01T10:00:00+24:00", "2024-01-01T10:00:00+01:60",
      "2024-01-01T10:00:00+1", "2024-01-01T10:00:00+01:", "2024-01-01T10:00:00+01:0",
      "2024-01-01T10:00:00 +01:00", "abcd-ef-gh", "2024-01-01T10:00:00+01:00:00",
    ] {
      XCTAssertFalse(isDateTime(text), text)
    }
  }

  // MARK: Null tokens

  func testNullMatcher() {
    let matcher = NullMatcher(tokens: ReadOptions.defaultNullTokens)
    for text in ["", "NA", "N/A", "null", "NULL", "NaN", "nan"] {
      XCTAssertTrue(bytes(text, matcher.matches), text)
    }
    for text in ["na", "Null", "NAN", " ", "NA ", "none", "-"] {
      XCTAssertFalse(bytes(text, matcher.matches), text)
    }
    let long = String(repeating: "x", count: 70)
    let custom = NullMatcher(tokens: [long, "-"])
    XCTAssertTrue(bytes(long, custom.matches))
    XCTAssertFalse(bytes(String(repeating: "x", count: 71), custom.matches))
    XCTAssertFalse(bytes("", custom.matches))
  }
}
