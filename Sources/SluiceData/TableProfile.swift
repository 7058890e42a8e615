import SluiceCore
import SluiceTable

/// The profile of a whole table: one `ColumnProfiler` per column, mergeable with profiles of
/// other shards of the same table.
public struct TableProfile: Sendable {
  /// Column names, in table order.
  public var names: [String]
  /// One profile per column.
  public var columns: [ColumnProfiler]
  /// Data rows profiled.
  public var rows: Int

  /// An empty profile of these columns.
  public init(names: [String]) {
    self.names = names
    self.columns = Array(repeating: ColumnProfiler(), count: names.count)
    self.rows = 0
  }

  /// Profiles every record of `reader` in one parallel pass.
  public static func profile(_ reader: TableReader) throws -> TableProfile {
    let (columns, rows) = try reader.accumulateColumns(
      [ColumnProfiler](repeating: ColumnProfiler(), count: reader.columns.count))
    var total = TableProfile(names: reader.columns)
    total.columns = columns
    total.rows = rows
    return total
  }

  /// Adds the profile of another shard of the same table (same columns, in the same order).
  public mutating func merge(_ other: TableProfile, file: String) throws(DataError) {
    guard other.names == names else {
      throw DataError(
        file: file, path: "columns",
        "columns differ from the first profile's (\(names.joined(separator: ", "))); only shards of one table merge"
      )
    }
    rows += other.rows
    for index in columns.indices { columns[index].merge(other.columns[index]) }
  }
}
