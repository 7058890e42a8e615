import Foundation
import SluiceCore
import XCTest

@testable import SluiceTable

/// Line ends, quoting, delimiters, headers, null tokens and JSON Lines, each read in every
/// configuration of `readConfigurations` (tiny chunks, several workers).
final class DialectTests: XCTestCase {
  // MARK: Line ends

  func testLFLineEnds() throws {
    let path = try writeTable("a,b\n1,2\n3,4\n")
    assertTable(path, columns: ["a", "b"], records: [["1", "2"], ["3", "4"]], lines: [2, 3])
  }

  func testCRLFLineEnds() throws {
    let path = try writeTable("a,b\r\n1,2\r\n3,4\r\n")
    assertTable(path, columns: ["a", "b"], records: [["1", "2"], ["3", "4"]], lines: [2, 3])
  }

  func testLoneCRLineEnds() throws {
    let path = try writeTable("a,b\r1,2\r3,4\r")
    assertTable(path, columns: ["a", "b"], records: [["1", "2"], ["3", "4"]], lines: [2, 3])
  }

  func testMixedLineEnds() throws {
    let path = try writeTable("a,b\r\n1,2\n3,4\r5,6\r\n7,8")
    assertTable(
      path, columns: ["a", "b"], records: [["1", "2"], ["3", "4"], ["5", "6"], ["7", "8"]],
      lines: [2, 3, 4, 5])
  }

  func testFinalLineEndIsOptional() throws {
    for text in ["a,b\n1,2", "a,b\n1,2\n", "a,b\r\n1,2", "a,b\r\n1,2\r\n", "a,b\r1,2\r"] {
      let path = try writeTable(text)
      assertTable(path, columns: ["a", "b"], records: [["1", "2"]], lines: [2])
    }
    let path = try writeTable("a,b\n1,\"2\"")
    assertTable(path, columns: ["a", "b"], records: [["1", "2"]], lines: [2])
  }

  func testHeaderOnlyHasNoRecords() throws {
    for text in ["a,b", "a,b\n", "a,b\r\n\r\n"] {
      let path = try writeTable(text)
      assertTable(path, columns: ["a", "b"], records: [])
    }
  }

  func testRecordByteOffsets() throws {
    let path = try writeTable("a,b\r\n1,2\r\n\r\n3,4")
    let (_, records) = try readRecords(path, ReadOptions())
    XCTAssertEqual(records.map(\.byteOffset), [5, 12])
    XCTAssertEqual(records.map(\.line), [2, 4])
  }

  func testUTF8ByteOrderMarkIsSkipped() throws {
    let path = try writeTable([0xEF, 0xBB, 0xBF] + Array("a,b\n1,2\n".utf8))
    assertTable(path, columns: ["a", "b"], records: [["1", "2"]], lines: [2])
    let (_, records) = try readRecords(path, ReadOptions())
    XCTAssertEqual(records.first?.byteOffset, 7)
    // A BOM is only skipped at the very start.
    let inner = try writeTable(Array("a,b\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("1,2\n".utf8))
    assertTable(inner, columns: ["a", "b"], records: [["\u{FEFF}1", "2"]])
  }

  // MARK: Quoting

  func testQuotedDelimitersAndLineBreaksKeepCountingPhysicalLines() throws {
    let path = try writeTable("a,b\n\"x,y\",\"1\r\n2\"\n\"p\rq\",\"m\nn\"\nlast,row\n")
    assertTable(
      path, columns: ["a", "b"],
      records: [["x,y", "1\r\n2"], ["p\rq", "m\nn"], ["last", "row"]], lines: [2, 4, 7])
  }

  func testDoubledQuotesAreUnescaped() throws {
    let path = try writeTable(
      "a,b,c\n\"he said \"\"hi\"\"\",\"\"\"\"\"\",\"\"\n\"\"\"\"\"\"\"\"\"\",x,\"a\"\"\nb\"\n")
    assertTable(
      path, columns: ["a", "b", "c"],
      records: [["he said \"hi\"", "\"\"", ""], ["\"\"\"\"", "x", "a\"\nb"]], lines: [2, 3])
  }

  func testQuotedFieldsAreFlaggedAndNeverNull() throws {
    let path = try writeTable("a,b,c\n\"\",\"NA\",\"x\"\n")
    let (_, records) = try readRecords(path, ReadOptions())
    XCTAssertEqual(records.first?.quoted, [true, true, true])
    XCTAssertEqual(records.first?.nulls, [false, false, false])
  }

  func testQuotedHeaderNames() throws {
    let path = try writeTable("\"a,1\",\"b\"\"2\",\"c\nd\"\n1,2,3\n")
    assertTable(path, columns: ["a,1", "b\"2", "c\nd"], records: [["1", "2", "3"]], lines: [3])
  }

  func testWhitespaceIsData() throws {
    let path = try writeTable(" a , b \n 1 ,\t2\t\n")
    assertTable(path, columns: [" a ", " b "], records: [[" 1 ", "\t2\t"]])
  }

  func testTSVIsUnquotedByDefault() throws {
    let path = try writeTable("a\tb\n\"x\t y\"\n\"q\"\t2\n", name: "t.tsv")
    assertTable(path, columns: ["a", "b"], records: [["\"x", " y\""], ["\"q\"", "2"]])
    let (_, records) = try readRecords(path, ReadOptions())
    XCTAssertEqual(records.first?.quoted, [false, false])
  }

  func testTSVExtensionsAndExplicitFormat() throws {
    let tab = try writeTable("a\tb\n1,2\t3\n", name: "t.tab")
    assertTable(tab, columns: ["a", "b"], records: [["1,2", "3"]])
    let txt = try writeTable("a\tb\n1,2\t3\n", name: "t.txt")
    assertTable(txt, ReadOptions(format: .tsv), columns: ["a", "b"], records: [["1,2", "3"]])
  }

  func testUnknownExtensionReadsAsCSV() throws {
    let path = try writeTable("a,b\n1,2\n", name: "t.data")
    let reader = try TableReader(path: path, options: ReadOptions())
    XCTAssertEqual(reader.format, .csv)
    XCTAssertEqual(reader.columns, ["a", "b"])
  }

  func testTSVWithQuotingOn() throws {
    let path = try writeTable("a\tb\n\"x\ty\"\t2\n\"p\nq\"\t\"\"\"\"\n", name: "t.tsv")
    assertTable(
      path, ReadOptions(quote: .some(UInt8(ascii: "\""))), columns: ["a", "b"],
      records: [["x\ty", "2"], ["p\nq", "\""]], lines: [2, 3])
  }

  func testCSVWithQuotingOff() throws {
    let path = try writeTable("a,b\n\"x,y\"\nsay \"hi\",\"\"\n")
    assertTable(
      path, ReadOptions(quote: .some(nil)), columns: ["a", "b"],
      records: [["\"x", "y\""], ["say \"hi\"", "\"\""]], lines: [2, 3])
  }

  func testCustomDelimiterAndQuote() throws {
    let path = try writeTable("a;b\n1,5;\"x;y\"\n")
    assertTable(
      path, ReadOptions(delimiter: UInt8(ascii: ";")), columns: ["a", "b"],
      records: [["1,5", "x;y"]])
    let single = try writeTable("a|b\n'x|y'|'it''s'\n")
    assertTable(
      single, ReadOptions(delimiter: UInt8(ascii: "|"), quote: .some(UInt8(ascii: "'"))),
      columns: ["a", "b"], records: [["x|y", "it's"]])
  }

  // MARK: Header

  func testNoHeaderNamesColumns() throws {
    let path = try writeTable("1,2,3\n4,5,6\n")
    assertTable(
      path, ReadOptions(hasHeader: false), columns: ["column_1", "column_2", "column_3"],
      records: [["1", "2", "3"], ["4", "5", "6"]], lines: [1, 2])
  }

  func testNoHeaderFirstRecordWithEscapedQuotesIsReadOnce() throws {
    // The first record is both probed for its width and read as data.
    let path = try writeTable("\"a\"\"b\",c\nd,\"e\"\"\"\n")
    assertTable(
      path, ReadOptions(hasHeader: false), columns: ["column_1", "column_2"],
      records: [["a\"b", "c"], ["d", "e\""]], lines: [1, 2])
  }

  func testNoHeaderDuplicateValuesAreFine() throws {
    let path = try writeTable("x,x,\n")
    assertTable(
      path, ReadOptions(hasHeader: false), columns: ["column_1", "column_2", "column_3"],
      records: [["x", "x", ""]])
  }

  // MARK: Nulls and blank lines

  func testDefaultNullTokens() throws {
    let path = try writeTable(
      "a,b,c,d,e,f,g,h,i,j,k\nNA,\"NA\",,\"\",N/A,null,NULL,NaN,nan,x,na\n")
    let (_, records) = try readRecords(path, ReadOptions())
    XCTAssertEqual(
      records.first?.nulls, [true, false, true, false, true, true, true, true, true, false, false])
  }

  func testCustomNullTokens() throws {
    let path = try writeTable("a,b,c,d\n-,NA,,\"-\"\n")
    let (_, records) = try readRecords(path, ReadOptions(nullTokens: ["-"]))
    XCTAssertEqual(records.first?.nulls, [true, false, false, false])
    let (_, none) = try readRecords(path, ReadOptions(nullTokens: []))
    XCTAssertEqual(none.first?.nulls, [false, false, false, false])
  }

  func testBlankLinesAreSkipped() throws {
    let path = try writeTable("\na,b\n\n1,2\n\r\n\n3,4\n\n\r\r\n")
    assertTable(path, columns: ["a", "b"], records: [["1", "2"], ["3", "4"]], lines: [4, 7])
  }

  func testBlankLinesInAOneColumnTableAreEmptyValues() throws {
    let path = try writeTable("a\n1\n\n2\n")
    assertTable(path, columns: ["a"], records: [["1"], [""], ["2"]], lines: [2, 3, 4])
  }

  func testCursorStringAndField() throws {
    let path = try writeTable("a,b\n\"é,\"\"x\",2\n")
    let reader = try TableReader(path: path, options: ReadOptions())
    var seen = 0
    try reader.forEachRecord { cursor, status in
      XCTAssertEqual(status, .record)
      XCTAssertEqual(cursor.columnCount, 2)
      XCTAssertEqual(cursor.string(0), "é,\"x")
      XCTAssertEqual(Array(cursor.field(1)), [UInt8(ascii: "2")])
      XCTAssertEqual(cursor.line, 2)
      XCTAssertEqual(cursor.byteOffset, 4)
      seen += 1
    }
    XCTAssertEqual(seen, 1)
  }

  // MARK: JSON Lines

  func testJSONLines() throws {
    let lines = [
      "{\"id\":1,\"name\":\"x\",\"ok\":true,\"score\":1.5e3}\n",
      "{\"score\":-2,\"ok\":false,\"id\":2,"
        + "\"name\":\"a\\nb\\u00e9\\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\t\"}\n",
      "{\"id\":3}\r\n",
      "   \n",
      " { \"id\" : null , \"name\" : \"null\" , \"ok\" : TRUE_PLACEHOLDER , \"score\" : 0 } \n"
        .replacingOccurrences(of: "TRUE_PLACEHOLDER", with: "true"),
      "{\"name\":\"\",\"id\":-0.5e-3}",
    ]
    let path = try writeTable(lines.joined(), name: "t.jsonl")
    for config in readConfigurations {
      let options = ReadOptions(workers: config.workers, chunkSize: config.chunkSize)
      let label = "\(config.mode) chunk \(config.chunkSize) workers \(config.workers)"
      let (columns, records) = try readRecords(path, options, mode: config.mode)
      XCTAssertEqual(columns, ["id", "name", "ok", "score"], label)
      guard records.count == 5 else {
        XCTFail("\(label): \(records)")
        continue
      }
      XCTAssertEqual(records.map(\.line), [1, 2, 3, 5, 6], label)
      XCTAssertEqual(records[0].fields, ["1", "x", "true", "1.5e3"], label)
      XCTAssertEqual(records[0].quoted, [false, true, false, false], label)
      XCTAssertEqual(records[0].nulls, [false, false, false, false], label)
      XCTAssertEqual(records[1].fields, ["2", "a\nbé😀 \"q\" \\ / \t", "false", "-2"], label)
      XCTAssertEqual(records[2].fields[0], "3", label)
      XCTAssertEqual(records[2].nulls, [false, true, true, true], label)
      XCTAssertEqual(records[3].nulls, [true, false, false, false], label)
      XCTAssertEqual(Array(records[3].fields[1...]), ["null", "true", "0"], label)
      XCTAssertEqual(records[3].quoted[1], true, label)
      XCTAssertEqual(records[4].fields[0], "-0.5e-3", label)
      XCTAssertEqual(records[4].fields[1], "", label)
      XCTAssertEqual(records[4].nulls, [false, false, true, true], label)
    }
  }

  func testJSONLinesFirstLineEscapesAreUnescapedOnce() throws {
    // The first line both names the columns and is the first record.
    let path = try writeTable(
      "{\"a\":\"x\\ny\",\"b\":\"\\\"q\\\"\"}\n{\"a\":\"2\",\"b\":\"3\"}\n", name: "t.jsonl")
    assertTable(
      path, columns: ["a", "b"], records: [["x\ny", "\"q\""], ["2", "3"]], lines: [1, 2])
  }

  func testJSONLinesEscapedKeyInFirstLine() throws {
    let path = try writeTable(
      "{\"k\\u00e9y\":1,\"b\":2}\n{\"b\":4,\"kéy\":3}\n", name: "t.ndjson")
    assertTable(path, columns: ["kéy", "b"], records: [["1", "2"], ["3", "4"]], lines: [1, 2])
  }

  func testJSONLinesEmptyObjectHasNoColumnsButLaterRecordsAreAllNull() throws {
    let path = try writeTable("{\"a\":1}\n{}\n", name: "t.jsonl")
    let (columns, records) = try readRecords(path, ReadOptions())
    XCTAssertEqual(columns, ["a"])
    XCTAssertEqual(records.map(\.nulls), [[false], [true]])
  }

  func testJSONLinesWithBOMAndExplicitFormat() throws {
    let path = try writeTable(
      [0xEF, 0xBB, 0xBF] + Array("{\"a\":1}\n{\"a\":2}\n".utf8), name: "t.txt")
    assertTable(
      path, ReadOptions(format: .jsonl), columns: ["a"], records: [["1"], ["2"]], lines: [1, 2])
  }
}
