import Foundation
import SluiceCore
import XCTest

@testable import SluiceData

/// HyperLogLog estimates against exact cardinalities, exact merges, and the XXH64 reference.
final class DistinctCounterSketchTests: XCTestCase {
  /// Writes the decimal digits of `value` after `prefix` into `buffer` and returns the bytes,
  /// so a million keys need no String allocations.
  static func key(_ prefix: UInt8, _ value: Int, _ buffer: inout [UInt8]) -> Int {
    buffer[0] = prefix
    var digits = value
    var length = 1
    repeat {
      buffer[length] = UInt8(ascii: "0") + UInt8(digits % 10)
      digits /= 10
      length += 1
    } while digits > 0
    return length
  }

  /// A counter fed the keys `prefix` + decimal `range` through `add(bytes:)`.
  static func counter(_ range: Range<Int>, prefix: UInt8 = UInt8(ascii: "u")) -> DistinctCounter {
    var counter = DistinctCounter()
    var buffer = [UInt8](repeating: 0, count: 24)
    for value in range {
      let length = key(prefix, value, &buffer)
      buffer.withUnsafeBufferPointer {
        counter.add(bytes: UnsafeBufferPointer(rebasing: $0[0..<length]))
      }
    }
    return counter
  }

  func testEstimatesWithinThreeStandardErrors() {
    let tolerance = 3 * DistinctCounter.standardError
    XCTAssertEqual(DistinctCounter().estimate, 0)
    XCTAssertTrue(DistinctCounter().isEmpty)
    for cardinality in [1, 10, 1_000, 5_000, 12_000, 100_000, 1_000_000] {
      let estimate = Self.counter(0..<cardinality).estimate
      let error = abs(estimate - Double(cardinality)) / Double(cardinality)
      XCTAssertLessThanOrEqual(error, tolerance, "n=\(cardinality) estimate=\(estimate)")
    }
  }

  /// Where the classic estimators switch from linear counting (about 2.5·m to 5·m) the mean
  /// over independent key sets must stay unbiased, within 3 standard errors of the mean.
  func testUnbiasedThroughTheSmallRangeTransition() {
    for cardinality in [3_000, 10_000, 20_000] {
      let trials = 16
      var totalError = 0.0
      for trial in 0..<trials {
        let estimate = Self.counter(0..<cardinality, prefix: UInt8(65 + trial)).estimate
        totalError += (estimate - Double(cardinality)) / Double(cardinality)
      }
      let bias = totalError / Double(trials)
      let limit = 3 * DistinctCounter.standardError / Double(trials).squareRoot()
      XCTAssertLessThanOrEqual(abs(bias), limit, "n=\(cardinality) bias=\(bias)")
    }
  }

  func testDuplicatesDoNotCount() {
    var twice = Self.counter(0..<5_000)
    twice.merge(Self.counter(0..<5_000))
    XCTAssertEqual(twice, Self.counter(0..<5_000))
    var counter = DistinctCounter()
    for _ in 0..<100 { counter.add("same".utf8) }
    XCTAssertEqual(counter.estimate, 1, accuracy: 0.01)
  }

  /// Merging overlapping shards in any order gives exactly the registers of the union.
  func testMergeEqualsUnionExactly() throws {
    var generator = SketchGenerator(seed: 31)
    let union = SketchTesting.text(Self.counter(0..<50_000).json)
    for _ in 0..<20 {
      var parts: [DistinctCounter] = []
      for _ in 0..<Int.random(in: 1...8, using: &generator) {
        let lower = Int.random(in: 0..<50_000, using: &generator)
        let upper = Int.random(in: lower...50_000, using: &generator)
        parts.append(Self.counter(lower..<upper))
      }
      parts.append(Self.counter(0..<25_000))
      parts.append(Self.counter(25_000..<50_000))
      parts.shuffle(using: &generator)
      let merged = try XCTUnwrap(
        SketchTesting.mergeRandomly(parts, using: &generator) { $0.merge($1) })
      XCTAssertEqual(SketchTesting.text(merged.json), union)
    }
  }

  func testJSONRoundTrip() throws {
    let counter = Self.counter(0..<3_000)
    let reloaded = try DistinctCounter(json: SketchTesting.reparse(counter.json))
    XCTAssertEqual(reloaded, counter)
    XCTAssertEqual(reloaded.estimate, counter.estimate)
    let registers = try XCTUnwrap(counter.json["registers"]?.stringValue)
    XCTAssertEqual(registers.utf8.count, 4_096)
    XCTAssertEqual(try DistinctCounter(json: DistinctCounter().json), DistinctCounter())
  }

  func testRejectsInvalidJSON() {
    guard case .object(let members) = DistinctCounter().json else {
      return XCTFail("not an object")
    }
    func with(_ key: String, _ value: JSONValue?) -> JSONValue {
      var copy = members
      copy[key] = value
      return .object(copy)
    }
    let cases: [(String, JSONValue)] = [
      ("other precision", with("precision", 14)),
      ("other hash", with("hash", "murmur3")),
      ("short registers", with("registers", "AAAA")),
      (
        "register too large", with("registers", .string("/" + String(repeating: "A", count: 4_095)))
      ),
      ("not base64", with("registers", .string("*" + String(repeating: "A", count: 4_095)))),
      ("wrong kind", with("kind", "kll")),
    ]
    for (name, json) in cases {
      SketchTesting.assertInvalid({ _ = try DistinctCounter(json: json) }, name)
    }
  }
}
