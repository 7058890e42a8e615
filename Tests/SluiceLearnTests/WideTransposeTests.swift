import XCTest

@testable import SluiceLearn

/// Issue 12 (wide tables): a design of more than `SparseColumns.blockColumns` columns is
/// transposed in two passes (by block, then by column) so its cost per entry does not grow
/// with the width; the result must be the one-pass counting sort's, entry for entry.
final class WideTransposeTests: XCTestCase {
  func testTwoPassTransposeMatchesAStableSortByColumn() throws {
    let rows = 40
    let columns = 3 * SparseColumns.blockColumns + 17
    var state: UInt64 = 12_345
    func random(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    var rowStarts = [0]
    var columnIndices: [Int32] = []
    var values: [Double] = []
    for row in 0..<rows {
      // Some rows repeat a column (hashed text does), some are empty.
      // Rows wider than a block on average, as a wide table's are, take the two passes.
      for _ in 0..<(row % 7 == 3 ? 0 : 1 + random(3 * SparseColumns.blockColumns)) {
        columnIndices.append(Int32(random(columns)))
        values.append(Double(random(1000)) / 8)
      }
      columnIndices.append(Int32(columns - 1))
      values.append(Double(row))
      rowStarts.append(columnIndices.count)
    }
    let matrix = try SparseMatrix(
      rows: rows, columns: columns, rowStarts: rowStarts, columnIndices: columnIndices,
      values: values)
    XCTAssertGreaterThan(matrix.columns, SparseColumns.blockColumns)
    XCTAssertGreaterThan(columnIndices.count, rows * SparseColumns.blockColumns)
    let transposed = SparseColumns(matrix)
    var expected: [(column: Int32, row: Int32, value: Double)] = []
    for row in 0..<rows {
      for entry in rowStarts[row]..<rowStarts[row + 1] {
        expected.append((columnIndices[entry], Int32(row), values[entry]))
      }
    }
    // A stable sort by column keeps row order within each column.
    let sorted = expected.enumerated().sorted {
      ($0.element.column, $0.offset) < ($1.element.column, $1.offset)
    }.map(\.element)
    XCTAssertEqual(transposed.rowIndices, sorted.map(\.row))
    XCTAssertEqual(transposed.values, sorted.map(\.value))
    var starts = [Int](repeating: 0, count: columns + 1)
    for entry in sorted { starts[Int(entry.column) + 1] += 1 }
    for column in 0..<columns { starts[column + 1] += starts[column] }
    XCTAssertEqual(transposed.columnStarts, starts)
  }
}
