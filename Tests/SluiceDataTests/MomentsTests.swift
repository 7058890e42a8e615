import Foundation
import SluiceCore
import XCTest

@testable import SluiceData

/// Moments merged over random shardings against an exact-sum two-pass reference.
final class MomentsTests: XCTestCase {
  /// The exactly rounded sum of `values` (Shewchuk's partials, as Python's `math.fsum`).
  static func exactSum(_ values: some Sequence<Double>) -> Double {
    var partials: [Double] = []
    for value in values {
      var x = value
      var kept = 0
      for partial in partials {
        var y = partial
        if abs(x) < abs(y) { swap(&x, &y) }
        let high = x + y
        let low = y - (high - x)
        if low != 0 {
          partials[kept] = low
          kept += 1
        }
        x = high
      }
      partials.removeLast(partials.count - kept)
      partials.append(x)
    }
    // Round the partials to one double, from the largest down, as fsum does.
    guard var high = partials.popLast() else { return 0 }
    var low = 0.0
    while let next = partials.popLast() {
      let x = high
      high = x + next
      low = next - (high - x)
      if low != 0 { break }
    }
    if let next = partials.last, (low < 0 && next < 0) || (low > 0 && next > 0) {
      let y = low * 2
      let x = high + y
      if y == x - high { high = x }
    }
    return high
  }

  /// Corrected two-pass reference (Chan, Golub and LeVeque 1983) with exact sums: the mean,
  /// then Σd² − (Σd)²/n over the deviations d from it.
  static func reference(_ values: [Double]) -> (mean: Double, m2: Double) {
    let count = Double(values.count)
    let mean = exactSum(values) / count
    let deviations = values.map { $0 - mean }
    let correction = exactSum(deviations)
    let m2 = exactSum(deviations.map { $0 * $0 }) - correction * correction / count
    return (mean, m2)
  }

  /// Data of different scales and conditioning, including |mean| ≫ spread.
  static func values(kind: Int, count: Int, using generator: inout SketchGenerator) -> [Double] {
    switch kind % 6 {
    case 0: return (0..<count).map { _ in generator.normal() }
    case 1: return (0..<count).map { _ in 1e6 + 0.01 * generator.normal() }
    case 2: return (0..<count).map { _ in -5e8 + generator.normal() }
    case 3: return (0..<count).map { _ in Foundation.exp(3 * generator.normal()) }
    case 4:
      return (0..<count).map { _ in Double(Int.random(in: -1_000...1_000, using: &generator)) }
    default: return (0..<count).map { _ in 1e12 + Double.random(in: 0..<1, using: &generator) }
    }
  }

  static func assertClose(
    _ actual: Double?, _ expected: Double, relative: Double, _ message: String,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    guard let actual else { return XCTFail("nil: \(message)", file: file, line: line) }
    let scale = Swift.max(abs(expected), Double.leastNormalMagnitude)
    XCTAssertLessThanOrEqual(
      abs(actual - expected) / scale, relative, "\(actual) vs \(expected): \(message)",
      file: file, line: line)
  }

  /// 200 random datasets, shardings and merge orders: count, min and max exact; mean and both
  /// variances within 1e-12 relative of the reference.
  func testRandomShardingsMatchTwoPassReference() throws {
    var generator = SketchGenerator(seed: 42)
    for trial in 0..<200 {
      let count = Int.random(in: 2...2_500, using: &generator)
      let values = Self.values(kind: trial, count: count, using: &generator)
      let parts = SketchTesting.shards(of: values, maximumShards: 40, using: &generator)
        .map { Moments($0) }
      let merged = try XCTUnwrap(
        SketchTesting.mergeRandomly(parts, using: &generator) { $0.merge($1) })
      let (mean, m2) = Self.reference(values)
      let label = "trial \(trial) kind \(trial % 6) n=\(count) shards=\(parts.count)"
      XCTAssertEqual(merged.count, count, label)
      XCTAssertEqual(merged.min, values.min(), label)
      XCTAssertEqual(merged.max, values.max(), label)
      // The mean of kind 0 is near zero, so measure it against the data's scale.
      let meanScale = trial % 6 == 0 ? 1.0 : abs(mean)
      XCTAssertLessThanOrEqual(abs((merged.mean ?? .nan) - mean), 1e-12 * meanScale, label)
      Self.assertClose(merged.populationVariance, m2 / Double(count), relative: 1e-12, label)
      Self.assertClose(merged.sampleVariance, m2 / Double(count - 1), relative: 1e-12, label)
    }
  }

  /// One dataset, 200 shardings and merge orders: the mean never moves by more than 1e-15.
  func testMeanIndependentOfMergeOrder() throws {
    var generator = SketchGenerator(seed: 77)
    let values = Self.values(kind: 3, count: 5_000, using: &generator)
    let (mean, _) = Self.reference(values)
    for _ in 0..<200 {
      let parts = SketchTesting.shards(of: values, maximumShards: 60, using: &generator)
        .map { Moments($0) }
      let merged = try XCTUnwrap(
        SketchTesting.mergeRandomly(parts, using: &generator) { $0.merge($1) })
      Self.assertClose(merged.mean, mean, relative: 1e-15, "shards=\(parts.count)")
    }
  }

  func testCatastrophicCancellationIsAvoided() throws {
    let moments = Moments([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16])
    XCTAssertEqual(moments.mean, 1e9 + 10)
    XCTAssertEqual(moments.populationVariance, 22.5)
    XCTAssertEqual(moments.sampleVariance, 30)
    var split = Moments([1e9 + 16, 1e9 + 4])
    split.merge(Moments([1e9 + 13, 1e9 + 7]))
    XCTAssertEqual(split.populationVariance, 22.5)
    XCTAssertEqual(Moments(Array(repeating: 0.1, count: 1_000)).mean, 0.1)
    XCTAssertEqual(Moments(Array(repeating: 0.1, count: 1_000)).populationVariance, 0)
  }

  func testEmptySingleAndSpecialValues() {
    let empty = Moments()
    XCTAssertNil(empty.mean)
    XCTAssertNil(empty.min)
    XCTAssertNil(empty.populationVariance)
    var one = Moments()
    one.add(.nan)
    one.add(3)
    XCTAssertEqual(one.count, 1)
    XCTAssertEqual(one.populationVariance, 0)
    XCTAssertNil(one.sampleVariance)
    var merged = empty
    merged.merge(one)
    merged.merge(Moments())
    XCTAssertEqual(merged, one)
    // Signed zeros: the extremes do not depend on which came first.
    let a = Moments([0.0, -0.0])
    let b = Moments([-0.0, 0.0])
    XCTAssertEqual(a.min?.sign, .minus)
    XCTAssertEqual(a.max?.sign, .plus)
    XCTAssertEqual(SketchTesting.text(a.json), SketchTesting.text(b.json))
  }

  /// The one-pass batch (finite values) and the careful batch (NaN or infinities) agree with
  /// adding value by value: same count and extremes (signed zeros included), mean and
  /// variance to 1e-12.
  func testBatchAgreesWithAddingOneByOne() {
    var generator = SketchGenerator(seed: 21)
    let specials: [[Double]] = [
      [], [-0.0, 0.0], [0.0, -0.0, 0.0], [-0.0], [.nan, 2, -0.0, .nan],
      [.infinity, 1, 2], [-.infinity, 5], [.nan],
    ]
    var batches = specials
    for _ in 0..<50 {
      batches.append(
        (0..<(1 + Int(generator.unit() * 500))).map { _ in (generator.unit() - 0.3) * 1e4 })
    }
    for values in batches {
      let batch = values.withUnsafeBufferPointer { Moments(batch: $0) }
      let single = Moments(values)
      XCTAssertEqual(batch.count, single.count, "\(values.prefix(5))")
      XCTAssertEqual(batch.min?.bitPattern, single.min?.bitPattern, "\(values.prefix(5))")
      XCTAssertEqual(batch.max?.bitPattern, single.max?.bitPattern, "\(values.prefix(5))")
      for (a, b) in [
        (batch.mean, single.mean), (batch.populationVariance, single.populationVariance),
      ] {
        guard let a, let b, a.isFinite, b.isFinite else {
          XCTAssertEqual(
            a?.isNaN ?? true, b?.isNaN ?? true,
            "\(values.prefix(5)) \(String(describing: a)) \(String(describing: b))")
          continue
        }
        XCTAssertEqual(a, b, accuracy: 1e-12 * Swift.max(1, abs(b)), "\(values.prefix(5))")
      }
    }
  }

  func testJSONRoundTripIsExact() throws {
    var generator = SketchGenerator(seed: 8)
    let values = Self.values(kind: 2, count: 1_000, using: &generator)
    let moments = Moments(values)
    let reloaded = try Moments(json: SketchTesting.reparse(moments.json))
    XCTAssertEqual(reloaded, moments)
    XCTAssertEqual(SketchTesting.text(reloaded.json), SketchTesting.text(moments.json))
    XCTAssertEqual(try Moments(json: SketchTesting.reparse(Moments().json)), Moments())
    let infinite = Moments([1, .infinity])
    let again = try Moments(json: SketchTesting.reparse(infinite.json))
    XCTAssertEqual(again.max, .infinity)
    XCTAssertEqual(SketchTesting.text(again.json), SketchTesting.text(infinite.json))
  }

  func testRejectsInconsistentJSON() {
    guard case .object(let members) = Moments([1, 2, 3]).json else {
      return XCTFail("not an object")
    }
    func with(_ key: String, _ value: JSONValue?) -> JSONValue {
      var copy = members
      copy[key] = value
      return .object(copy)
    }
    let cases: [(String, JSONValue)] = [
      ("wrong kind", with("kind", "kll")),
      ("negative count", with("count", -1)),
      ("missing m2", with("m2", nil)),
      ("min above max", with("min", 10.0)),
      ("negative m2", with("m2", -1.0)),
      ("empty with extremes", with("count", 0)),
      ("string number", with("sum", "six")),
    ]
    for (name, json) in cases {
      SketchTesting.assertInvalid({ _ = try Moments(json: json) }, name)
    }
  }
}
