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

  /// Values from libxxhash 0.8.1 (`XXH64`), the reference implementation.
  func testXXHash64MatchesReferenceVectors() {
    XCTAssertEqual(XXHash64.hash([UInt8]()), 0xEF46_DB37_51D8_E999)
    XCTAssertEqual(XXHash64.hash("a".utf8), 0xD24E_C4F1_A98C_6E5B)
    XCTAssertEqual(XXHash64.hash("abc".utf8), 0x44BC_2CF5_AD77_0999)
    XCTAssertEqual(
      XXHash64.hash("Nobody inspects the spammish repetition".utf8), 0xFBCE_A83C_8A37_8BF1)
    let pattern = (0..<100).map { UInt8(($0 * 31 + 7) % 256) }
    let expected: [(Int, UInt64)] = [
      (1, 0xA96C_7F0C_E858_BBB7), (3, 0x56E6_9576_32A4_87F9), (4, 0xC60D_15B1_E3FF_8F04),
      (7, 0xAFBE_FC3D_6C6F_9A8E), (8, 0x3DA5_C7AA_2696_83E0), (9, 0x4B17_A9BA_9E21_5C09),
      (15, 0xAE2A_37EB_9357_CAA7), (16, 0xA19A_D429_B02B_C413), (31, 0x4A74_F3A1_A39A_D4A1),
      (32, 0x8D57_D6A4_671C_C43D), (33, 0x62C9_FD21_ED85_7664), (63, 0x5C32_0A0D_2707_057F),
      (64, 0x7BBA_BBC4_5729_D17E), (65, 0xF398_0C34_BAE6_5DC1), (100, 0xEFA0_AD2D_3E70_C151),
    ]
    for (length, hash) in expected {
      XCTAssertEqual(XXHash64.hash(pattern[0..<length]), hash, "length \(length)")
    }
    XCTAssertEqual(XXHash64.hash(pattern, seed: 0x9E37_79B9_7F4A_7C15), 0xBC7A_B33B_E752_8C18)
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
