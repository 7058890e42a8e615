import Foundation
import XCTest

@testable import SluiceCore

/// SHA-256 against the FIPS vectors and against `sha256sum` on random inputs.
final class SHA256Tests: XCTestCase {
  func testStandardVectors() {
    XCTAssertEqual(
      SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    XCTAssertEqual(
      SHA256.hex(Array("abc".utf8)),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    XCTAssertEqual(
      SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  func testPiecewiseUpdatesEqualOneShot() {
    let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    for split in [0, 1, 55, 56, 63, 64, 65, 999] {
      var hash = SHA256()
      hash.update(Array(data[..<split]))
      hash.update(Array(data[split...]))
      XCTAssertEqual(hash.hexDigest(), SHA256.hex(data), "split \(split)")
    }
  }

  func testMatchesSha256sumOnRandomInputs() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") else {
      throw XCTSkip("sha256sum is not installed")
    }
    var state: UInt64 = 42
    for size in [0, 1, 63, 64, 65, 1000, 100_000] {
      let data = (0..<size).map { _ -> UInt8 in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 33)
      }
      let path = NSTemporaryDirectory() + "sluice-sha-\(UUID().uuidString)"
      try Data(data).write(to: URL(fileURLWithPath: path))
      defer { try? FileManager.default.removeItem(atPath: path) }
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
      process.arguments = [path]
      let pipe = Pipe()
      process.standardOutput = pipe
      try process.run()
      let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      XCTAssertEqual(SHA256.hex(data), String(output.prefix(64)), "size \(size)")
    }
  }
}
