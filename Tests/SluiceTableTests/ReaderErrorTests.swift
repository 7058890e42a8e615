import Foundation
import SluiceCore
import XCTest

@testable import SluiceTable

/// Every reader error: kind, exact message, line, field number and byte offset, in strict
/// mode (sequential and parallel, tiny chunks). Lenient mode: `ReaderLenientModeTests`.
final class ReaderErrorTests: XCTestCase {
  /// Reads `bytes` from a file called `name` in several configurations and checks that every
  /// one stops with the same error.
  private func assertFails(
    _ bytes: [UInt8], name: String = "t.csv", options: ReadOptions = ReadOptions(),
    kind: TableError.Kind, message: String, line: Int, column: Int, byteOffset: Int,
    file: StaticString = #filePath, sourceLine: UInt = #line
  ) throws {
    let path = try writeTable(bytes, name: name)
    for config in readConfigurations {
      var options = options
      options.chunkSize = config.chunkSize
      options.workers = config.workers
      let label = "\(config.mode) chunk \(config.chunkSize) workers \(config.workers)"
      guard let error = readError(path, options, mode: config.mode, file: file, line: sourceLine)
      else { continue }
      XCTAssertEqual(error.kind, kind, label, file: file, line: sourceLine)
      XCTAssertEqual(error.message, message, label, file: file, line: sourceLine)
      XCTAssertEqual(
        error.location,
        SourceLocation(file: path, line: line, column: column, byteOffset: byteOffset), label,
        file: file, line: sourceLine)
      XCTAssertEqual(error.exitCode.rawValue, 65, label, file: file, line: sourceLine)
      XCTAssertEqual(error.exitCode, .dataError, label, file: file, line: sourceLine)
    }
  }

  private func assertFails(
    _ text: String, name: String = "t.csv", options: ReadOptions = ReadOptions(),
    kind: TableError.Kind, message: String, line: Int, column: Int, byteOffset: Int,
    file: StaticString = #filePath, sourceLine: UInt = #line
  ) throws {
    try assertFails(
      Array(text.utf8), name: name, options: options, kind: kind, message: message, line: line,
      column: column, byteOffset: byteOffset, file: file, sourceLine: sourceLine)
  }

  private let unterminated = "unterminated quote: the quoted field runs to the end of the input"

  // MARK: Quotes

  func testUnterminatedQuoteOnTheLastLine() throws {
    try assertFails(
      "a,b\n1,\"xy", kind: .unterminatedQuote, message: unterminated, line: 2, column: 2,
      byteOffset: 6)
  }

  func testUnterminatedQuoteSpanningLinesIsReportedWhereItOpened() throws {
    try assertFails(
      "a,b\n1,2\n3,\"x\ny\nz,w\n", kind: .unterminatedQuote, message: unterminated, line: 3,
      column: 2, byteOffset: 10)
  }

  func testUnterminatedQuoteAfterManyChunks() throws {
    var text = "a,b\n"
    for index in 0..<200 { text += "\(index),\(index * 7)\n" }
    let quoteAt = text.utf8.count + 2
    text += "x,\"open\n" + String(repeating: "more,lines\n", count: 50)
    try assertFails(
      text, kind: .unterminatedQuote, message: unterminated, line: 202, column: 2,
      byteOffset: quoteAt)
  }

  func testUnterminatedQuotePastTheRecordLimit() throws {
    var text = "a,b\n1,2\n"
    text += "3,\"" + String(repeating: "x", count: 1000) + "\n4,5\n"
    let path = try writeTable(text)
    let error = try XCTUnwrap(
      readError(path, ReadOptions(chunkSize: 64, maxRecordBytes: 128)))
    XCTAssertEqual(error.kind, .unterminatedQuote)
    XCTAssertEqual(
      error.message, "unterminated quote: the quoted field runs past the record size limit")
    XCTAssertEqual(
      error.location, SourceLocation(file: path, line: 3, column: 2, byteOffset: 10))
  }

  func testRecordTooLong() throws {
    let text = "a,b\n1,2\n3," + String(repeating: "x", count: 1000) + "\n4,5\n"
    let path = try writeTable(text)
    let error = try XCTUnwrap(readError(path, ReadOptions(chunkSize: 64, maxRecordBytes: 128)))
    XCTAssertEqual(error.kind, .recordTooLong)
    XCTAssertEqual(error.message, "record is longer than the record size limit")
    XCTAssertEqual(error.location, SourceLocation(file: path, line: 3, column: 1, byteOffset: 8))
    XCTAssertEqual(error.exitCode.rawValue, 65)
  }

  func testStrayQuoteInAnUnquotedField() throws {
    try assertFails(
      "x,y,z\na,b\"c,d\n", kind: .strayQuote,
      message: "stray quote in an unquoted field; quote the whole field and double the quote",
      line: 2, column: 2, byteOffset: 9)
  }

  func testTextAfterClosingQuote() throws {
    try assertFails(
      "x,y\n\"ab\"c,d\n", kind: .textAfterQuote,
      message: "unexpected 'c' after a closing quote; expected a delimiter or a line end",
      line: 2, column: 1, byteOffset: 8)
  }

  // MARK: Field count

  func testTooManyFields() throws {
    try assertFails(
      "a,b,c\n1,2,3\n1,2,3,4\n5,6,7\n", kind: .fieldCount, message: "expected 3 fields, found 4",
      line: 3, column: 4, byteOffset: 12)
  }

  func testTooFewFields() throws {
    // The column is the last field present: the record ended there.
    try assertFails(
      "a,b,c\n1,2,3\n1,2\n5,6,7\n", kind: .fieldCount, message: "expected 3 fields, found 2",
      line: 3, column: 2, byteOffset: 12)
  }

  func testFieldCountAfterAMultiLineQuotedField() throws {
    try assertFails(
      "a,b\n\"1\n2\",3\n4\n", kind: .fieldCount, message: "expected 2 fields, found 1",
      line: 4, column: 1, byteOffset: 12)
  }

  // MARK: UTF-8

  func testInvalidUTF8() throws {
    let bytes = Array("a,b\n1,2\n3,x".utf8) + [0xFF] + Array("y\n5,6\n".utf8)
    try assertFails(
      bytes, kind: .invalidUTF8, message: "invalid UTF-8 byte 0xFF", line: 3, column: 2,
      byteOffset: 11)
  }

  func testInvalidUTF8InAQuotedFieldAfterManyChunks() throws {
    var text = "a,b,c\n"
    for index in 0..<100 { text += "\(index),é,\"q\"\n" }
    let offset = text.utf8.count + 7
    let bytes =
      Array(text.utf8) + Array("7,8,\"ab".utf8) + [0xC3, 0x28] + Array("\"\n9,9,9\n".utf8)
    try assertFails(
      bytes, kind: .invalidUTF8, message: "invalid UTF-8 byte 0xC3", line: 102, column: 3,
      byteOffset: offset)
  }

  func testTruncatedAndOverlongSequencesAreInvalid() throws {
    // An overlong encoding of '/' (0xC0 0xAF) and an encoded surrogate (0xED 0xA0 0x80).
    for bad: [UInt8] in [
      [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80],
    ] {
      let bytes = Array("a\n".utf8) + bad + Array("\n".utf8)
      let path = try writeTable(bytes)
      let error = try XCTUnwrap(readError(path, ReadOptions()), "\(bad)")
      XCTAssertEqual(error.kind, .invalidUTF8, "\(bad)")
      XCTAssertEqual(error.location?.byteOffset, 2, "\(bad)")
      XCTAssertEqual(error.location?.line, 2, "\(bad)")
    }
  }

  func testInvalidUTF8InTheHeaderNamesItsField() throws {
    let bytes = Array("a,b".utf8) + [0xFF] + Array("\n1,2\n".utf8)
    try assertFails(
      bytes, kind: .invalidUTF8, message: "invalid UTF-8 byte 0xFF", line: 1, column: 2,
      byteOffset: 3)
  }

  // MARK: Header

  func testDuplicateHeader() throws {
    try assertFails(
      "id,name,id\n1,2,3\n", kind: .duplicateHeader,
      message: "duplicate column name 'id' (also column 1)", line: 1, column: 3, byteOffset: 0)
  }

  func testEmptyHeaderName() throws {
    try assertFails(
      "a,,c\n1,2,3\n", kind: .emptyHeader, message: "empty column name in the header", line: 1,
      column: 2, byteOffset: 0)
  }

  func testQuotedEmptyHeaderNameIsEmptyToo() throws {
    try assertFails(
      "a,\"\"\n1,2\n", kind: .emptyHeader, message: "empty column name in the header", line: 1,
      column: 2, byteOffset: 0)
  }

  func testHeaderErrorAfterBOMCountsTheBOMBytes() throws {
    try assertFails(
      [0xEF, 0xBB, 0xBF] + Array("a,a\n".utf8), kind: .duplicateHeader,
      message: "duplicate column name 'a' (also column 1)", line: 1, column: 2, byteOffset: 3)
  }

  func testHeaderErrorAfterBlankLinesIsOnTheHeaderLine() throws {
    // Blank lines before the header are skipped; the error is where the header is.
    try assertFails(
      "\n\nx,x\n1,2\n", kind: .duplicateHeader,
      message: "duplicate column name 'x' (also column 1)", line: 3, column: 2, byteOffset: 2)
  }

  func testEmptyInput() throws {
    for text in ["", "\n", "\r\n\n"] {
      try assertFails(
        text, kind: .emptyInput, message: "empty input; expected a header row", line: 1,
        column: 1, byteOffset: 0)
    }
    try assertFails(
      "", name: "t.jsonl", kind: .emptyInput, message: "empty input; expected a header row",
      line: 1, column: 1, byteOffset: 0)
  }

  // MARK: JSON Lines

  private let firstJSONLine = "{\"a\":1,\"b\":2}\n"  // 14 bytes

  func testJSONLinesNestedObjectNamesTheKey() throws {
    try assertFails(
      firstJSONLine + "{\"a\":1,\"b\":{\"c\":2}}\n", name: "t.jsonl", kind: .invalidJSON,
      message: "nested value for key 'b'; JSON Lines input must be flat objects", line: 2,
      column: 2, byteOffset: 25)
  }

  func testJSONLinesNestedArrayNamesTheKey() throws {
    try assertFails(
      firstJSONLine + "{\"a\":[1],\"b\":2}\n", name: "t.jsonl", kind: .invalidJSON,
      message: "nested value for key 'a'; JSON Lines input must be flat objects", line: 2,
      column: 1, byteOffset: 19)
  }

  func testJSONLinesNestedValueInTheFirstLine() throws {
    try assertFails(
      "{\"k\":\"v\",\"deep\":[]}\n", name: "t.jsonl", kind: .invalidJSON,
      message: "nested value for key 'deep'; JSON Lines input must be flat objects", line: 1,
      column: 2, byteOffset: 16)
  }

  func testJSONLinesMissingValue() throws {
    try assertFails(
      firstJSONLine + "{\"a\":1,\"b\":}\n", name: "t.jsonl", kind: .invalidJSON,
      message: "expected a value, found '}'", line: 2, column: 2, byteOffset: 25)
  }

  func testJSONLinesUnclosedObject() throws {
    try assertFails(
      firstJSONLine + "{\"a\":1,\"b\":2\n{\"a\":3,\"b\":4}\n", name: "t.jsonl",
      kind: .invalidJSON, message: "expected '\"' or '}', found the end of the line", line: 2,
      column: 2, byteOffset: 26)
  }

  func testJSONLinesTextAfterTheObject() throws {
    try assertFails(
      firstJSONLine + "{\"a\":1,\"b\":2} x\n", name: "t.jsonl", kind: .invalidJSON,
      message: "unexpected 'x' after the object; one object per line", line: 2, column: 2,
      byteOffset: 28)
  }

  func testJSONLinesLineThatIsNotAnObject() throws {
    // Nothing was read on the line yet: the column is the first field, 1.
    try assertFails(
      firstJSONLine + "[1,2]\n", name: "t.jsonl", kind: .invalidJSON,
      message: "expected a JSON object '{', found '['", line: 2, column: 1, byteOffset: 14)
  }

  func testJSONLinesUnknownKey() throws {
    try assertFails(
      firstJSONLine + "{\"a\":1,\"c\":3}\n", name: "t.jsonl", kind: .invalidJSON,
      message: "unknown key 'c'; the columns are the keys of the first line", line: 2,
      column: 2, byteOffset: 22)
  }

  func testJSONLinesDuplicateKey() throws {
    try assertFails(
      firstJSONLine + "{\"a\":1,\"a\":3}\n", name: "t.jsonl", kind: .invalidJSON,
      message: "duplicate key 'a'", line: 2, column: 2, byteOffset: 22)
    try assertFails(
      "{\"a\":1,\"a\":3}\n", name: "t.jsonl", kind: .invalidJSON, message: "duplicate key 'a'",
      line: 1, column: 2, byteOffset: 8)
  }

  func testJSONLinesInvalidEscapeAndLiteral() throws {
    try assertFails(
      firstJSONLine + "{\"a\":\"x\\q\",\"b\":2}\n", name: "t.jsonl", kind: .invalidJSON,
      message: "invalid escape '\\q' in string", line: 2, column: 1, byteOffset: 21)
    try assertFails(
      firstJSONLine + "{\"a\":tru,\"b\":2}\n", name: "t.jsonl", kind: .invalidJSON,
      message: "invalid literal; expected 'true'", line: 2, column: 1, byteOffset: 19)
    try assertFails(
      firstJSONLine + "{\"a\":01,\"b\":2}\n", name: "t.jsonl", kind: .invalidJSON,
      message: "leading zeros are not allowed in numbers", line: 2, column: 1, byteOffset: 19)
  }

  // MARK: First error wins

  func testFirstErrorInInputOrderWinsWithManyWorkers() throws {
    var text = "a,b\n"
    for index in 0..<2000 {
      switch index {
      case 300: text += "1,2,3\n"  // line 302
      case 1500: text += "\"x\"y,2\n"
      default: text += "\(index),\(index)\n"
      }
    }
    let path = try writeTable(text)
    for workers in [1, 2, 8] {
      let options = ReadOptions(workers: workers, chunkSize: 64)
      let error = try XCTUnwrap(readError(path, options, mode: .parallel))
      XCTAssertEqual(error.kind, .fieldCount)
      XCTAssertEqual(error.location?.line, 302)
    }
  }

  // MARK: Files

  func testMissingFile() throws {
    let directory = try makeTableTempDir(self)
    let path = directory + "/absent.csv"
    XCTAssertThrowsError(try TableReader(path: path, options: ReadOptions())) { error in
      guard case CoreError.missingInput(let reported, let reason)? = error as? CoreError else {
        return XCTFail("expected missingInput, got \(error)")
      }
      XCTAssertEqual(reported, path)
      XCTAssertEqual(reason, "no such file or directory")
      XCTAssertEqual((error as? CoreError)?.exitCode.rawValue, 66)
    }
  }

  func testDirectoryIsAMissingInput() throws {
    let directory = try makeTableTempDir(self)
    XCTAssertThrowsError(try TableReader(path: directory, options: ReadOptions())) { error in
      XCTAssertEqual(
        error as? CoreError, CoreError.missingInput(path: directory, reason: "is a directory"))
    }
  }

  func testReaderCanBeConsumedOnce() throws {
    let path = try writeTable("a\n1\n")
    let reader = try TableReader(path: path, options: ReadOptions())
    try reader.forEachRecord { _, _ in }
    XCTAssertThrowsError(try reader.forEachRecord { _, _ in })
    XCTAssertThrowsError(try reader.forEachChunk({ _ in 0 }, reduce: { _ in }))
  }
}
