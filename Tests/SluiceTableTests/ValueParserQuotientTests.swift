import Foundation
import XCTest

@testable import SluiceTable

/// The integer-quotient path of `ValueParser.double` (up to 19 digits over up to 10^27, as
/// `predict` writes probabilities) gives strtod's bits, and the radix sort's narrower digits
/// for short runs still sort (issue 17: evaluate and drift on wide mixed tables).
final class ValueParserQuotientTests: XCTestCase {
  private struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  private func parsed(_ text: String) -> Double? {
    Array(text.utf8).withUnsafeBufferPointer(ValueParser.double)
  }

  private func assertMatchesStrtod(
    _ text: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    let expected = strtod(text, nil)
    XCTAssertEqual(parsed(text)?.bitPattern, expected.bitPattern, text, file: file, line: line)
  }

  func testFullDigitProbabilitiesMatchStrtod() {
    var generator = Generator(state: 2026)
    for _ in 0..<200_000 {
      // Shortest round-trip text, as predict writes a probability.
      let value = Double.random(in: 0...1, using: &generator)
      assertMatchesStrtod("\(value)")
      assertMatchesStrtod("-\(1 - value)")
    }
  }

  func testLongMantissasOverPowersOfTenMatchStrtod() {
    var generator = Generator(state: 17)
    for _ in 0..<200_000 {
      let bits = Int.random(in: 1...64, using: &generator)
      var mantissa = UInt64.random(in: 1...UInt64.max, using: &generator) >> UInt64(64 - bits)
      mantissa = max(1, min(mantissa, 9_999_999_999_999_999_999))
      let digits = Int.random(in: 1...27, using: &generator)
      assertMatchesStrtod("\(mantissa)e-\(digits)")
      // The same number with a decimal point.
      var text = String(mantissa)
      if digits < text.count {
        text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        assertMatchesStrtod(text)
      }
    }
    // Halfway cases and the ends of the range.
    for digits in 1...27 {
      for mantissa: UInt64 in [
        1, 5, 9_007_199_254_740_993, 18_014_398_509_481_985, 9_999_999_999_999_999_999,
        12_345_678_901_234_567_891,
      ] {
        assertMatchesStrtod("\(mantissa)e-\(digits)")
      }
    }
    for text in ["12345678901234567", "9007199254740993", "18446744073709551615", "-0.0"] {
      assertMatchesStrtod(text)
    }
  }

  func testRadixSortStillSortsRunsTiedOnTheTopBits() {
    var generator = Generator(state: 5)
    for round in 0..<40 {
      let count = Int.random(in: 300...60_000, using: &generator)
      // Six decimals over a few exponents: long runs tied on the top 24 key bits.
      let values = (0..<count).map { _ in
        (Double.random(in: -3...3, using: &generator) * 1e6).rounded() / 1e6
      }
      XCTAssertEqual(RadixSort.sorted(values), values.sorted(), "round \(round)")
      let order = RadixSort.order(of: values).rows.map(Int.init)
      let stable = values.indices.sorted {
        values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1)
      }
      XCTAssertEqual(order, stable, "round \(round)")
    }
  }
}
