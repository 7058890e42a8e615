import SluiceCore
import XCTest

/// `JSONParser.parse(_:file:nonFiniteWords:)`: Python's bare NaN and Infinity, read as words
/// by the one parser (no token patcher), with the parser's own error positions kept.
final class JSONParserNonFiniteTests: XCTestCase {
  private func parse(_ text: String) throws(JSONParseError) -> JSONValue {
    try JSONParser.parse(Array(text.utf8), file: "m.json", nonFiniteWords: true)
  }

  private func failure(_ text: String) -> JSONParseError? {
    do {
      _ = try parse(text)
      return nil
    } catch {
      return error
    }
  }

  func testBareWordsBecomeStringsAnywhereAValueGoes() throws {
    let value = try parse(#"{"a": NaN, "b": [Infinity, -Infinity, -1, "NaN"], "c": {"d": NaN}}"#)
    XCTAssertEqual(
      value,
      [
        "a": .string("NaN"), "b": [.string("Infinity"), .string("-Infinity"), -1, "NaN"],
        "c": ["d": .string("NaN")],
      ])
    XCTAssertEqual(try parse("NaN"), .string("NaN"))
  }

  func testWithoutTheOptionTheWordsAreErrors() {
    var cases = 0
    for text in ["NaN", "[Infinity]", #"{"a": -Infinity}"#] {
      XCTAssertThrowsError(try JSONParser.parse(Array(text.utf8), file: "m.json"), text)
      cases += 1
    }
    XCTAssertEqual(cases, 3)
  }

  func testErrorsPointAtTheRealProblem() {
    let misspelt = failure(#"{"loss": Nan}"#)
    XCTAssertEqual(misspelt?.message, "invalid literal; expected 'NaN'")
    XCTAssertEqual(misspelt?.location?.column, 10)
    let truncated = failure("[-Inf]")
    XCTAssertEqual(truncated?.message, "invalid literal; expected '-Infinity'")
    XCTAssertEqual(truncated?.location?.column, 2)
    // A syntax error after a bare NaN is reported where it is, not at the NaN.
    let later = failure("{\"loss\": NaN,\n \"x\": [1 2]}")
    XCTAssertEqual(later?.message, "expected ',' or ']' after array element")
    XCTAssertEqual(later?.location?.line, 2)
    XCTAssertEqual(later?.location?.column, 10)
  }

  func testDepthLimitStillHolds() {
    let deep = String(repeating: "[", count: JSONParser.maximumDepth + 1) + "NaN"
    XCTAssertNotNil(failure(deep)?.message)
    let fits =
      String(repeating: "[", count: JSONParser.maximumDepth) + "NaN"
      + String(repeating: "]", count: JSONParser.maximumDepth)
    XCTAssertNil(failure(fits))
  }
}
