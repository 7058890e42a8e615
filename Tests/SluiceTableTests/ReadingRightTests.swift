import Foundation
import SluiceCore
import XCTest

@testable import SluiceTable

/// The delimiter sniffer, gzip input and decimal commas, read in every configuration of
/// `readConfigurations` (tiny chunks, several workers).
final class ReadingRightTests: XCTestCase {
  private func sniff(_ text: String, whole: Bool = true) -> DelimiterSniffer.Outcome {
    DelimiterSniffer.sniff(Array(text.utf8), whole: whole, quote: UInt8(ascii: "\"")).0
  }

  // MARK: Sniffing

  func testSnifferPicksTheOneConsistentCandidate() {
    XCTAssertEqual(sniff("a;b\n1;2\n"), .chosen(UInt8(ascii: ";")))
    XCTAssertEqual(sniff("a\tb\r\n1\t2\r\n"), .chosen(0x09))
    XCTAssertEqual(sniff("a|b|c\n1|2|3"), .chosen(UInt8(ascii: "|")))
    XCTAssertEqual(sniff("a,b\n1,2\n"), .chosen(UInt8(ascii: ",")))
    // Quotes are read as the reader reads them: the quoted ';' and newline are data.
    XCTAssertEqual(sniff("a,b\n\"x;y\",2\n\"p\nq;r\",3\n"), .chosen(UInt8(ascii: ",")))
    // Blank lines are skipped and a byte order mark is not a field.
    XCTAssertEqual(sniff("\u{FEFF}a;b\n\n1;2\n\n"), .chosen(UInt8(ascii: ";")))
  }

  func testSnifferKeepsTheDefaultWhenNothingFits() {
    XCTAssertEqual(sniff("only\n1\n2\n"), .chosen(nil))
    XCTAssertEqual(sniff("a;b\n1;2;3\n"), .chosen(nil))
    XCTAssertEqual(sniff(""), .chosen(nil))
  }

  func testSnifferReportsAmbiguity() {
    guard case .ambiguous(let evidence) = sniff("a,b;c\n1,2;3\n") else {
      return XCTFail("expected an ambiguity")
    }
    XCTAssertEqual(
      evidence.map(\.summary),
      ["',' gives 2 fields", "';' gives 2 fields", "tab gives 1 field", "'|' gives 1 field"])
  }

  func testSnifferIgnoresAnUnfinishedLastRecordOfAHead() {
    XCTAssertEqual(sniff("a;b\n1;2\n3;4;5", whole: false), .chosen(UInt8(ascii: ";")))
    XCTAssertEqual(sniff("a;b\n1;2\n3;4;5", whole: true), .chosen(nil))
  }

  func testSnifferLooksAtTheFirstThousandRecords() {
    var text = "a;b\n" + String(repeating: "1;2\n", count: 999)
    text += "1;2;3\n"
    XCTAssertEqual(sniff(text), .chosen(UInt8(ascii: ";")))
  }

  func testSniffedDelimiterIsUsedInEveryConfiguration() throws {
    let path = try writeTable("a;b\n\"1;x\";2\n3;4\n")
    assertTable(path, columns: ["a", "b"], records: [["1;x", "2"], ["3", "4"]], lines: [2, 3])
    // A delimiter given, or TSV, is never second-guessed.
    let plain = try writeTable("a;b\n1;2\n")
    var options = ReadOptions()
    options.delimiter = UInt8(ascii: ",")
    assertTable(plain, options, columns: ["a;b"], records: [["1;2"]])
    options = ReadOptions()
    options.format = .tsv
    assertTable(plain, options, columns: ["a;b"], records: [["1;2"]])
  }

  func testSniffedNoteAndDelimiter() throws {
    let semicolon = try TableReader(path: writeTable("a;b\n1;2\n"))
    XCTAssertEqual(semicolon.delimiter, UInt8(ascii: ";"))
    XCTAssertEqual(semicolon.notes, ["delimiter ';' detected (give --delimiter to choose)"])
    let comma = try TableReader(path: writeTable("a,b\n1,2\n"))
    XCTAssertEqual(comma.notes, [])
  }

  // MARK: gzip

  func testGzipIsReadInEveryConfiguration() throws {
    var text = "a,b\n"
    for row in 0..<500 { text += "\(row),\"v \(row)\"\n" }
    var bytes = gzipStored(Array(text.utf8.prefix(1000)))
    bytes += gzipStored(Array(text.utf8.dropFirst(1000)))
    let path = try writeTable(bytes, name: "t.csv.gz")
    let expected = (0..<500).map { ["\($0)", "v \($0)"] }
    assertTable(path, columns: ["a", "b"], records: expected)
    let unnamed = try writeTable(bytes, name: "t.csv")
    assertTable(unnamed, columns: ["a", "b"], records: expected)
  }

  func testFormatOfAGzipFileIsItsInnerExtension() {
    XCTAssertEqual(TableFormat.fromExtension(of: "x.TSV.gz"), .tsv)
    XCTAssertEqual(TableFormat.fromExtension(of: "x.jsonl.gz"), .jsonl)
    XCTAssertEqual(TableFormat.fromExtension(of: "x.gz"), nil)
  }

  func testGzipInflaterRefusesTrailingBytesOfASingleMember() throws {
    let packed = gzipStored(Array("hello".utf8)) + [0x00]
    let inflater = try GzipInflater(multiMember: false)
    var offset = 0
    let output = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 1)
    defer { output.deallocate() }
    XCTAssertThrowsError(
      try inflater.read(into: output) { target in
        let count = min(target.count, packed.count - offset)
        target.copyBytes(from: packed[offset..<(offset + count)])
        offset += count
        return count
      }
    ) { XCTAssertEqual($0 as? GzipInflater.Failure, .trailingBytes) }
  }

  // MARK: Decimal commas

  func testDecimalCommaNumbersAreRewrittenOnlyWhenGiven() throws {
    let path = try writeTable("x;y;z\n1,5;-2,25e1;a,b\n\"3,0\";1,5,3;,5\n")
    var options = ReadOptions()
    options.decimal = UInt8(ascii: ",")
    assertTable(
      path, options, columns: ["x", "y", "z"],
      records: [["1.5", "-2.25e1", "a,b"], ["3.0", "1,5,3", ".5"]])
    assertTable(
      path, columns: ["x", "y", "z"],
      records: [["1,5", "-2,25e1", "a,b"], ["3,0", "1,5,3", ",5"]])
  }

  func testDecimalCommaWithCommaDelimiterNeedsQuotes() throws {
    let path = try writeTable("x,y\n\"1,5\",2\n\"a 1,5\",3\n")
    var options = ReadOptions()
    options.decimal = UInt8(ascii: ",")
    assertTable(path, options, columns: ["x", "y"], records: [["1.5", "2"], ["a 1,5", "3"]])
  }

  func testDecimalCommaShapes() {
    func shape(_ text: String) -> DecimalComma.Shape {
      Array(text.utf8).withUnsafeBufferPointer(DecimalComma.shape)
    }
    XCTAssertEqual(shape("1,5"), .decimalComma)
    XCTAssertEqual(shape("-0,25e-3"), .decimalComma)
    XCTAssertEqual(shape("007"), .digits)
    XCTAssertEqual(shape("1,5,3"), .other)
    XCTAssertEqual(shape("1,"), .other)
    XCTAssertEqual(shape("a,b"), .other)
    XCTAssertEqual(shape("1.5"), .other)
  }

  func testInferenceFlagsADecimalCommaColumn() throws {
    let path = try writeTable("p;q;r\n1,5;a;007\n2;b;008\n3,25;c;009\n")
    let result = try TypeInference.run(TableReader(path: path))
    XCTAssertEqual(result.columns.map(\.profile.looksLikeDecimalComma), [true, false, false])
  }

  // MARK: Helpers

  /// A gzip member of stored (uncompressed) deflate blocks.
  private func gzipStored(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
    var offset = 0
    repeat {
      let length = min(65535, bytes.count - offset)
      out.append(offset + length == bytes.count ? 1 : 0)
      out += [UInt8(length & 0xFF), UInt8(length >> 8)]
      out += [UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
      out += bytes[offset..<(offset + length)]
      offset += length
    } while offset < bytes.count
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    for value in [~crc, UInt32(truncatingIfNeeded: bytes.count)] {
      out += [0, 8, 16, 24].map { UInt8((value >> UInt32($0)) & 0xFF) }
    }
    return out
  }
}
