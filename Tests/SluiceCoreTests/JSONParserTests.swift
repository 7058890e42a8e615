import SluiceCore
import XCTest

final class JSONParserTests: XCTestCase {
  func parse(_ text: String) throws -> JSONValue {
    try JSONParser.parse(text, file: "in.json")
  }

  func failure(_ text: String, file: StaticString = #filePath, line: UInt = #line)
    -> JSONParseError?
  {
    do {
      let value = try JSONParser.parse(Array(text.utf8), file: "in.json")
      XCTFail("expected an error, got \(value)", file: file, line: line)
      return nil
    } catch {
      return error
    }
  }

  func testValues() throws {
    let value = try parse(
      #" { "a": [1, -2.5, 3e2, true, false, null], "s": "x\u00e9\ud83d\ude00\n" } "#)
    XCTAssertEqual(
      value,
      ["a": [1, -2.5, 300.0, true, false, nil], "s": .string("xé😀\n")])
    XCTAssertEqual(value["a"]?[0]?.intValue, 1)
    XCTAssertEqual(value["a"]?[1]?.doubleValue, -2.5)
    XCTAssertNil(value["a"]?[9])
    XCTAssertEqual(value["s"]?.stringValue, "xé😀\n")
  }

  func testIntegersAndDoubles() throws {
    XCTAssertEqual(try parse("9223372036854775807"), .int(Int64.max))
    XCTAssertEqual(try parse("-9223372036854775808"), .int(Int64.min))
    XCTAssertEqual(try parse("9223372036854775808"), .double(9_223_372_036_854_775_808))
    XCTAssertEqual(try parse("1.0"), .double(1))
    XCTAssertEqual(try parse("-0"), .int(0))
    XCTAssertEqual(try parse("1E-2"), .double(0.01))
  }

  func testErrorLocationsAndMessages() {
    let missingComma = failure("{\n  \"a\": 1\n  \"b\": 2\n}")
    XCTAssertEqual(missingComma?.message, "expected ',' or '}' after object member")
    XCTAssertEqual(missingComma?.location?.line, 3)
    XCTAssertEqual(missingComma?.location?.column, 3)
    XCTAssertEqual(missingComma?.location?.file, "in.json")
    XCTAssertEqual(missingComma?.exitCode.rawValue, 65)
    if let missingComma {
      XCTAssertEqual(
        Diagnostic.render(error: missingComma, tool: "gate"),
        "in.json:3:3: error: expected ',' or '}' after object member")
    }

    let array = failure("[1 2]")
    XCTAssertEqual(array?.message, "expected ',' or ']' after array element")
    XCTAssertEqual(array?.location?.column, 4)
  }

  func testColumnsCountScalarsNotBytes() {
    let error = failure("[\"ééé\" x]")
    XCTAssertEqual(error?.location?.column, 8)
    XCTAssertEqual(error?.location?.byteOffset, 10)
  }

  func testStrictnessErrors() {
    XCTAssertEqual(failure("")?.message, "unexpected end of input; expected a value")
    XCTAssertEqual(failure("{\"a\":1,}")?.message, "expected object key after ','")
    XCTAssertEqual(failure("[1,]")?.message, "expected a value, found ']'")
    XCTAssertEqual(failure("{\"a\" 1}")?.message, "expected ':' after object key")
    XCTAssertEqual(failure("{a:1}")?.message, "expected '\"' to begin object key")
    XCTAssertEqual(failure("01")?.message, "leading zeros are not allowed in numbers")
    XCTAssertEqual(failure("1.")?.message, "expected a digit after '.'")
    XCTAssertEqual(failure("1e")?.message, "expected a digit in exponent")
    XCTAssertEqual(failure("-")?.message, "expected a digit after '-'")
    XCTAssertEqual(failure("1e400")?.message, "number '1e400' is out of range")
    XCTAssertEqual(failure("tru")?.message, "invalid literal; expected 'true'")
    XCTAssertEqual(failure("NaN")?.message, "expected a value, found 'N'")
    XCTAssertEqual(failure("\"a\nb\"")?.message, "unescaped control character in a string")
    XCTAssertEqual(failure("\"abc")?.message, "unterminated string")
    XCTAssertEqual(failure(#""\x""#)?.message, #"invalid escape '\x' in string"#)
    XCTAssertEqual(failure(#""\ud800""#)?.message, #"unpaired surrogate in \u escape"#)
    XCTAssertEqual(failure(#""\u12""#)?.message, #"expected four hex digits after '\u'"#)
    XCTAssertEqual(failure("1 2")?.message, "unexpected '2' after JSON value")
    XCTAssertEqual(failure("// c\n1")?.message, "expected a value, found '/'")
  }

  func testDuplicateKeysPointAtTheSecondKey() {
    let error = failure("{\"a\": 1,\n \"a\": 2}")
    XCTAssertEqual(error?.message, "duplicate key 'a'")
    XCTAssertEqual(error?.location?.line, 2)
    XCTAssertEqual(error?.location?.column, 2)
  }

  func testInvalidUTF8AndBOM() throws {
    XCTAssertThrowsError(try JSONParser.parse([0x22, 0xFF, 0x22], file: "b")) { error in
      XCTAssertEqual((error as? JSONParseError)?.message, "invalid UTF-8 in string")
    }
    XCTAssertEqual(try JSONParser.parse([0xEF, 0xBB, 0xBF, 0x31], file: "b"), .int(1))
  }

  func testNestingLimit() {
    let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
    XCTAssertEqual(failure(deep)?.message, "nesting deeper than 512 levels")
    let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
    XCTAssertNoThrow(try parse(fine))
  }
}
