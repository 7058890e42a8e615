import Foundation
import SluiceCore
import XCTest

@testable import SluiceTable

/// Lenient reading (`lenient: true`): each malformed record is reported with its kind and
/// location and reading goes on, identically in every read configuration; errors that
/// concern the whole table (the header) still stop it.
final class ReaderLenientModeTests: XCTestCase {
  private let unterminated = "unterminated quote: the quoted field runs to the end of the input"

  func testLenientModeReportsMalformedRecordsAndGoesOn() throws {
    let bytes =
      Array("a,b,c\n1,2,3\n4,5\n6,7,8,9\n1,".utf8) + [0xFF] + Array(",3\n10,11,12\n".utf8)
    let path = try writeTable(bytes)
    for config in readConfigurations {
      let options = ReadOptions(
        workers: config.workers, chunkSize: config.chunkSize, lenient: true)
      let label = "\(config.mode) chunk \(config.chunkSize) workers \(config.workers)"
      let (_, events) = try readEvents(path, options, mode: config.mode)
      guard events.count == 5 else {
        XCTFail("\(label): \(events)")
        continue
      }
      XCTAssertEqual(events[0].record?.fields, ["1", "2", "3"], label)
      XCTAssertEqual(events[0].record?.line, 2, label)
      XCTAssertEqual(
        events[1],
        .malformed(
          TableError(
            .fieldCount, "expected 3 fields, found 2",
            at: SourceLocation(file: path, line: 3, column: 2, byteOffset: 12))), label)
      XCTAssertEqual(
        events[2],
        .malformed(
          TableError(
            .fieldCount, "expected 3 fields, found 4",
            at: SourceLocation(file: path, line: 4, column: 4, byteOffset: 16))), label)
      XCTAssertEqual(
        events[3],
        .malformed(
          TableError(
            .invalidUTF8, "invalid UTF-8 byte 0xFF",
            at: SourceLocation(file: path, line: 5, column: 2, byteOffset: 26))), label)
      XCTAssertEqual(events[4].record?.fields, ["10", "11", "12"], label)
      XCTAssertEqual(events[4].record?.line, 6, label)
    }
  }

  func testLenientModeQuoteErrorsSkipTheLine() throws {
    let path = try writeTable("a,b\n1,b\"c\n\"x\"y,2\n3,4\n")
    let (_, events) = try readEvents(path, ReadOptions(lenient: true))
    XCTAssertEqual(events.count, 3, "\(events)")
    guard events.count == 3 else { return }
    if case .malformed(let error) = events[0] {
      XCTAssertEqual(error.kind, .strayQuote)
      XCTAssertEqual(error.location?.line, 2)
    } else {
      XCTFail("\(events[0])")
    }
    if case .malformed(let error) = events[1] {
      XCTAssertEqual(error.kind, .textAfterQuote)
      XCTAssertEqual(error.location?.line, 3)
    } else {
      XCTFail("\(events[1])")
    }
    XCTAssertEqual(events[2].record?.fields, ["3", "4"])
    XCTAssertEqual(events[2].record?.line, 4)
  }

  func testLenientModeStrayQuoteDoesNotDisturbLaterChunks() throws {
    // One stray quote, then 40 pairs of records (one with a quoted line break, one plain).
    var text = "a,b\n1,b\"c\n"
    var lines: [Int] = []
    for index in 0..<40 {
      text += "\(index),\"x\ny\"\n\(index),plain\n"
      lines += [3 + 3 * index, 5 + 3 * index]
    }
    let path = try writeTable(text)
    for chunkSize in [64, 100, 1 << 21] {
      for workers in [1, 4] {
        let label = "chunk \(chunkSize) workers \(workers)"
        let options = ReadOptions(workers: workers, chunkSize: chunkSize, lenient: true)
        let (_, events) = try readEvents(path, options, mode: .parallel)
        let malformed = events.compactMap { event -> TableError? in
          if case .malformed(let error) = event { return error }
          return nil
        }
        XCTAssertEqual(malformed.map(\.kind), [.strayQuote], label)
        XCTAssertEqual(malformed.first?.location?.line, 2, label)
        XCTAssertEqual(events.compactMap(\.record?.line), lines, label)
      }
    }
  }

  func testLenientModeRecordWithBadFieldCountAndBadUTF8IsOneMalformedRecord() throws {
    // The bad byte belongs to the record already reported; the next record is fine.
    let bytes = Array("a,b\n1,".utf8) + [0xFF] + Array(",3\n4,5\n".utf8)
    let path = try writeTable(bytes)
    let (_, events) = try readEvents(path, ReadOptions(lenient: true))
    XCTAssertEqual(events.count, 2, "\(events)")
    guard events.count == 2 else { return }
    if case .malformed(let error) = events[0] {
      XCTAssertEqual(error.kind, .fieldCount)
      XCTAssertEqual(error.location?.line, 2)
    } else {
      XCTFail("\(events[0])")
    }
    XCTAssertEqual(events[1].record?.fields, ["4", "5"], "\(events[1])")
  }

  func testLenientModeUnterminatedQuoteEndsTheScan() throws {
    let path = try writeTable("a,b\n1,2\n3,\"x\n4,5\n6,7\n")
    for config in readConfigurations {
      let options = ReadOptions(
        workers: config.workers, chunkSize: config.chunkSize, lenient: true)
      let label = "\(config.mode) chunk \(config.chunkSize) workers \(config.workers)"
      let (_, events) = try readEvents(path, options, mode: config.mode)
      XCTAssertEqual(events.count, 2, "\(label): \(events)")
      guard events.count == 2 else { continue }
      XCTAssertEqual(events[0].record?.fields, ["1", "2"], label)
      XCTAssertEqual(
        events[1],
        .malformed(
          TableError(
            .unterminatedQuote, unterminated,
            at: SourceLocation(file: path, line: 3, column: 2, byteOffset: 10))), label)
    }
  }

  func testLenientModeJSONLines() throws {
    let path = try writeTable(
      "{\"a\":1,\"b\":2}\n{\"a\":1,\"z\":2}\nnot json\n{\"b\":3}\n", name: "t.jsonl")
    let (_, events) = try readEvents(path, ReadOptions(lenient: true))
    XCTAssertEqual(events.count, 4, "\(events)")
    guard events.count == 4 else { return }
    XCTAssertEqual(events[0].record?.fields, ["1", "2"])
    if case .malformed(let error) = events[1] {
      XCTAssertEqual(error.kind, .invalidJSON)
      XCTAssertEqual(error.location?.line, 2)
    } else {
      XCTFail("\(events[1])")
    }
    if case .malformed(let error) = events[2] {
      XCTAssertEqual(error.kind, .invalidJSON)
      XCTAssertEqual(error.location?.line, 3)
    } else {
      XCTFail("\(events[2])")
    }
    XCTAssertEqual(events[3].record?.nulls, [true, false])
    XCTAssertEqual(events[3].record?.line, 4)
  }

  func testLenientModeStillRejectsABadHeader() throws {
    let path = try writeTable("a,a\n1,2\n")
    let error = try XCTUnwrap(readError(path, ReadOptions(lenient: true)))
    XCTAssertEqual(error.kind, .duplicateHeader)
  }
}
