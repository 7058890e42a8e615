import SluiceCore
import XCTest

@testable import SluiceTable

/// The plain-record fast path must read exactly what the general tokenizer reads, and decline
/// every record it does not fully understand.
final class PlainRecordTests: XCTestCase {
  private func cursor(_ bytes: [UInt8], columns: Int, format: TableFormat) -> RecordCursor {
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
    buffer.update(from: bytes, count: bytes.count)
    let chunk = Chunk(
      index: 0, bytes: buffer, capacity: max(1, bytes.count), count: bytes.count, firstLine: 1,
      byteOffset: 0, isLast: true, truncated: false)
    let options = ReadOptions(format: format, lenient: true)
    return RecordCursor(
      chunk: chunk, columnCount: columns, keyNames: [],
      dialect: Dialect(options: options, path: "t"), nulls: NullMatcher(tokens: ["", "NA"]),
      fileName: "t", lenient: true)
  }

  func testFastPathAgreesWithTheGeneralTokenizer() throws {
    var random = SplitRandom(seed: 3)
    var taken = 0
    for format in [TableFormat.csv, .tsv] {
      let delimiter: UInt8 = format == .csv ? 0x2C : 0x09
      let alphabet: [UInt8] = [
        0x61, 0x62, 0x31, 0x20, delimiter, delimiter, 0x0A, 0x0D, 0x22, 0x09,
      ]
      for _ in 0..<4000 {
        let columns = 2 + random.below(3)
        var bytes: [UInt8] = []
        for _ in 0..<random.below(60) {
          // Mostly well-formed records, with every kind of irregularity mixed in.
          if random.below(3) == 0 {
            bytes.append(alphabet[random.below(alphabet.count)])
          } else {
            for column in 0..<columns {
              if column > 0 { bytes.append(delimiter) }
              bytes += Array(repeating: 0x61, count: random.below(12))
            }
            bytes += random.below(4) == 0 ? [0x0D, 0x0A] : [0x0A]
          }
        }
        let fast = cursor(bytes, columns: columns, format: format)
        let general = cursor(bytes, columns: columns, format: format)
        while true {
          let before = fast.position
          if fast.nextPlainRecord() {
            taken += 1
            XCTAssertEqual(try general.nextDelimited(), .record)
            XCTAssertEqual(fast.position, general.position)
            XCTAssertEqual(fast.line, general.line)
            XCTAssertEqual(fast.currentLine, general.currentLine)
            XCTAssertEqual(fast.byteOffset, general.byteOffset)
            for column in 0..<columns {
              XCTAssertEqual(Array(fast.field(column)), Array(general.field(column)))
              XCTAssertEqual(fast.flags[column], general.flags[column])
            }
            continue
          }
          XCTAssertEqual(fast.position, before, "a declined record must leave the cursor as it was")
          let status = try general.nextDelimited()
          _ = try fast.nextDelimited()
          XCTAssertEqual(fast.position, general.position)
          if status == nil { break }
        }
      }
    }
    XCTAssertGreaterThan(taken, 10_000)
  }

  /// Straight into a batch, plain records stop before the record holding an invalid UTF-8
  /// byte, which `next` must report; the fields land in the batch's columns.
  func testBatchStopsBeforeInvalidUTF8() throws {
    var bytes: [UInt8] = []
    for row in 0..<10 {
      bytes += Array("a\(row),b\(row)".utf8)
      if row == 6 { bytes.append(0xFF) }
      bytes.append(0x0A)
    }
    let reader = cursor(bytes, columns: 2, format: .csv)
    let batch = FieldBatch(columnCount: 2)
    XCTAssertEqual(reader.appendPlainRecords(to: batch), 6)
    XCTAssertEqual(batch.count, 6)
    let second = batch.column(1, of: reader)
    XCTAssertEqual(String(decoding: second.field(5), as: UTF8.self), "b5")
    guard case .malformed(let error) = try reader.next() else {
      return XCTFail("the record with the invalid byte must be reported")
    }
    XCTAssertEqual(error.kind, .invalidUTF8)
    // The last record ends too near the end of the chunk for a whole word: `next` reads it.
    XCTAssertEqual(reader.appendPlainRecords(to: batch), 2)
    XCTAssertEqual(try reader.next(), .record)
    XCTAssertEqual(reader.string(1), "b9")
    XCTAssertNil(try reader.next())
  }
}
