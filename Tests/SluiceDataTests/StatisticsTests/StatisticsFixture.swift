import Foundation
import SluiceCore
import XCTest

/// Reads the golden files written by `ci/fixtures/generate_statistics_fixtures.py`.
enum StatisticsFixture {
  /// The `cases` array of `statistics/<name>`, which must hold `count` cases: a golden test
  /// states how many it runs, so a truncated or regenerated-empty fixture cannot pass.
  static func cases(
    _ name: String, count: Int, file: StaticString = #filePath, line: UInt = #line
  ) throws -> [JSONValue] {
    let url = FixtureLocator.url("statistics/\(name)")
    let bytes = try [UInt8](Data(contentsOf: url))
    let root = try JSONParser.parse(bytes, file: url.path)
    let cases = try XCTUnwrap(
      root["cases"]?.arrayValue, "no cases in \(name)", file: file, line: line)
    XCTAssertEqual(cases.count, count, "cases in \(name)", file: file, line: line)
    return cases
  }
}

extension JSONValue {
  /// A fixture number: a JSON number, or one of the strings "nan", "inf", "-inf".
  var fixtureDouble: Double? {
    switch stringValue {
    case "nan": return .nan
    case "inf": return .infinity
    case "-inf": return -.infinity
    default: return doubleValue
    }
  }

  /// An array of fixture numbers.
  var fixtureDoubles: [Double]? {
    guard let array = arrayValue else { return nil }
    var values: [Double] = []
    for item in array {
      guard let value = item.fixtureDouble else { return nil }
      values.append(value)
    }
    return values
  }

  /// Values given inline under `key`, or regenerated from the sample spec under `specKey`.
  func sample(_ key: String, orSpec specKey: String) -> [Double]? {
    if let inline = self[key]?.fixtureDoubles { return inline }
    guard let spec = self[specKey] else { return nil }
    return FixtureSample(spec)?.values()
  }
}

/// A reproducible sample: the Swift twin of `sample_values` in the generator, built only from
/// SplitMix64 integers and correctly rounded arithmetic so both sides get identical doubles.
struct FixtureSample {
  var seed: UInt64
  var count: Int
  var kind: String
  var scale: Double
  var shift: Double
  var step: Double

  init?(_ spec: JSONValue) {
    guard let seed = spec["seed"]?.intValue, let count = spec["n"]?.intValue,
      let kind = spec["kind"]?.stringValue, let scale = spec["scale"]?.doubleValue,
      let shift = spec["shift"]?.doubleValue, let step = spec["step"]?.doubleValue
    else { return nil }
    self.seed = UInt64(seed)
    self.count = Int(count)
    self.kind = kind
    self.scale = scale
    self.shift = shift
    self.step = step
  }

  func values() -> [Double]? {
    var state = seed
    func uniform() -> Double {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      return Double(z >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }
    var values: [Double] = []
    values.reserveCapacity(count)
    for _ in 0..<count {
      let draw: Double
      switch kind {
      case "normal":
        var total = 0.0
        for _ in 0..<12 { total += uniform() }
        draw = total - 6.0
      case "uniform":
        draw = uniform()
      case "skewed":
        let u = uniform()
        draw = u * u * u
      default:
        return nil
      }
      var value = draw * scale + shift
      if step > 0 { value = (value / step + 0.5).rounded(.down) * step }
      values.append(value)
    }
    return values
  }
}

/// Compares results with oracle values and remembers the worst discrepancy, so a test both
/// fails past its tolerance and reports how close it actually came.
struct ToleranceTracker {
  var label: String
  /// Accepted `|actual - expected| / |expected|`.
  var relative: Double
  /// Accepted `|actual - expected|` regardless of magnitude; 0 makes the check purely relative.
  var absolute: Double
  private(set) var worstRelative = 0.0
  private(set) var worstAbsolute = 0.0
  private(set) var checked = 0

  init(_ label: String, relative: Double, absolute: Double = 0) {
    self.label = label
    self.relative = relative
    self.absolute = absolute
  }

  /// Checks one value; NaN matches only NaN and infinities only themselves.
  mutating func check(
    _ actual: Double, _ expected: Double, _ context: @autoclosure () -> String,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    checked += 1
    if expected.isNaN || expected.isInfinite || actual.isNaN || actual.isInfinite {
      let same = (expected.isNaN && actual.isNaN) || expected == actual
      XCTAssertTrue(
        same, "\(label) \(context()): got \(actual), expected \(expected)", file: file, line: line)
      return
    }
    let difference = abs(actual - expected)
    let relativeError =
      expected == 0 ? (difference == 0 ? 0 : .infinity) : difference / abs(expected)
    worstAbsolute = max(worstAbsolute, difference)
    if expected != 0 { worstRelative = max(worstRelative, relativeError) }
    XCTAssertTrue(
      difference <= absolute || relativeError <= relative,
      "\(label) \(context()): got \(actual), expected \(expected) (abs \(difference), rel \(relativeError))",
      file: file, line: line)
  }

  /// Prints the worst errors seen, for the record of achieved accuracy.
  func report() {
    print(
      "tolerance \(label): \(checked) values, worst relative \(worstRelative), worst absolute \(worstAbsolute)"
    )
  }
}
