import XCTest

@testable import SluiceTable

/// `ValueParser.number`, the one-pass parser the hot paths use, against Swift's own parser.
final class NumberParserTests: XCTestCase {
  func parse(_ text: String) -> ValueParser.Number {
    Array(text.utf8).withUnsafeBufferPointer { ValueParser.number($0) }
  }

  func testShapes() {
    XCTAssertEqual(parse("42").kind, .integer)
    XCTAssertEqual(parse("-7").integer, -7)
    XCTAssertEqual(parse("007").kind, .string)
    XCTAssertEqual(parse("0").kind, .integer)
    XCTAssertEqual(parse("1.5").double, 1.5)
    XCTAssertEqual(parse("-.5").double, -0.5)
    XCTAssertEqual(parse("5.").double, 5.0)
    XCTAssertEqual(parse("1e3").double, 1000)
    XCTAssertEqual(parse("inf").double, .infinity)
    XCTAssertEqual(parse("1.2.3").kind, .string)
    XCTAssertEqual(parse(".").kind, .string)
    XCTAssertEqual(parse("-").kind, .string)
    XCTAssertEqual(parse("east").kind, .string)
    XCTAssertEqual(parse("").kind, .string)
    XCTAssertEqual(parse("12345678901234567890").kind, .string)
    XCTAssertEqual(parse("0.12345678901234567890123").double, 0.12345678901234567890123)
  }

  func testRandomDecimalsMatchSwiftBitForBit() {
    var state: UInt64 = 0x1234_5678
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 17
    }
    for _ in 0..<200_000 {
      let whole = String(next() % 1_000_000_000)
      let fractionDigits = Int(next() % 20)
      var fraction = ""
      for _ in 0..<fractionDigits { fraction += String(next() % 10) }
      let sign = next() % 3 == 0 ? "-" : ""
      let text = sign + whole + "." + fraction
      let parsed = parse(text)
      guard let expected = Double(text) else { continue }
      XCTAssertEqual(parsed.kind, .float, text)
      XCTAssertEqual(parsed.double.bitPattern, expected.bitPattern, text)
      if parsed.double.bitPattern != expected.bitPattern { return }
    }
  }
}
