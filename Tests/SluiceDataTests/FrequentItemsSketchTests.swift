import Foundation
import SluiceCore
import XCTest

@testable import SluiceData

/// Misra–Gries counts against exact counts: exactness when small, the N/(m+1) guarantee
/// over Zipf-like data and random shardings, deterministic order and JSON.
final class FrequentItemsSketchTests: XCTestCase {
  /// A Zipf-like stream: item i drawn with probability ∝ 1 / (i + 1)^exponent.
  static func zipf(
    count: Int, universe: Int, exponent: Double, using generator: inout SketchGenerator
  ) -> [String] {
    var cumulative: [Double] = []
    var running = 0.0
    for index in 0..<universe {
      running += 1 / Foundation.pow(Double(index + 1), exponent)
      cumulative.append(running)
    }
    return (0..<count).map { _ in
      let target = Double.random(in: 0..<running, using: &generator)
      let index = SketchTesting.countBefore(cumulative) { $0 > target }
      return "item-\(Swift.min(index, universe - 1))"
    }
  }

  static func summary(_ items: some Sequence<String>, capacity: Int = 64) -> FrequentItems {
    var summary = FrequentItems(capacity: capacity)
    for item in items { summary.add(item.utf8) }
    return summary
  }

  /// Exact counts sorted like `top`: count descending, then bytes ascending.
  static func exactTop(_ items: [String]) -> [(String, Int)] {
    var counts: [String: Int] = [:]
    for item in items { counts[item, default: 0] += 1 }
    return counts.sorted {
      $0.value != $1.value
        ? $0.value > $1.value : Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8)
    }.map { ($0.key, $0.value) }
  }

  func testExactWhenDistinctItemsFit() throws {
    var generator = SketchGenerator(seed: 4)
    for distinct in [1, 17, 64, 128] {
      let items = (0..<5_000).map { _ in "v\(Int.random(in: 0..<distinct, using: &generator))" }
      let parts = SketchTesting.shards(of: items, maximumShards: 12, using: &generator)
        .map { Self.summary($0) }
      let merged = try XCTUnwrap(
        SketchTesting.mergeRandomly(parts, using: &generator) { $0.merge($1) })
      for summary in [Self.summary(items), merged] {
        let top = summary.top(1_000)
        let exact = Self.exactTop(items)
        XCTAssertEqual(top.map(\.value), exact.map(\.0), "distinct=\(distinct)")
        XCTAssertEqual(top.map(\.count), exact.map(\.1), "distinct=\(distinct)")
        XCTAssertTrue(top.allSatisfy { $0.error == 0 })
        XCTAssertEqual(summary.maximumError, 0)
        XCTAssertEqual(summary.total, items.count)
      }
    }
  }

  func testSelectionMatchesSorting() {
    var generator = SketchGenerator(seed: 5)
    for size in [1, 2, 3, 17, 128, 300] {
      for spread in [1, 3, 1_000] {
        let values = (0..<size).map { _ in Int.random(in: 1...spread, using: &generator) }
        let sorted = values.sorted(by: >)
        for rank in Set([0, size / 2, size - 1, Int.random(in: 0..<size, using: &generator)]) {
          var scratch = values
          XCTAssertEqual(
            FrequentItems.select(rank, inDescending: &scratch), sorted[rank],
            "size \(size) spread \(spread) rank \(rank)")
        }
      }
    }
  }

  func testTiesBreakByBytes() {
    let summary = Self.summary(["b", "a", "c", "b", "a", "c", "ab", "d"])
    XCTAssertEqual(summary.top(4).map(\.value), ["a", "b", "c", "ab"])
    XCTAssertEqual(summary.top(0).count, 0)
  }

  /// For every item, counted ≤ true ≤ counted + error, and error ≤ N / (m + 1), over Zipf-like
  /// streams split into random shards merged in random orders.
  func testGuaranteeHoldsOverZipfShardings() throws {
    var generator = SketchGenerator(seed: 99)
    for trial in 0..<24 {
      let capacity = [8, 32, 64][trial % 3]
      let exponent = [0.6, 1.0, 1.4, 2.0][trial % 4]
      let items = Self.zipf(
        count: 20_000, universe: 3_000, exponent: exponent, using: &generator)
      let parts = SketchTesting.shards(of: items, maximumShards: 30, using: &generator)
        .map { Self.summary($0, capacity: capacity) }
      let merged = try XCTUnwrap(
        SketchTesting.mergeRandomly(parts, using: &generator) { $0.merge($1) })
      let label = "trial \(trial) m=\(capacity) s=\(exponent)"
      XCTAssertEqual(merged.total, items.count, label)
      XCTAssertLessThanOrEqual(merged.trackedCount, 2 * capacity, label)
      let error = merged.maximumError
      XCTAssertLessThanOrEqual(error * (capacity + 1), items.count, label)
      var violations = 0
      for (item, count) in Self.exactTop(items) {
        let counted = merged.count(of: item.utf8)
        if counted > count || count > counted + error { violations += 1 }
      }
      XCTAssertEqual(violations, 0, label)
      // Every item more frequent than the error bound is reported.
      let reported = Set(merged.top(2 * capacity).map(\.value))
      for (item, count) in Self.exactTop(items) where count > error {
        XCTAssertTrue(reported.contains(item), "\(label): \(item) (\(count)) missing")
      }
    }
  }

  func testMergeWithSmallerCapacityAdoptsIt() {
    var generator = SketchGenerator(seed: 6)
    let items = Self.zipf(count: 5_000, universe: 500, exponent: 1.1, using: &generator)
    var summary = Self.summary(items[..<2_500], capacity: 64)
    summary.merge(Self.summary(items[2_500...], capacity: 16))
    XCTAssertEqual(summary.capacity, 16)
    XCTAssertLessThanOrEqual(summary.trackedCount, 32)
    XCTAssertLessThanOrEqual(summary.maximumError * 17, items.count)
    for (item, count) in Self.exactTop(items) {
      let counted = summary.count(of: item.utf8)
      XCTAssertTrue(counted <= count && count <= counted + summary.maximumError, item)
    }
  }

  func testJSONRoundTripAndDeterminism() throws {
    var generator = SketchGenerator(seed: 12)
    let items = Self.zipf(count: 8_000, universe: 1_000, exponent: 1.2, using: &generator)
    var summary = Self.summary(items)
    summary.add([0xFF, 0xFE, 0x00])
    summary.add([0xFF, 0xFE, 0x00])
    XCTAssertEqual(
      SketchTesting.text(Self.summary(items).json), SketchTesting.text(Self.summary(items).json))
    XCTAssertNotNil(summary.json["binary_counts"])
    let reloaded = try FrequentItems(json: SketchTesting.reparse(summary.json))
    XCTAssertEqual(reloaded, summary)
    XCTAssertEqual(SketchTesting.text(reloaded.json), SketchTesting.text(summary.json))
    XCTAssertEqual(reloaded.topItems(1).first?.count, summary.topItems(1).first?.count)
    XCTAssertEqual(reloaded.count(of: [0xFF, 0xFE, 0x00]), summary.count(of: [0xFF, 0xFE, 0x00]))
    // A reloaded summary keeps counting exactly like the original.
    var original = summary
    var copy = reloaded
    for item in items.prefix(3_000) {
      original.add(item.utf8)
      copy.add(item.utf8)
    }
    XCTAssertEqual(SketchTesting.text(copy.json), SketchTesting.text(original.json))
  }

  func testRejectsInconsistentJSON() {
    guard case .object(let members) = Self.summary(["a", "b", "a"]).json else {
      return XCTFail("not an object")
    }
    func with(_ key: String, _ value: JSONValue?) -> JSONValue {
      var copy = members
      copy[key] = value
      return .object(copy)
    }
    let cases: [(String, JSONValue)] = [
      ("counts above n", with("n", 2)),
      ("error too large", with("error", 1)),
      ("zero count", with("counts", ["a": 0])),
      ("capacity out of range", with("capacity", 0)),
      ("binary that is text", with("binary_counts", ["YQ==": 1])),
      ("wrong kind", with("kind", "hll")),
    ]
    for (name, json) in cases {
      SketchTesting.assertInvalid({ _ = try FrequentItems(json: json) }, name)
    }
  }
}
