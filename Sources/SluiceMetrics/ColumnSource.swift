import SluiceCore
import SluiceTable

/// Columns of a table by index, parsed on demand: a whole `Frame`, or a `LoadedTable` of
/// the needed columns only.
protocol ColumnSource {
  var names: [String] { get }
  var rows: Int { get }
  var file: String { get }
  /// The physical line of row `row`, for messages.
  func line(_ row: Int) -> Int
  /// Column `index` as numbers (missing or non-numeric is an error).
  func numbers(_ index: Int) throws(CoreError) -> [Double]
  /// Column `index` as label codes (missing is an error).
  func labels(_ index: Int) throws(CoreError) -> LoadedTable.Coded
  /// Column `index` as text, nil when missing.
  func texts(_ index: Int) -> [String?]
  /// Whether column `index` can be read (a `LoadedTable` holds only some).
  func has(_ index: Int) -> Bool
  /// The 1-based data-row number of row `row` in the file (rows may have been left out).
  func rowNumber(_ row: Int) -> Int
}

extension ColumnSource {
  /// The index of column `name`.
  func index(of name: String) -> Int? { names.firstIndex(of: name) }
}

/// A `Frame` as a column source.
struct FrameSource: ColumnSource {
  let frame: Frame
  let file: String
  let workers: Int
  /// 1-based data-row numbers when rows were left out (nil: 1...rows).
  var rowNumbers: [Int]? = nil

  func rowNumber(_ row: Int) -> Int { rowNumbers?[row] ?? row + 1 }
  var names: [String] { frame.names }
  var rows: Int { frame.rows }
  func line(_ row: Int) -> Int { frame.lines[row] }
  func has(_ index: Int) -> Bool { true }

  func numbers(_ index: Int) throws(CoreError) -> [Double] {
    try ColumnReader.numbers(frame, index, file: file, workers: workers)
  }

  func labels(_ index: Int) throws(CoreError) -> LoadedTable.Coded {
    let result = try ColumnReader.labels(frame, index, file: file)
    return LoadedTable.Coded(codes: result.codes, labels: result.labels)
  }

  func texts(_ index: Int) -> [String?] {
    let column = frame.columns[index]
    return (0..<frame.rows).map { column.string($0) }
  }
}

extension LoadedTable: ColumnSource {
  func rowNumber(_ row: Int) -> Int { rowNumbers?[row] ?? row + 1 }

  func numbers(_ index: Int) throws(CoreError) -> [Double] {
    guard let values = numbers[index] else {
      throw .internalError("column '\(names[index])' was not loaded as numbers")
    }
    return values
  }

  func labels(_ index: Int) throws(CoreError) -> Coded {
    guard let values = coded[index] else {
      throw .internalError("column '\(names[index])' was not loaded as labels")
    }
    if let row = values.codes.firstIndex(of: -1) {
      throw .invalidData("\(file): line \(line(row)): column '\(names[index])' is missing")
    }
    return values
  }

  func texts(_ index: Int) -> [String?] {
    if let values = texts[index] { return values }
    if let values = coded[index] {
      return values.codes.map { $0 < 0 ? nil : values.labels[Int($0)] }
    }
    return [String?](repeating: nil, count: rows)
  }
}
