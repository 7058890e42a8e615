import SluiceCore
import SluiceTable

/// Turns a frame's raw columns into numbers and label codes, with row-precise errors.
enum ColumnReader {
  /// The rows of `frame` split into a few ranges, one per worker.
  static func ranges(_ rows: Int, workers: Int) -> [Range<Int>] {
    let pieces = max(1, min(workers * 4, rows / 65_536))
    return (0..<pieces).map { piece in
      (rows * piece / pieces)..<(rows * (piece + 1) / pieces)
    }
  }

  /// Column `index` as doubles; a missing or non-numeric field is an error naming its line.
  static func numbers(_ frame: Frame, _ index: Int, file: String, workers: Int) throws(CoreError)
    -> [Double]
  {
    let column = frame.columns[index]
    let parts = ParallelMap.map(ranges(frame.rows, workers: workers), workers: workers) {
      range -> ([Double], Int?) in
      var values = [Double]()
      values.reserveCapacity(range.count)
      for row in range {
        let value =
          column.missing[row] ? nil : column.withField(row) { ValueParser.double($0) }
        guard let value, !value.isNaN else { return (values, row) }
        values.append(value)
      }
      return (values, nil)
    }
    var result = [Double]()
    result.reserveCapacity(frame.rows)
    for (values, bad) in parts {
      if let bad {
        let text = column.string(bad).map { "'\($0)'" } ?? "a missing value"
        throw .invalidData(
          "\(file): line \(frame.lines[bad]): column '\(frame.names[index])' has \(text), expected a number"
        )
      }
      result += values
    }
    return result
  }

  /// Column `index` as codes into its distinct labels (in first-seen order); a missing field
  /// is an error naming its line.
  static func labels(_ frame: Frame, _ index: Int, file: String) throws(CoreError)
    -> (codes: [Int32], labels: [String])
  {
    let column = frame.columns[index]
    var distinct: [[UInt8]] = []
    var lookup: [[UInt8]: Int32] = [:]
    var codes = [Int32](repeating: 0, count: frame.rows)
    var last: Int32 = -1
    for row in 0..<frame.rows {
      if column.missing[row] {
        throw .invalidData(
          "\(file): line \(frame.lines[row]): column '\(frame.names[index])' is missing")
      }
      // Labels repeat in runs and come from few classes: try the previous one first.
      let code: Int32 = column.withField(row) { field in
        if last >= 0, distinct[Int(last)].elementsEqual(field) { return last }
        if distinct.count <= 8 {
          for (position, label) in distinct.enumerated() where label.elementsEqual(field) {
            return Int32(position)
          }
          let bytes = Array(field)
          distinct.append(bytes)
          lookup[bytes] = Int32(distinct.count - 1)
          return Int32(distinct.count - 1)
        }
        let bytes = Array(field)
        if let known = lookup[bytes] { return known }
        distinct.append(bytes)
        lookup[bytes] = Int32(distinct.count - 1)
        return Int32(distinct.count - 1)
      }
      codes[row] = code
      last = code
    }
    return (codes, distinct.map { String(decoding: $0, as: UTF8.self) })
  }

  /// Re-codes `codes` (into `labels`) as indices into `classes`.
  static func recode(_ codes: [Int32], labels: [String], into classes: [String]) -> [Int32] {
    let map = labels.map { label in Int32(classes.firstIndex(of: label) ?? -1) }
    return codes.map { map[Int($0)] }
  }

  /// Strings sorted by their UTF-8 bytes (scikit-learn's order for string labels).
  static func sortedByBytes(_ labels: [String]) -> [String] {
    labels.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
  }
}
