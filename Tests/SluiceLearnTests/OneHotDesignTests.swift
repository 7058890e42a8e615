import Foundation
import SluiceTable
import XCTest

@testable import SluiceLearn

/// The compact one-hot design used for logistic training: same values, same fit, as the dense
/// matrix the pipeline's `transform` builds.
final class OneHotDesignTests: XCTestCase {
  /// A frame with a numeric column (with gaps), two categorical columns and a binary target,
  /// written as CSV and read back as the tools do.
  func frame(rows: Int) throws -> Frame {
    var text = "x,colour,letter,y\n"
    for row in 0..<rows {
      let x = row % 7 == 3 ? "" : String(Double(row % 13) * 0.5 - 2)
      let colour = ["red", "green", "blue", "green"][row % 4]
      let letter =
        row % 11 == 0
        ? "" : (row % 5 == 4 && row % 3 != 0 ? "rare" : ["a", "b", "c", "d"][row % 4])
      let y = (row * 7 + row / 3) % 5 < 2 ? "yes" : "no"
      text += "\(x),\(colour),\(letter),\(y)\n"
    }
    let directory = NSTemporaryDirectory() + "sluice-onehot-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/t.csv"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return try Frame.read(TableReader(path: path))
  }

  func testSameValuesAsTheDenseTransform() throws {
    let frame = try frame(rows: 200)
    let pipeline = try FeaturePipeline.fit(
      frame: frame, columns: [("x", .numeric), ("colour", .categorical), ("letter", .categorical)],
      minFrequency: 5, file: "t.csv")
    let dense = try pipeline.transform(frame, file: "t.csv")
    let (design, order) = try pipeline.oneHotDesign(frame, file: "t.csv")
    XCTAssertEqual(design.columns, dense.width)
    XCTAssertEqual(order.sorted(), Array(0..<dense.width))
    for row in 0..<frame.rows {
      for column in 0..<design.columns {
        XCTAssertEqual(
          design.value(row: row, column: column), dense.values[row * dense.width + order[column]],
          "row \(row), design column \(column)")
      }
    }
  }

  func testRowOperationsMatchDenseRows() throws {
    let frame = try frame(rows: 50)
    let pipeline = try FeaturePipeline.fit(
      frame: frame, columns: [("colour", .categorical), ("x", .numeric), ("letter", .categorical)],
      file: "t.csv")
    let (design, _) = try pipeline.oneHotDesign(frame, file: "t.csv")
    let weights = (0..<design.columns).map { Double($0) * 0.25 - 1 }
    design.withRows { rows in
      weights.withUnsafeBufferPointer { w in
        guard let w = w.baseAddress else { return XCTFail("no weights") }
        for row in 0..<design.rows {
          var expected = 0.0
          for column in 0..<design.columns {
            expected += design.value(row: row, column: column) * w[column]
          }
          XCTAssertEqual(rows.dot(row, w), expected, accuracy: 1e-12)
          var out = [Double](repeating: 0, count: design.columns)
          out.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { rows.axpy(row, 2, base) }
          }
          for column in 0..<design.columns {
            XCTAssertEqual(out[column], 2 * design.value(row: row, column: column))
          }
        }
      }
    }
  }

  func testTrainerFitsTheSameModelAsTheDenseMatrix() throws {
    let frame = try frame(rows: 400)
    var settings = TrainSettings(target: "y")
    settings.tolerance = 1e-10
    let outcome = try Trainer.train(
      frame: frame, file: "t.csv", dataHash: "", schema: nil, settings: settings)
    let model = outcome.model
    let x = try DenseMatrix(model.pipeline.transform(frame, file: "t.csv"))
    let labels = (0..<frame.rows).map { frame.columns[3].string($0) == "yes" ? 1 : 0 }
    let dense = try LogisticRegression.fit(x: x, y: labels, classes: 2, tolerance: 1e-10)
    XCTAssertEqual(model.classes, ["no", "yes"])
    for (a, b) in zip(model.coefficients[0], dense.coefficients[0]) {
      XCTAssertEqual(a, b, accuracy: 1e-7)
    }
    XCTAssertEqual(model.intercepts[0], dense.intercepts[0], accuracy: 1e-7)
  }

  func testCategoryCodes() {
    var column = RawColumn()
    for field in ["b", "a", "", "b", "é", "a", "b"] {
      let bytes = Array(field.utf8)
      bytes.withUnsafeBufferPointer { column.add($0, isNull: field.isEmpty) }
    }
    let codes = CategoryCodes(column)
    XCTAssertEqual(codes.values, ["b", "a", "é"])
    XCTAssertEqual(codes.counts, [3, 2, 1])
    XCTAssertEqual(codes.codes, [0, 1, -1, 0, 2, 1, 0])
    XCTAssertTrue(codes.hasMissing)
  }

  func testByteKeyTableGrowsAndKeepsCodes() {
    var table = ByteKeyTable()
    for round in 0..<2 {
      for key in 0..<5000 {
        let bytes = Array("key-\(key)".utf8)
        let (code, isNew) = bytes.withUnsafeBufferPointer { table.insert($0) }
        XCTAssertEqual(Int(code), key)
        XCTAssertEqual(isNew, round == 0)
      }
    }
    XCTAssertEqual(table.count, 5000)
  }
}
