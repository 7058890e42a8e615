import XCTest

@testable import SluiceCore

/// The one number formatter outside JSON: one spelling of NaN and the infinities.
final class NumberTextTests: XCTestCase {
  func testNonFiniteValuesHaveOneSpelling() {
    for format in [NumberText.exact, NumberText.plain, { NumberText.short($0) }] {
      XCTAssertEqual(format(.nan), "nan")
      XCTAssertEqual(format(.infinity), "inf")
      XCTAssertEqual(format(-.infinity), "-inf")
    }
    XCTAssertEqual(NumberText.signed(.nan), "nan")
  }

  func testExactIsCanonicalJSONForFiniteValues() {
    let values = [0.1, 1.0 / 3, 3.0, -0.0, 1e-30, 5e-324, 1.7976931348623157e308]
    XCTAssertEqual(values.count, 7)
    for value in values {
      XCTAssertEqual(NumberText.exact(value), CanonicalJSON.formatDouble(value))
      XCTAssertEqual(Double(NumberText.exact(value)), value)
    }
  }

  func testPlainShortAndSigned() {
    XCTAssertEqual(NumberText.plain(3), "3")
    XCTAssertEqual(NumberText.plain(0.25), "0.25")
    XCTAssertEqual(NumberText.short(0.123456789), "0.1235")
    XCTAssertEqual(NumberText.short(123456.7), "123457")
    XCTAssertEqual(NumberText.short(0.000123456, digits: 2), "0.00012")
    XCTAssertEqual(NumberText.short(0.693147180559945, digits: 6), "0.693147")
    XCTAssertEqual(NumberText.signed(0.0123), "+0.0123")
    XCTAssertEqual(NumberText.signed(-0.3), "-0.3")
  }
}
