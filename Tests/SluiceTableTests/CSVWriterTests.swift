import Foundation
import SluiceCore
import XCTest

@testable import SluiceTable

/// The CSV writer: minimal quoting, exact bytes, and a lossless round trip through the reader.
final class CSVWriterTests: XCTestCase {
  /// Values that need every rule of the writer (and some that need none).
  static let tricky: [String] = [
    "plain", "a,b", "say \"hi\"", "\"", "\"\"", "line\nbreak", "cr\ronly", "crlf\r\nend",
    " leading", "trailing ", "\tleading tab", "x\t", "inner space", "é, ü and 日本語", "emoji 🦉",
    ",", "\"start", "end\"", "a\"\"b", "'single'", "semi;colon", "NA!",
  ]

  private func encode(_ records: [[String]], delimiter: UInt8 = UInt8(ascii: ",")) -> String {
    let writer = CSVWriter(delimiter: delimiter)
    for record in records { writer.writeRecord(record) }
    return String(decoding: writer.buffer, as: UTF8.self)
  }

  func testQuotesOnlyWhenNeeded() {
    XCTAssertEqual(encode([["a", "b c", "1.5", ""]]), "a,b c,1.5,\n")
    XCTAssertEqual(encode([["a,b"]]), "\"a,b\"\n")
    XCTAssertEqual(encode([["say \"hi\""]]), "\"say \"\"hi\"\"\"\n")
    XCTAssertEqual(encode([["x\ny"]]), "\"x\ny\"\n")
    XCTAssertEqual(encode([["x\ry"]]), "\"x\ry\"\n")
    XCTAssertEqual(
      encode([[" x"], ["x "], ["\tx"], ["x\t"]]), "\" x\"\n\"x \"\n\"\tx\"\n\"x\t\"\n")
    XCTAssertEqual(encode([["\""]]), "\"\"\"\"\n")
    XCTAssertEqual(encode([["é", "日本"]]), "é,日本\n")
  }

  func testDelimiterDecidesQuoting() {
    XCTAssertEqual(encode([["a,b", "c;d"]], delimiter: UInt8(ascii: ";")), "a,b;\"c;d\"\n")
    XCTAssertEqual(encode([["a\tb", "c,d"]], delimiter: 0x09), "\"a\tb\"\tc,d\n")
  }

  func testForcedQuotesAndEmptyFields() {
    let writer = CSVWriter()
    writer.writeField("NA", forceQuotes: true)
    writer.writeField("", forceQuotes: true)
    writer.writeField("")
    writer.writeField("q\"", forceQuotes: true)
    writer.endRecord()
    XCTAssertEqual(String(decoding: writer.buffer, as: UTF8.self), "\"NA\",\"\",,\"q\"\"\"\n")
    XCTAssertEqual(writer.recordCount, 1)
  }

  func testNeedsQuotes() {
    func check(_ text: String) -> Bool {
      Array(text.utf8).withUnsafeBufferPointer {
        CSVWriter.needsQuotes($0, delimiter: UInt8(ascii: ","))
      }
    }
    XCTAssertFalse(check(""))
    XCTAssertFalse(check("a b"))
    XCTAssertFalse(check("'"))
    XCTAssertTrue(check(" "))
    XCTAssertTrue(check("a,"))
    XCTAssertTrue(check("\r"))
  }

  /// Every tricky value in every position reads back as the same bytes, quoted where forced.
  func testRoundTripThroughTheReader() throws {
    let columns = ["first", "second, with comma", "third \"q\""]
    var records: [[String]] = []
    for (index, value) in Self.tricky.enumerated() {
      records.append([value, Self.tricky[(index + 7) % Self.tricky.count], "\(index)"])
    }
    let text = encode([columns] + records)
    for chunkSize in [64, 1 << 21] {
      let path = try writeTable(text)
      let options = ReadOptions(workers: 3, chunkSize: chunkSize)
      let (readColumns, read) = try readRecords(path, options, mode: .parallel)
      XCTAssertEqual(readColumns, columns)
      XCTAssertEqual(read.map(\.fields), records, "chunk size \(chunkSize)")
      XCTAssertFalse(read.contains { $0.nulls.contains(true) })
    }
  }

  /// Random records over an alphabet of the special bytes survive a round trip.
  func testRandomRoundTrip() throws {
    let alphabet = Array("a,\"\r\n é;\t".unicodeScalars).map(String.init)
    var state: UInt64 = 42
    func next() -> UInt64 {
      state &+= 0x9e37_79b9_7f4a_7c15
      var z = state
      z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
      z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
      return z ^ (z >> 31)
    }
    var records: [[String]] = []
    for _ in 0..<500 {
      records.append(
        (0..<3).map { _ in
          // Never empty: an unquoted empty field reads as missing (tested separately).
          let length = 1 + Int(next() % 8)
          return (0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }.joined()
        })
    }
    let path = try writeTable(encode([["x", "y", "z"]] + records))
    let (_, read) = try readRecords(path, ReadOptions(chunkSize: 256), mode: .parallel)
    XCTAssertEqual(read.map(\.fields), records)
  }

  /// Empty unquoted fields read as missing; forced quotes keep an empty string and "NA".
  func testMissingAndForcedValuesRoundTrip() throws {
    let writer = CSVWriter()
    writer.writeRecord(["a", "b"])
    writer.writeField("")
    writer.writeField("NA", forceQuotes: true)
    writer.endRecord()
    writer.writeField("", forceQuotes: true)
    writer.writeField("NA")
    writer.endRecord()
    let path = try writeTable(writer.buffer)
    let (_, read) = try readRecords(path, ReadOptions())
    XCTAssertEqual(read.map(\.nulls), [[true, false], [false, true]])
    XCTAssertEqual(read.map(\.fields), [["", "NA"], ["", "NA"]])
  }

  func testOutputBackedWriterMatchesMemoryWriter() throws {
    let directory = try makeTableTempDir(self)
    let path = directory + "/out.csv"
    let output = try AtomicOutput(path: path)
    let fileWriter = CSVWriter(output: output)
    let memoryWriter = CSVWriter()
    for index in 0..<20_000 {
      let record = ["row \(index)", Self.tricky[index % Self.tricky.count]]
      fileWriter.writeRecord(record)
      memoryWriter.writeRecord(record)
    }
    // Past the flush threshold the pending buffer was handed to the output.
    XCTAssertLessThan(fileWriter.buffer.count, memoryWriter.buffer.count)
    fileWriter.flush()
    XCTAssertEqual(fileWriter.buffer, [])
    try output.commit()
    let written = try Data(contentsOf: URL(fileURLWithPath: path))
    XCTAssertEqual([UInt8](written), memoryWriter.buffer)
    XCTAssertEqual(fileWriter.recordCount, 20_000)
  }

  func testWriteEncodedCountsRecords() {
    let writer = CSVWriter()
    Array("a\nb\n".utf8).withUnsafeBytes { writer.writeEncoded($0, records: 2) }
    writer.writeRecord(["c"])
    XCTAssertEqual(writer.recordCount, 3)
    XCTAssertEqual(String(decoding: writer.buffer, as: UTF8.self), "a\nb\nc\n")
  }
}
