/// A rectangular table of text for human-readable reports.
///
/// Rows may have fewer or more cells than `headers`: reporters render as many columns as
/// the widest of the headers and the rows, filling missing cells (and headers) with "".
public struct ReportTable: Sendable, Equatable {
  /// How a column's cells line up.
  public enum Alignment: String, Sendable, Equatable {
    /// Text starts at the left edge (names, labels).
    case left
    /// Text ends at the right edge (numbers).
    case right
  }

  /// The column titles.
  public var headers: [String]
  /// The cells, row by row.
  public var rows: [[String]]
  /// The alignment of each column; columns without an entry are left-aligned.
  public var alignments: [Alignment]

  /// Creates a table; `alignments` defaults to all columns left-aligned.
  public init(headers: [String] = [], rows: [[String]] = [], alignments: [Alignment] = []) {
    self.headers = headers
    self.rows = rows
    self.alignments = alignments
  }

  /// Whether the table has neither headers nor rows.
  public var isEmpty: Bool { headers.isEmpty && rows.isEmpty }

  /// The number of columns a rendering shows: the widest of the headers and every row.
  public var columnCount: Int {
    rows.reduce(headers.count) { max($0, $1.count) }
  }

  /// The alignment of column `index` (left when not given).
  public func alignment(of index: Int) -> Alignment {
    alignments.indices.contains(index) ? alignments[index] : .left
  }
}
