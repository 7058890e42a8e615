import Foundation
import SluiceCore
import XCTest

@testable import SluiceData

/// KLL accuracy against the exact sorted data, exactness for small inputs, and determinism.
final class QuantileSketchTests: XCTestCase {
  /// The distributions the accuracy tests draw from, including adversarial orders.
  static func values(
    kind: Int, count: Int, using generator: inout SketchGenerator
  ) -> [Double] {
    switch kind % 8 {
    case 0: return (0..<count).map { _ in Double.random(in: -1...1, using: &generator) }
    case 1: return (0..<count).map { _ in 50 + 3 * generator.normal() }
    case 2: return (0..<count).map { _ in Foundation.exp(2 * generator.normal()) }
    case 3: return (0..<count).map { Double($0) }
    case 4: return (0..<count).map { Double(count - $0) }
    case 5: return (0..<count).map { _ in Double(Int.random(in: 0..<20, using: &generator)) }
    case 6: return (0..<count).map { Double(($0 * 7919) % 1000) + Double($0) / 1e6 }
    default:
      // Mostly one value with a tail: a heavily tied column.
      return (0..<count).map { _ in
        Bool.random(using: &generator) ? 0 : Double.random(in: 0...1e6, using: &generator)
      }
    }
  }

  /// Maximum |estimated - true| inclusive normalised rank over every distinct value.
  static func maximumRankError(_ sketch: QuantileSketch, sorted: [Double]) -> Double {
    var distinct: [Double] = []
    var trueRanks: [Double] = []
    let total = Double(sorted.count)
    for (index, value) in sorted.enumerated()
    where index + 1 == sorted.count || sorted[index + 1] != value {
      distinct.append(value)
      trueRanks.append(Double(index + 1) / total)
    }
    let estimated = sketch.cdf(at: distinct)
    return zip(estimated, trueRanks).map { abs($0 - $1) }.max() ?? 0
  }

  /// The inverse-CDF quantile of sorted data: the first value whose rank reaches q.
  static func exactQuantile(_ sorted: [Double], _ q: Double) -> Double {
    let total = Double(sorted.count)
    for index in sorted.indices where Double(index + 1) / total >= q { return sorted[index] }
    return sorted[sorted.count - 1]
  }

  func testExactForSmallInputs() throws {
    var generator = SketchGenerator(seed: 11)
    for count in [1, 2, 3, 10, 99, 200] {
      let values = (0..<count).map { _ in Double(Int.random(in: -30...30, using: &generator)) / 4 }
      let sorted = values.sorted()
      // Built whole and built from shards merged in a random order must both be exact.
      let whole = QuantileSketch(values)
      let parts = SketchTesting.shards(of: values, maximumShards: 6, using: &generator)
        .map { QuantileSketch($0) }
      let merged = try XCTUnwrap(
        SketchTesting.mergeRandomly(parts, using: &generator) { $0.merge($1) })
      for sketch in [whole, merged] {
        XCTAssertTrue(sketch.isExact, "n=\(count)")
        XCTAssertEqual(sketch.rankErrorBound, 0)
        XCTAssertEqual(sketch.count, count)
        XCTAssertEqual(sketch.min, sorted.first)
        XCTAssertEqual(sketch.max, sorted.last)
        for probe in Set(values + values.map { $0 + 0.125 } + [-100, 100]) {
          let expected = Double(sorted.filter { $0 <= probe }.count) / Double(count)
          XCTAssertEqual(sketch.rank(probe), expected, "rank(\(probe)) n=\(count)")
        }
        let qs = (0...40).map { Double($0) / 40 } + [0.001, 0.333, 0.999]
        let batch = sketch.quantiles(qs)
        for (q, fromBatch) in zip(qs, batch) {
          XCTAssertEqual(sketch.quantile(q), Self.exactQuantile(sorted, q), "q=\(q) n=\(count)")
          XCTAssertEqual(fromBatch, Self.exactQuantile(sorted, q), "q=\(q) n=\(count)")
        }
      }
    }
  }

  func testLevelSortMatchesStandardSort() {
    var generator = SketchGenerator(seed: 17)
    for size in [0, 1, 2, 3, 16, 17, 18, 33, 100, 257, 1_000] {
      let patterns: [[Double]] = [
        (0..<size).map { _ in Double.random(in: -1...1, using: &generator) },
        (0..<size).map(Double.init),
        (0..<size).map { Double(size - $0) },
        (0..<size).map { _ in Double(Int.random(in: 0...2, using: &generator)) },
        Array(repeating: 7, count: size),
        (0..<size).map { Double($0 % 2 == 0 ? $0 : size - $0) },
      ]
      for (index, pattern) in patterns.enumerated() {
        var sorted = pattern
        sorted.withUnsafeMutableBufferPointer { KLLLevels.sort($0) }
        XCTAssertEqual(sorted, pattern.sorted(), "size \(size) pattern \(index)")
      }
    }
  }

  func testExactnessEndsWithTheFirstCompaction() {
    var sketch = QuantileSketch(k: 200)
    for index in 0..<200 { sketch.add(Double(index)) }
    XCTAssertTrue(sketch.isExact)
    sketch.add(200)
    XCTAssertFalse(sketch.isExact)
    XCTAssertEqual(sketch.count, 201)
    XCTAssertEqual(sketch.rankErrorBound, QuantileSketch.rankErrorBound(k: 200))
  }

  func testDocumentedBoundsForDefaultK() {
    XCTAssertEqual(QuantileSketch.rankErrorBound(k: 200), 0.0133, accuracy: 0.00005)
    XCTAssertEqual(QuantileSketch.pmfErrorBound(k: 200), 0.0165, accuracy: 0.00005)
  }

  /// Random data of every kind, split into random shards merged in random orders: the maximum
  /// rank error over all values stays within the documented 99%-confidence bounds.
  func testRankErrorWithinBoundOverRandomShardings() throws {
    var generator = SketchGenerator(seed: 2024)
    let bound = QuantileSketch.rankErrorBound(k: 200)
    var errors: [Double] = []
    for trial in 0..<48 {
      let count = [1_000, 5_000, 20_000, 60_000][trial % 4]
      let values = Self.values(kind: trial / 4, count: count, using: &generator)
      let parts = SketchTesting.shards(
        of: values, maximumShards: trial % 3 == 0 ? 1 : 40, using: &generator
      ).map { QuantileSketch($0) }
      let sketch = try XCTUnwrap(
        SketchTesting.mergeRandomly(parts, using: &generator) { $0.merge($1) })
      XCTAssertEqual(sketch.count, count)
      XCTAssertEqual(sketch.min, values.min())
      XCTAssertEqual(sketch.max, values.max())
      let sorted = values.sorted()
      let error = Self.maximumRankError(sketch, sorted: sorted)
      errors.append(error)
      XCTAssertLessThanOrEqual(error, QuantileSketch.pmfErrorBound(k: 200), "trial \(trial)")
      // Quantiles: the returned value's true rank interval reaches q within the bound.
      for q in stride(from: 0.01, through: 0.99, by: 0.049) {
        let value = try XCTUnwrap(sketch.quantile(q))
        let below = Double(SketchTesting.countBefore(sorted) { $0 >= value }) / Double(count)
        let through = Double(SketchTesting.countBefore(sorted) { $0 > value }) / Double(count)
        XCTAssertTrue(
          below - bound <= q && q <= through + bound, "trial \(trial) q=\(q) value=\(value)")
      }
    }
    // The single-sided bound is a 99th percentile: allow at most one trial in 48 above it.
    XCTAssertLessThanOrEqual(errors.filter { $0 > bound }.count, 1, "\(errors)")
    let meanError = errors.reduce(0, +) / Double(errors.count)
    XCTAssertLessThan(meanError, 0.75 * bound, "\(errors)")
  }

  func testSameInputGivesSameBytes() throws {
    var generator = SketchGenerator(seed: 5)
    let values = Self.values(kind: 2, count: 30_000, using: &generator)
    let first = SketchTesting.text(QuantileSketch(values).json)
    let second = SketchTesting.text(QuantileSketch(values).json)
    XCTAssertEqual(first, second)
    // Shards built concurrently and merged in input order match shards built one by one.
    let chunks = stride(from: 0, to: values.count, by: 4_096).map {
      Array(values[$0..<Swift.min($0 + 4_096, values.count)])
    }
    let built = SketchResultBox(count: chunks.count)
    DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
      built.set(index, QuantileSketch(chunks[index]))
    }
    var parallel = QuantileSketch()
    var serial = QuantileSketch()
    for (index, chunk) in chunks.enumerated() {
      parallel.merge(try XCTUnwrap(built.get(index)))
      serial.merge(QuantileSketch(chunk))
    }
    XCTAssertEqual(SketchTesting.text(parallel.json), SketchTesting.text(serial.json))
  }

  func testJSONRoundTripContinuesBitForBit() throws {
    var generator = SketchGenerator(seed: 9)
    let values = Self.values(kind: 1, count: 12_345, using: &generator)
    var original = QuantileSketch(values[..<10_000])
    var reloaded = try QuantileSketch(json: SketchTesting.reparse(original.json))
    XCTAssertEqual(reloaded, original)
    XCTAssertEqual(SketchTesting.text(reloaded.json), SketchTesting.text(original.json))
    for value in values[10_000...] {
      original.add(value)
      reloaded.add(value)
    }
    let other = QuantileSketch(values.prefix(3_000))
    original.merge(other)
    reloaded.merge(other)
    XCTAssertEqual(SketchTesting.text(reloaded.json), SketchTesting.text(original.json))
    let empty = try QuantileSketch(json: SketchTesting.reparse(QuantileSketch().json))
    XCTAssertEqual(empty, QuantileSketch())
    XCTAssertNil(empty.quantile(0.5))
    XCTAssertTrue(empty.rank(1).isNaN)
  }

  func testMergeWithSmallerKAdoptsIt() throws {
    var generator = SketchGenerator(seed: 3)
    let values = Self.values(kind: 0, count: 20_000, using: &generator)
    var sketch = QuantileSketch(k: 400, values[..<10_000])
    sketch.merge(QuantileSketch(k: 100, values[10_000...]))
    XCTAssertEqual(sketch.k, 100)
    XCTAssertEqual(sketch.count, 20_000)
    let error = Self.maximumRankError(sketch, sorted: values.sorted())
    XCTAssertLessThanOrEqual(error, QuantileSketch.pmfErrorBound(k: 100))
    var empty = QuantileSketch(k: 50)
    empty.merge(QuantileSketch(k: 200, values))
    XCTAssertEqual(empty.k, 50)
    XCTAssertEqual(empty.count, values.count)
  }

  func testNaNIgnoredAndNegativeZeroFolded() {
    var sketch = QuantileSketch()
    sketch.add(.nan)
    XCTAssertTrue(sketch.isEmpty)
    sketch.add(-0.0)
    sketch.add(0.0)
    XCTAssertEqual(sketch.min?.sign, .plus)
    XCTAssertEqual(sketch.rank(0), 1)
    XCTAssertNil(sketch.quantile(1.5))
    XCTAssertNil(sketch.quantile(.nan))
  }

  func testRejectsInconsistentJSON() throws {
    let good = QuantileSketch((0..<1_000).map(Double.init)).json
    guard case .object(let members) = good else { return XCTFail("not an object") }
    func with(_ key: String, _ value: JSONValue?) -> JSONValue {
      var copy = members
      copy[key] = value
      return .object(copy)
    }
    let cases: [(String, JSONValue)] = [
      ("wrong kind", with("kind", "hll")),
      ("weight mismatch", with("n", 999)),
      ("k out of range", with("k", 3)),
      ("missing items", with("items", nil)),
      ("bad coin", with("coin", "xyz")),
      ("min above max", with("min", 5_000.0)),
      ("too many levels", with("levels", .array(Array(repeating: 0, count: 62)))),
      ("not an object", .array([])),
    ]
    for (name, json) in cases {
      SketchTesting.assertInvalid({ _ = try QuantileSketch(json: json) }, name)
    }
    // An unsorted upper level is caught even when the counts add up.
    var sketch = QuantileSketch(k: 8)
    for value in [5.0, 4, 3, 2, 1, 0, 9, 8, 7, 6] { sketch.add(value) }
    guard case .object(var broken) = sketch.json, let text = broken["items"]?.stringValue,
      var items = SketchCoding.doubles(base64: text),
      let levels = broken["levels"]?.arrayValue, let zero = levels[0].intValue
    else { return XCTFail("unexpected layout") }
    let first = Int(zero)
    items.swapAt(first, items.count - 1)
    broken["items"] = .string(SketchCoding.base64(doubles: items))
    SketchTesting.assertInvalid(
      { _ = try QuantileSketch(json: .object(broken)) }, "unsorted level")
  }
}

/// Collects results written by concurrent iterations.
final class SketchResultBox: @unchecked Sendable {
  private var results: [QuantileSketch?]
  private let lock = NSLock()

  init(count: Int) { results = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ sketch: QuantileSketch) {
    lock.lock()
    results[index] = sketch
    lock.unlock()
  }

  func get(_ index: Int) -> QuantileSketch? {
    lock.lock()
    defer { lock.unlock() }
    return results[index]
  }
}
