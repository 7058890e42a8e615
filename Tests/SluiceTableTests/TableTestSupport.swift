import Foundation
import SluiceCore
import XCTest

@testable import SluiceTable

/// One record as read: raw field bytes and what the cursor said about each field.
struct ReadRecord: Equatable, Sendable, CustomStringConvertible {
  var bytes: [[UInt8]]
  var quoted: [Bool]
  var nulls: [Bool]
  var line: Int
  var byteOffset: Int

  /// The fields decoded as UTF-8.
  var fields: [String] { bytes.map { String(decoding: $0, as: UTF8.self) } }

  var description: String { "line \(line) @\(byteOffset): \(fields)" }
}

/// What `next()` reported for one record.
enum ReadEvent: Equatable, Sendable {
  case record(ReadRecord)
  case malformed(TableError)

  var record: ReadRecord? {
    if case .record(let record) = self { return record }
    return nil
  }
}

/// Snapshot of the cursor's current record.
func snapshot(_ cursor: RecordCursor) -> ReadRecord {
  var record = ReadRecord(
    bytes: [], quoted: [], nulls: [], line: cursor.line, byteOffset: cursor.byteOffset)
  for index in 0..<cursor.columnCount {
    record.bytes.append(Array(cursor.field(index)))
    record.quoted.append(cursor.isQuoted(index))
    record.nulls.append(cursor.isNull(index))
  }
  return record
}

/// How to visit the records of a table.
enum ReadMode: CustomStringConvertible {
  /// `forEachRecord` on the calling thread.
  case sequential
  /// `forEachChunk` with ordered reduce.
  case parallel

  var description: String { self == .sequential ? "forEachRecord" : "forEachChunk" }
}

/// Reads every record event of the table at `path`.
func readEvents(_ path: String, _ options: ReadOptions, mode: ReadMode = .sequential) throws
  -> (columns: [String], events: [ReadEvent])
{
  let reader = try TableReader(path: path, options: options)
  var events: [ReadEvent] = []
  switch mode {
  case .sequential:
    try reader.forEachRecord { cursor, status in
      switch status {
      case .record: events.append(.record(snapshot(cursor)))
      case .malformed(let error): events.append(.malformed(error))
      }
    }
  case .parallel:
    try reader.forEachChunk(
      { cursor in
        var part: [ReadEvent] = []
        while let status = try cursor.next() {
          switch status {
          case .record: part.append(.record(snapshot(cursor)))
          case .malformed(let error): part.append(.malformed(error))
          }
        }
        return part
      },
      reduce: { events += $0 })
  }
  return (reader.columns, events)
}

/// Reads the records of a table that must hold no malformed record.
func readRecords(_ path: String, _ options: ReadOptions, mode: ReadMode = .sequential) throws
  -> (columns: [String], records: [ReadRecord])
{
  let (columns, events) = try readEvents(path, options, mode: mode)
  var records: [ReadRecord] = []
  for event in events {
    guard let record = event.record else {
      throw CoreError.internalError("unexpected malformed record: \(event)")
    }
    records.append(record)
  }
  return (columns, records)
}

/// The `TableError` thrown while opening and reading the table, if any.
func readError(
  _ path: String, _ options: ReadOptions, mode: ReadMode = .sequential,
  file: StaticString = #filePath, line: UInt = #line
) -> TableError? {
  do {
    _ = try readEvents(path, options, mode: mode)
    XCTFail("expected a table error", file: file, line: line)
    return nil
  } catch let error as TableError {
    return error
  } catch {
    XCTFail("expected a TableError, got \(error)", file: file, line: line)
    return nil
  }
}

/// A fresh temporary directory, removed when the test ends.
func makeTableTempDir(_ test: XCTestCase) throws -> String {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("sluice-table-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
  return url.path
}

extension XCTestCase {
  /// Writes `bytes` to a new temporary file called `name` and returns its path.
  func writeTable(_ bytes: [UInt8], name: String = "table.csv") throws -> String {
    let directory = try makeTableTempDir(self)
    let path = directory + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Writes `text` (UTF-8) to a new temporary file called `name` and returns its path.
  func writeTable(_ text: String, name: String = "table.csv") throws -> String {
    try writeTable(Array(text.utf8), name: name)
  }
}

/// Reading configurations that must all give the same records: both visiting styles, tiny
/// chunks (the reader rounds chunk sizes up to 64 bytes) and several worker counts.
let readConfigurations: [(mode: ReadMode, chunkSize: Int, workers: Int)] = [
  (.sequential, 1 << 21, 1),
  (.sequential, 16, 1),
  (.parallel, 16, 1),
  (.parallel, 16, 2),
  (.parallel, 16, 8),
  (.parallel, 100, 3),
  (.parallel, 1 << 21, 4),
]

/// Asserts that `path` reads as `columns` and `expected` (fields and start lines) in every
/// configuration of `readConfigurations`.
func assertTable(
  _ path: String, _ options: ReadOptions = ReadOptions(), columns: [String],
  records expected: [[String]], lines: [Int]? = nil,
  file: StaticString = #filePath, line: UInt = #line
) {
  for config in readConfigurations {
    var options = options
    options.chunkSize = config.chunkSize
    options.workers = config.workers
    let label = "\(config.mode) chunk \(config.chunkSize) workers \(config.workers)"
    do {
      let (actualColumns, records) = try readRecords(path, options, mode: config.mode)
      XCTAssertEqual(actualColumns, columns, label, file: file, line: line)
      XCTAssertEqual(
        records.map { $0.bytes }, expected.map { $0.map { Array($0.utf8) } },
        "\(label): \(records.map(\.fields))", file: file, line: line)
      if let lines {
        XCTAssertEqual(records.map(\.line), lines, label, file: file, line: line)
      }
    } catch {
      XCTFail("\(label): \(error)", file: file, line: line)
    }
  }
}
