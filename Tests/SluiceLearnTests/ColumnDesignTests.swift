import Foundation
import SluiceCore
import SluiceTable
import XCTest

@testable import SluiceLearn

/// A binary fit on few rows holds its sparse design only as columns (issue 12). The columns
/// hold the same entries as the transpose of the row-major design, and the fit on them gives
/// the same model, bit for bit, as the fit on the rows.
final class ColumnDesignTests: XCTestCase {
  /// A frame with numeric (some missing), categorical and two text columns, the first text
  /// column between numeric ones so the layout interleaves text and dense features.
  private func frame(rows: Int) throws -> Frame {
    var csv = "a,note,b,colour,comment,label\n"
    let words = ["red fox", "lazy dog", "quick brown", "jumps over", "the fence", ""]
    for row in 0..<rows {
      let a = row % 11 == 0 ? "" : "\(Double(row % 17) * 0.5)"
      let b = "\((row * 7) % 13)"
      let colour = ["red", "green", "blue"][row % 3]
      let label = (row % 17 + row % 3) % 2
      csv += "\(a),\(words[row % 6]) \(words[(row / 6) % 6]),\(b),\(colour),"
      csv += "\(words[(row * 5) % 6]),\(label)\n"
    }
    let path = NSTemporaryDirectory() + "sluice-columns-\(UUID().uuidString).csv"
    try csv.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try Frame.read(TableReader(path: path))
  }

  func testColumnsEqualTheTransposeAndTheFitIsBitIdentical() throws {
    let frame = try frame(rows: 300)
    let pipeline = try FeaturePipeline.fit(
      frame: frame,
      columns: [
        ("a", .numeric), ("note", .text), ("b", .numeric), ("colour", .categorical),
        ("comment", .text),
      ],
      text: try HashingVectorizer(features: 1 << 10), file: "t.csv")
    let rows = try pipeline.transformSparse(frame, file: "t.csv")
    let columns = try pipeline.transformColumns(frame, file: "t.csv", cache: ColumnCache())
    let transposed = SparseColumns(rows)
    // Numeric features nonzero on every row, and the indicator, are kept whole; written out
    // as entries they are the transpose's.
    XCTAssertEqual(columns.whole.count, 3)
    let plain = columns.plain()
    XCTAssertEqual(plain.columnStarts, transposed.columnStarts)
    XCTAssertEqual(plain.rowIndices, transposed.rowIndices)
    XCTAssertEqual(plain.values, transposed.values)
    XCTAssertGreaterThan(plain.values.count, 300 * 4)
    // Row products from the columns equal the rows' dot products, bit for bit.
    let v = (0..<rows.columns).map { Double(($0 * 37) % 101) / 50 - 1 }
    let products = try XCTUnwrap(columns.rowProducts(v))
    let dots = rows.withRows { access in
      v.withUnsafeBufferPointer { w in
        (0..<rows.rows).map { row in w.baseAddress.map { access.dot(row, $0) } ?? 0 }
      }
    }
    XCTAssertEqual(products, dots)
    XCTAssertNil(transposed.rowProducts(v))
    let r = (0..<rows.rows).map { Double(($0 * 29) % 97) / 48 - 1 }
    XCTAssertEqual(
      columns.transposeMultiply(r, workers: 2), transposed.transposeMultiply(r, workers: 2))
    let y = (0..<frame.rows).map { ($0 % 17 + $0 % 3) % 2 }
    let fromRows = try LogisticRegression.fit(x: rows, y: y, classes: 2, tolerance: 1e-8)
    let fromColumns = try LogisticRegression.fit(
      columns: columns, y: y, sampleWeight: nil, c: 1, classWeight: .none, maxIterations: 1000,
      tolerance: 1e-8, labels: nil, workers: 2, progress: nil)
    XCTAssertEqual(fromColumns.coefficients, fromRows.coefficients)
    XCTAssertEqual(fromColumns.intercepts, fromRows.intercepts)
    XCTAssertEqual(fromColumns.iterations, fromRows.iterations)
  }
}
