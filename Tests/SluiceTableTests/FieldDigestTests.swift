import SluiceCore
import XCTest

@testable import SluiceTable

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

final class FieldDigestTests: XCTestCase {
  /// The hash is part of profile.json ("sluice64" HyperLogLog registers): these values pin it,
  /// so a change that would silently break merging with stored profiles fails here. They
  /// come from a direct transcription of the algorithm in Python (big integers, no shortcuts):
  /// ci/fixtures/generate_hash_vectors.py, whose full set FieldDigestVectorTests runs.
  func testHashesArePinned() {
    let vectors: [(String, UInt64)] = [
      ("", 0x4E17_CF67_001B_3979),
      ("a", 0x15FA_74C0_CD6B_6B4C),
      ("abc", 0x0C3D_A4B3_A493_2443),
      ("1234567", 0x49FF_8FAD_5235_CC72),
      ("12345678", 0x5AD3_F258_8C1A_C15E),
      ("hello world, 16b", 0x2E7C_5798_E008_84B9),
      ("seventeen bytes!!", 0x15EA_5F50_2C72_83FC),
      ("Never instructions helpful. Feels get parts", 0x5C0C_E64B_ABB9_574E),
    ]
    for (text, expected) in vectors {
      let hash = Array(text.utf8).withUnsafeBufferPointer { FieldDigest($0).hash }
      XCTAssertEqual(hash, expected, text)
    }
    XCTAssertEqual(FieldDigest.hash(number: 0.0), 0x5B16_0C51_DE9C_058C)
    XCTAssertEqual(FieldDigest.hash(number: -0.0), 0x5B16_0C51_DE9C_058C)
    XCTAssertEqual(FieldDigest.hash(number: 1.0), 0xFAD7_4F77_70F4_C61E)
    XCTAssertEqual(FieldDigest.hash(number: -2.5), 0xD76F_771E_9CF4_A5E1)
  }

  /// Every digest field is the same wherever the bytes sit: in the middle of a page, or
  /// ending right at a page's end (where the one-load tail must not be used), and the
  /// character count and space flag agree with a byte-by-byte count.
  func testDigestDoesNotDependOnWhereTheBytesSit() {
    let page = 4096
    var raw: UnsafeMutableRawPointer? = nil
    XCTAssertEqual(posix_memalign(&raw, page, 2 * page), 0)
    guard let memory = raw?.assumingMemoryBound(to: UInt8.self) else { return }
    defer { free(raw) }
    var random = SplitRandom(seed: 5)
    let alphabet: [[UInt8]] = [[0x61], [0x20], [0x2C], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0x00]]
    for _ in 0..<2000 {
      var field: [UInt8] = []
      for _ in 0..<random.below(12) { field += alphabet[random.below(alphabet.count)] }
      let reference = field.withUnsafeBufferPointer { FieldDigest($0) }
      for start in [page - field.count, page / 2 + random.below(8)] {
        (memory + start).update(from: field, count: field.count)
        let placed = FieldDigest(UnsafeBufferPointer(start: memory + start, count: field.count))
        XCTAssertEqual(placed.hash, reference.hash)
        XCTAssertEqual(placed.characters, reference.characters)
        XCTAssertEqual(placed.hasSpace, reference.hasSpace)
      }
      XCTAssertEqual(reference.characters, field.filter { $0 & 0xC0 != 0x80 }.count)
      XCTAssertEqual(reference.hasSpace, field.contains(0x20))
    }
  }
}
