import Foundation
import SluiceCore
import XCTest

@testable import SluiceLearn

/// One dataset of scikit-learn parity fixtures (ci/fixtures/generate_model_fixtures.py).
struct ModelFixture {
  /// The dataset name.
  var name: String
  /// The standardised design matrix.
  var x: DenseMatrix
  /// The target: class indices or regression values.
  var y: [Double]
  /// The cases: hyperparameters and scikit-learn's answers.
  var cases: [JSONValue]
  /// The whole document.
  var document: JSONValue

  /// The integer class indices of `y`.
  var classIndices: [Int] { y.map { Int($0) } }

  /// Loads `models/<name>.json`.
  static func load(_ name: String) throws -> ModelFixture {
    let data = try Data(contentsOf: LearnFixtureLocator.url("models/\(name).json"))
    let document = try JSONParser.parse([UInt8](data), file: name)
    let rows = try XCTUnwrap(document["x"]?.arrayValue).map { try numbers($0) }
    return ModelFixture(
      name: name, x: try DenseMatrix(rowList: rows), y: try numbers(document["y"]),
      cases: try XCTUnwrap(document["cases"]?.arrayValue), document: document)
  }

  /// A list of numbers.
  static func numbers(_ value: JSONValue?) throws -> [Double] {
    try XCTUnwrap(value?.arrayValue).map { try XCTUnwrap($0.doubleValue) }
  }

  /// A list of lists of numbers.
  static func matrix(_ value: JSONValue?) throws -> [[Double]] {
    try XCTUnwrap(value?.arrayValue).map { try numbers($0) }
  }

  /// Asserts `actual` is within `relative` of `expected`, or within `absolute` when
  /// `expected` is near zero; returns the largest relative error seen.
  @discardableResult
  static func assertClose(
    _ actual: [Double], _ expected: [Double], relative: Double, absolute: Double,
    _ message: String, file: StaticString = #filePath, line: UInt = #line
  ) -> Double {
    XCTAssertEqual(actual.count, expected.count, message, file: file, line: line)
    var worst = 0.0
    for (index, (a, e)) in zip(actual, expected).enumerated() {
      let error = abs(a - e)
      if abs(e) > absolute / relative { worst = max(worst, error / abs(e)) }
      XCTAssertTrue(
        error <= max(relative * abs(e), absolute),
        "\(message) [\(index)]: \(a) vs scikit-learn \(e)", file: file, line: line)
    }
    return worst
  }
}

/// The committed fixtures are what the parity tests assume.
final class ModelFixtureTests: XCTestCase {
  func testFixturesAreStandardisedAndComplete() throws {
    let expected = [
      ("breast_cancer", 569, 30, "binary"), ("iris", 150, 4, "multiclass"),
      ("wine", 178, 13, "multiclass"), ("diabetes", 442, 10, "regression"),
    ]
    for (name, rows, columns, task) in expected {
      let fixture = try ModelFixture.load(name)
      XCTAssertEqual(fixture.x.rows, rows, name)
      XCTAssertEqual(fixture.x.columns, columns, name)
      XCTAssertEqual(fixture.y.count, rows, name)
      XCTAssertEqual(fixture.document["task"]?.stringValue, task, name)
      XCTAssertNotNil(fixture.document["oracle"]?["scikit-learn"]?.stringValue, name)
      XCTAssertGreaterThanOrEqual(fixture.cases.count, 5, name)
      for column in 0..<columns {
        // StandardScaler: every column has mean 0 and population variance 1.
        var sum = 0.0
        var squares = 0.0
        for row in 0..<rows {
          sum += fixture.x[row, column]
          squares += fixture.x[row, column] * fixture.x[row, column]
        }
        XCTAssertEqual(sum / Double(rows), 0, accuracy: 1e-12, "\(name) column \(column)")
        XCTAssertEqual(squares / Double(rows), 1, accuracy: 1e-12, "\(name) column \(column)")
      }
    }
  }
}
