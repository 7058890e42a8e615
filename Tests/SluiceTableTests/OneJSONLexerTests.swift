import Foundation
import SluiceCore
import XCTest

@testable import SluiceTable

/// JSON Lines and JSON documents share one lexer (`JSONLexer`): the same value reads as the
/// same bytes, and the same bad token fails with the same message at the same byte.
final class OneJSONLexerTests: XCTestCase {
  /// Bad values, each inside `{"a":VALUE}` on the first line (the byte offsets match).
  private let badValues = [
    "01", "-01", "-", "-x", "1.", "1.e5", "1e", "1e+", "tru", "nul", "fals",
    "\"x\\q\"", "\"\\u12\"", "\"\\uZZZZ\"", "\"\\ud800\"", "\"\\ud800\\u0041\"", "\"\\udc00\"",
    "\"tab\there\"", "\"open",
  ]

  func testTheSameBadTokenFailsTheSameWayInBothReaders() throws {
    var compared = 0
    for value in badValues {
      let line = "{\"a\":\(value)}"
      var documentError: JSONParseError?
      do {
        _ = try JSONParser.parse(line, file: "d.json")
      } catch {
        documentError = error
      }
      let path = try writeTable(line + "\n", name: "t.jsonl")
      for config in readConfigurations {
        var options = ReadOptions()
        options.chunkSize = config.chunkSize
        options.workers = config.workers
        let tableError = readError(path, options, mode: config.mode)
        XCTAssertEqual(tableError?.message, documentError?.message, value)
        XCTAssertEqual(
          tableError?.location?.byteOffset, documentError?.location?.byteOffset, value)
        // JSON Lines columns count fields: the error is in the first.
        XCTAssertEqual(tableError?.location?.column, 1, value)
        XCTAssertEqual(tableError?.location?.line, 1, value)
      }
      compared += 1
    }
    XCTAssertEqual(compared, badValues.count)
    XCTAssertEqual(compared, 19)
  }

  func testTheSameValuesReadTheSameInBothReaders() throws {
    let values = [
      "\"plain\"", "\"a\\\"b\\\\c\\/d\"", "\"\\b\\f\\n\\r\\t\"", "\"\\u00e9\\u4e2d\"",
      "\"\\ud83d\\ude00 smile\"", "\"caf\u{e9}\"", "0", "-0", "12", "-3.25", "1e5", "2.5E-3",
      "true", "false",
    ]
    var lines = ""
    var expected: [String] = []
    for value in values {
      lines += "{\"a\": \(value) }\n"
      switch try JSONParser.parse(value, file: "d.json") {
      case .string(let text): expected.append(text)
      case .bool(let flag): expected.append(flag ? "true" : "false")
      case .int, .double: expected.append(value)  // numbers stay as written in a table
      default: XCTFail("unexpected value \(value)")
      }
    }
    let path = try writeTable(lines, name: "t.jsonl")
    assertTable(path, columns: ["a"], records: expected.map { [$0] })
    XCTAssertEqual(expected.count, 14)
  }

  func testLexerUnescapesInPlaceAndReportsWhereStringsEnd() throws {
    var bytes = Array(#""a\n\u00e9b" 12.5e3 null"#.utf8)
    let count = bytes.count
    try bytes.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return XCTFail("empty buffer") }
      var lexer = JSONLexer(data: base, position: 0, end: count)
      let string = try lexer.string()
      XCTAssertEqual(
        Array(UnsafeBufferPointer(start: base + string.start, count: string.length)),
        Array("a\n\u{e9}b".utf8))
      lexer.skipWhitespace()
      let number = try lexer.number()
      XCTAssertEqual(number.length, 6)
      XCTAssertFalse(number.integral)
      lexer.skipWhitespace()
      XCTAssertEqual(try lexer.literal("null"), 20)
      XCTAssertNil(lexer.peek())
    }
  }
}
