import Foundation
import SluiceCore
import XCTest

/// Locates and decodes the committed plot fixtures of this test target.
enum PlotFixtures {
  /// The `Fixtures/plots` directory bundled with the tests.
  static var directory: URL {
    let fixtures =
      Bundle.module.url(forResource: "Fixtures", withExtension: nil)
      ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")
    return fixtures.appendingPathComponent("plots")
  }

  /// The parsed `curves.json` written by ci/fixtures/generate_plot_fixtures.py.
  static func curves() throws -> [JSONValue] {
    let url = directory.appendingPathComponent("curves.json")
    let data = try Data(contentsOf: url)
    let document = try JSONParser.parse([UInt8](data), file: url.path)
    return try XCTUnwrap(document["cases"]?.arrayValue, "curves.json has no cases")
  }

  /// A JSON array of numbers, with "nan", "inf" and "-inf" strings decoded.
  static func doubles(_ value: JSONValue?) throws -> [Double] {
    let array = try XCTUnwrap(value?.arrayValue, "expected an array")
    return try array.map { element in
      if let number = element.doubleValue { return number }
      switch element.stringValue {
      case "nan": return .nan
      case "inf": return .infinity
      case "-inf": return -.infinity
      default: throw PlotTestError("not a number: \(element)")
      }
    }
  }

  /// A JSON array of integers.
  static func integers(_ value: JSONValue?) throws -> [Int] {
    try XCTUnwrap(value?.arrayValue, "expected an array").map {
      Int(try XCTUnwrap($0.intValue, "not an integer: \($0)"))
    }
  }
}

/// A failure in test setup.
struct PlotTestError: Error, CustomStringConvertible {
  /// What went wrong.
  var description: String
  init(_ description: String) { self.description = description }
}

/// Asserts `actual` equals `expected` element-wise within `tolerance` (NaN matches NaN,
/// infinities match exactly).
func assertClose(
  _ actual: [Double], _ expected: [Double], tolerance: Double = 1e-12, _ message: String,
  file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertEqual(actual.count, expected.count, "\(message): length", file: file, line: line)
  for (index, (got, want)) in zip(actual, expected).enumerated() {
    let same =
      (got.isNaN && want.isNaN) || got == want
      || (got.isFinite && want.isFinite && abs(got - want) <= tolerance)
    if !same {
      XCTFail("\(message)[\(index)]: \(got) != \(want)", file: file, line: line)
      return
    }
  }
}
