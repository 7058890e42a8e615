import Foundation
import XCTest

@testable import SluiceData

/// `split-data`'s row hash against the vectors of an independent Python implementation,
/// ci/fixtures/generate_hash_vectors.py, which must reproduce the committed files exactly.
final class SplitHashVectorTests: XCTestCase {
  func testHashAndUnitMatchThePythonVectors() throws {
    let text = try String(
      contentsOf: FixtureLocator.url("hash/split_hash_vectors.tsv"), encoding: .utf8)
    var cases = 0
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
      XCTAssertEqual(fields.count, 4, String(line))
      guard fields.count == 4, let seed = Int64(fields[0]), let hash = UInt64(fields[2], radix: 16),
        let unit = Double(fields[3])
      else { continue }
      let key = try XCTUnwrap(bytes(hex: fields[1]), String(line))
      XCTAssertEqual(SplitHash.hash(seed: seed, key), hash, String(line))
      XCTAssertEqual(SplitHash.unit(hash), unit, String(line))
      cases += 1
    }
    XCTAssertEqual(cases, 456, "6 seeds x 76 keys")
  }

  /// The generator, run with --check, finds both vector files (this target's and
  /// SluiceTableTests') identical to what it writes.
  func testTheGeneratorReproducesTheCommittedVectors() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "ci/fixtures/generate_hash_vectors.py", "--check"]
    process.currentDirectoryURL = root
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    process.waitUntilExit()
    let message = String(
      decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    XCTAssertEqual(process.terminationStatus, 0, message)
  }

  private func bytes(hex: Substring) -> [UInt8]? {
    let digits = Array(hex.utf8)
    let bytes = stride(from: 0, to: digits.count, by: 2).compactMap { index in
      UInt8(
        String(decoding: digits[index..<min(index + 2, digits.count)], as: UTF8.self), radix: 16)
    }
    return bytes.count * 2 == digits.count ? bytes : nil
  }
}
