import SluiceCore
import XCTest

@testable import SluiceTable

/// Issue 12 (wide tables): every chunk costs work per column, so a chunk must hold enough
/// records whatever their length, and cells of a wider table must not land in chunks of
/// fewer records. These count records per chunk; they time nothing.
final class WideChunkTests: XCTestCase {
  /// Records of `width` bytes (a label and one wide field), `rows` of them, after a header.
  private func wideTable(rows: Int, width: Int) -> String {
    let field = String(repeating: "x", count: width - 4)
    var text = "a,b\n"
    for row in 0..<rows { text += "\(row % 10),\(field)\n" }
    return text
  }

  /// Records in each chunk, in input order.
  private func recordsPerChunk(_ path: String, _ options: ReadOptions) throws -> [Int] {
    let reader = try TableReader(path: path, options: options)
    var counts: [Int] = []
    try reader.forEachChunk(
      { cursor in
        var records = 0
        while let status = try cursor.next() {
          if case .record = status { records += 1 }
        }
        return records
      },
      reduce: { counts.append($0) })
    return counts
  }

  /// 64 records of 48 KiB are 3 MiB, more than a record size limit of 2 MiB: the chunks
  /// after the first still hold 64 of the first chunk's average record (62 of these, as the
  /// short header lowers the average); they held 42, the limit's worth, before.
  func testChunksOfLongRecordsHoldTheMinimumPastTheRecordLimit() throws {
    let rows = 300
    let path = try writeTable(wideTable(rows: rows, width: 48 << 10))
    let options = ReadOptions(
      workers: 2, chunkSize: ReadOptions.defaultChunkSize, maxRecordBytes: 2 << 20)
    let counts = try recordsPerChunk(path, options)
    XCTAssertEqual(counts.reduce(0, +), rows)
    XCTAssertGreaterThan(counts.count, 2)
    for count in counts.dropFirst().dropLast() {
      XCTAssertGreaterThanOrEqual(count, ChunkSource.minimumRecords - 2, "\(counts)")
    }
  }

  /// Chunks grown past the record size limit still refuse a record longer than the limit,
  /// at its own line, and accept one just within it.
  func testTheRecordLimitHoldsInChunksLargerThanIt() throws {
    let limit = 2 << 20
    var text = wideTable(rows: 100, width: 48 << 10)
    text += "7," + String(repeating: "y", count: limit - 3) + "\n"  // exactly the limit
    text += wideTable(rows: 10, width: 48 << 10).dropFirst(4)
    text += "8," + String(repeating: "z", count: limit) + "\n"  // over it
    text += wideTable(rows: 100, width: 48 << 10).dropFirst(4)
    let path = try writeTable(text)
    for mode in [ReadMode.sequential, .parallel] {
      let options = ReadOptions(
        workers: 2, chunkSize: ReadOptions.defaultChunkSize, maxRecordBytes: limit)
      let error = try XCTUnwrap(readError(path, options, mode: mode), "\(mode)")
      XCTAssertEqual(error.kind, .recordTooLong, "\(mode)")
      XCTAssertEqual(error.location?.line, 113, "\(mode)")
    }
  }
}
