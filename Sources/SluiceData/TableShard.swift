import SluiceCore
import SluiceTable

/// One of `count` shards of a table's rows: data row r (1-based, in file order) belongs to
/// shard ((r - 1) mod count) + 1. The shards 1...count partition the table, and a row's
/// shard depends only on its position, never on threads or chunk sizes.
public struct TableShard: Sendable, Equatable {
  /// The shard, 1-based.
  public let index: Int
  /// The number of shards.
  public let count: Int

  /// Parses `i/N` with 1 <= i <= N.
  public init(parsing text: String, option: String) throws(CoreError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
      index >= 1, index <= count
    else {
      throw .usage(
        "invalid value '\(text)' for '\(option)': expected I/N with 1 <= I <= N, e.g. 2/4")
    }
    self.index = index
    self.count = count
  }

  /// Whether data row `row` (1-based) is in this shard.
  public func contains(row: Int) -> Bool { (row - 1) % count == index - 1 }

  /// Writes the header and this shard's rows of `reader` to `writer` as CSV, values as
  /// read (the encoding split-data uses); returns the rows written.
  public func writeRows(of reader: TableReader, to writer: CSVWriter) throws -> Int {
    writer.writeRecord(reader.columns)
    let jsonl = reader.format == .jsonl
    var row = 0
    var written = 0
    try reader.forEachRecord { cursor, status in
      guard case .record = status else { return }
      row += 1
      guard contains(row: row) else { return }
      SplitJob.encode(cursor, jsonl: jsonl, into: writer)
      written += 1
    }
    return written
  }
}
