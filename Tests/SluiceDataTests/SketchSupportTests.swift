import Foundation
import SluiceCore
import XCTest

@testable import SluiceData

/// A seeded SplitMix64 generator, so every randomised test of this target replays the same
/// data (sketches, profiles, planted faults).
struct SketchGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform integer in `0..<bound` (modulo: the tiny bias does not matter in tests).
  mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

  /// A uniform double in [0, 1) from the top 53 bits.
  mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

  /// A standard normal deviate (Box–Muller).
  mutating func normal() -> Double {
    let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
    let v = Double.random(in: 0..<1, using: &self)
    return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
  }
}

/// Helpers shared by the sketch tests.
enum SketchTesting {
  /// Cuts `values` into between 1 and `maximumShards` contiguous, possibly empty, shards.
  static func shards<T>(
    of values: [T], maximumShards: Int, using generator: inout SketchGenerator
  ) -> [ArraySlice<T>] {
    let shardCount = Int.random(in: 1...Swift.max(1, maximumShards), using: &generator)
    var cuts = (0..<(shardCount - 1)).map { _ in Int.random(in: 0...values.count, using: &generator)
    }
    cuts.append(0)
    cuts.append(values.count)
    cuts.sort()
    return zip(cuts, cuts.dropFirst()).map { values[$0..<$1] }
  }

  /// Merges `parts` by repeatedly merging one randomly chosen part into another, which
  /// reaches every merge order and tree shape.
  static func mergeRandomly<T>(
    _ parts: [T], using generator: inout SketchGenerator, merge: (inout T, T) -> Void
  ) -> T? {
    var pool = parts
    while pool.count > 1 {
      let source = pool.remove(at: Int.random(in: 0..<pool.count, using: &generator))
      let target = Int.random(in: 0..<pool.count, using: &generator)
      merge(&pool[target], source)
    }
    return pool.first
  }

  /// The number of leading elements of `sorted` before the first where `isAtOrPast` holds.
  static func countBefore(_ sorted: [Double], _ isAtOrPast: (Double) -> Bool) -> Int {
    var lower = 0
    var upper = sorted.count
    while lower < upper {
      let middle = (lower + upper) / 2
      if isAtOrPast(sorted[middle]) { upper = middle } else { lower = middle + 1 }
    }
    return lower
  }

  /// The canonical JSON text of `value`.
  static func text(_ value: JSONValue) -> String { CanonicalJSON.encode(value) }

  /// `value` written as canonical JSON and parsed back, as a stored profile would be.
  static func reparse(_ value: JSONValue) throws -> JSONValue {
    try JSONParser.parse(CanonicalJSON.encode(value), file: "sketch.json")
  }

  /// Asserts that `body` throws `CoreError.invalidData`.
  static func assertInvalid(
    _ body: () throws -> Void, _ message: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    do {
      try body()
      XCTFail("accepted: \(message)", file: file, line: line)
    } catch let error as CoreError {
      guard case .invalidData = error else {
        return XCTFail("\(message): \(error)", file: file, line: line)
      }
    } catch {
      XCTFail("\(message): unexpected \(error)", file: file, line: line)
    }
  }
}

/// The compact encodings the sketches' JSON forms rely on.
final class SketchCodingTests: XCTestCase {
  func testBase64MatchesFoundation() {
    var generator = SketchGenerator(seed: 7)
    for length in 0..<70 {
      let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
      let encoded = SketchCoding.base64(bytes)
      XCTAssertEqual(encoded, Data(bytes).base64EncodedString(), "length \(length)")
      XCTAssertEqual(SketchCoding.bytes(base64: encoded), bytes, "length \(length)")
    }
  }

  func testBase64RejectsNonCanonicalText() {
    for text in ["A", "AB=", "A===", "AB=A", "AB C", "ABC$", "AB==AAAA", "AR==", "ABD="] {
      XCTAssertNil(SketchCoding.bytes(base64: text), text)
    }
  }

  func testDoublesRoundTripBitForBit() {
    let values: [Double] = [0, -0.0, 1, -1.5, .pi, .infinity, -.infinity, .leastNonzeroMagnitude]
    let decoded = SketchCoding.doubles(base64: SketchCoding.base64(doubles: values))
    XCTAssertEqual(decoded?.map(\.bitPattern), values.map(\.bitPattern))
    XCTAssertNil(SketchCoding.doubles(base64: SketchCoding.base64([1, 2, 3])))
  }

  func testNonFiniteNumbersSurviveJSON() throws {
    for value in [Double.infinity, -.infinity, 2.5] {
      let json = try SketchTesting.reparse(SketchCoding.number(value))
      XCTAssertEqual(SketchCoding.double(from: json), value)
    }
    let nan = try SketchTesting.reparse(SketchCoding.number(.nan))
    XCTAssertEqual(SketchCoding.double(from: nan)?.isNaN, true)
  }

  func testHexRoundTrip() {
    for value: UInt64 in [0, 1, 0xDEAD_BEEF, .max] {
      XCTAssertEqual(SketchCoding.hex(value).count, 16)
      XCTAssertEqual(SketchCoding.uint64(hex: SketchCoding.hex(value)), value)
    }
    XCTAssertNil(SketchCoding.uint64(hex: "+000000000000001"))
    XCTAssertNil(SketchCoding.uint64(hex: "1"))
  }
}
