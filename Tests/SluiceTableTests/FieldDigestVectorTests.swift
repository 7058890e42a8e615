import Foundation
import XCTest

@testable import SluiceTable

/// The "sluice64" field hash against the vectors of an independent Python implementation,
/// ci/fixtures/generate_hash_vectors.py (SluiceDataTests checks that it reproduces the file).
final class FieldDigestVectorTests: XCTestCase {
  func testHashesMatchThePythonVectors() throws {
    let fixtures = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let text = try String(
      contentsOf: fixtures.appendingPathComponent("hash/field_digest_vectors.tsv"),
      encoding: .utf8)
    var byteCases = 0
    var numberCases = 0
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
      XCTAssertEqual(fields.count, 3, String(line))
      guard fields.count == 3, let expected = UInt64(fields[2], radix: 16) else { continue }
      if fields[0] == "number" {
        let number = try XCTUnwrap(Double(fields[1]), String(line))
        XCTAssertEqual(FieldDigest.hash(number: number), expected, String(line))
        numberCases += 1
      } else {
        let hex = Array(fields[1].utf8)
        let key = stride(from: 0, to: hex.count, by: 2).compactMap { index in
          UInt8(String(decoding: hex[index..<index + 2], as: UTF8.self), radix: 16)
        }
        XCTAssertEqual(key.count * 2, hex.count, String(line))
        let hash = key.withUnsafeBufferPointer { FieldDigest($0).hash }
        XCTAssertEqual(hash, expected, String(line))
        byteCases += 1
      }
    }
    XCTAssertEqual(byteCases, 76, "12 picked keys and every length 1...64")
    XCTAssertEqual(numberCases, 8)
  }
}
