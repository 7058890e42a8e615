import SluiceCore
import XCTest

@testable import SluiceTable

final class BoundaryScannerTests: XCTestCase {
  /// The memchr path (blocks without carriage returns) must cut exactly where the word path
  /// does: same boundary, same line count, same open quote, on any mix of quotes and breaks.
  func testLineFeedPathAgreesWithWordPath() {
    var random = SplitRandom(seed: 11)
    let alphabet: [UInt8] = Array("ab,,\"\"\n".utf8)
    for quote in [UInt8(ascii: "\""), nil] {
      let scanner = BoundaryScanner(quote: quote, delimiter: UInt8(ascii: ","))
      for _ in 0..<3000 {
        let length = random.below(80)
        let bytes = (0..<length).map { _ in alphabet[random.below(alphabet.count)] }
        bytes.withUnsafeBufferPointer { buffer in
          guard let base = buffer.baseAddress else { return }
          let fast = scanner.scanLineFeedsOnly(base, count: length)
          let words = scanner.scanWords(base, count: length, atEnd: false)
          XCTAssertEqual(fast, words, String(decoding: bytes, as: UTF8.self).debugDescription)
          XCTAssertEqual(scanner.scan(base, count: length, atEnd: false), words)
        }
      }
    }
  }
}
