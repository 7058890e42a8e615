import Foundation
import SluiceCore
import XCTest

@testable import SluiceLearn

/// MurmurHash3 x86 32-bit against scikit-learn's `murmurhash3_32`
/// (ci/fixtures/generate_text_fixtures.py writes `text/murmurhash3.json`).
final class MurmurHash3Tests: XCTestCase {
  func testMatchesScikitLearnOnRandomBytes() throws {
    let data = try Data(contentsOf: LearnFixtureLocator.url("text/murmurhash3.json"))
    let fixture = try JSONParser.parse([UInt8](data), file: "murmurhash3.json")
    let cases = try XCTUnwrap(fixture["cases"]?.arrayValue)
    XCTAssertEqual(cases.count, 118)
    var lengths = Set<Int>()
    for item in cases {
      let bytes = try Self.bytes(hex: try XCTUnwrap(item["hex"]?.stringValue))
      let seed = UInt32(try XCTUnwrap(item["seed"]?.intValue))
      let expected = Int32(try XCTUnwrap(item["hash"]?.intValue))
      lengths.insert(bytes.count)
      XCTAssertEqual(
        MurmurHash3.signedHash32(bytes, seed: seed), expected,
        "hash of \(bytes.count) bytes with seed \(seed)")
      XCTAssertEqual(MurmurHash3.hash32(bytes, seed: seed), UInt32(bitPattern: expected))
    }
    // Every tail length (0-3 bytes after the blocks) is exercised.
    XCTAssertEqual(Set(lengths.map { $0 % 4 }), [0, 1, 2, 3])
  }

  func testScikitLearnDocumentedValue() {
    // The example in scikit-learn's murmurhash3_32 docstring.
    XCTAssertEqual(MurmurHash3.hash32(Array("Hello World!".utf8), seed: 42), 3_565_178)
    XCTAssertEqual(MurmurHash3.hash32([], seed: 0), 0)
  }

  func testUnalignedSlicesHashLikeCopies() {
    let bytes = Array("xthe quick brown fox".utf8)
    bytes.withUnsafeBytes { raw in
      for start in 0..<4 {
        let slice = UnsafeRawBufferPointer(rebasing: raw[start...])
        XCTAssertEqual(MurmurHash3.hash32(slice), MurmurHash3.hash32(Array(bytes[start...])))
      }
    }
  }

  func testColumnOfTheMinimumHashFollowsScikitLearn() {
    // scikit-learn special-cases h == Int32.min as (2147483647 - (n - 1)) % n.
    for n: Int64 in [1, 2, 3, 7, 1000, 1 << 18, 1 << 20, Int64(Int32.max)] {
      let expected = (2_147_483_647 - (n - 1)) % n
      let mask: UInt32? = n & (n - 1) == 0 ? UInt32(n - 1) : nil
      let column = HashingVectorizer.column(of: Int32.min, modulus: UInt32(n), mask: mask)
      XCTAssertEqual(Int64(column), expected, "n_features \(n)")
      XCTAssertEqual(
        HashingVectorizer.column(of: -5, modulus: UInt32(n), mask: mask), UInt32(5 % n))
    }
  }

  static func bytes(hex: String) throws -> [UInt8] {
    let digits = Array(hex.utf8)
    guard digits.count % 2 == 0 else { throw CoreError.invalidData("odd hex length") }
    return try stride(from: 0, to: digits.count, by: 2).map { index in
      guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16)
      else { throw CoreError.invalidData("bad hex") }
      return byte
    }
  }
}
