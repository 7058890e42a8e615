import SluiceCore
import XCTest

@testable import SluiceTable

final class RadixSortTests: XCTestCase {
  /// Values drawn so that every shape of key span occurs: full-width floats, integers (low
  /// mantissa bits zero), one sign or both, narrow and wide magnitudes, constants, and a
  /// cluster so tight that thousands of keys tie on their highest varying bits.
  private func samples(_ shape: Int, count: Int, random: inout SplitRandom) -> [Double] {
    (0..<count).map { _ in
      let u = random.uniform()
      switch shape {
      case 0: return u * 1000 - 500
      case 1: return Double(Int(u * 100))
      case 2: return Double(Int(u * 2_000_000)) - 1_000_000
      case 3: return (u * 10_000).rounded() / 100
      case 4: return 42
      case 5: return u < 0.5 ? -0.0 : 0.0
      case 6: return [Double.infinity, -Double.infinity, 1e308, -1e-308, 5e-324, 0][Int(u * 6)]
      case 7: return Double(bitPattern: UInt64(u * 1e15) | 0x4000_0000_0000_0000)
      case 8: return 1 + u * 1e-12
      case 9: return Double(Int(u * 5)) * 1e6 + (u * 1e9).truncatingRemainder(dividingBy: 1)
      case 10: return u < 0.5 ? 1 + u * 1e-12 : -u * 1e6
      default: return u < 0.999 ? 7 : -u
      }
    }
  }

  func testOrdersLikeTheStandardSortForEveryKeyShape() {
    var random = SplitRandom(seed: 7)
    for shape in 0..<12 {
      for count in [0, 1, 255, 256, 257, 1000, 5000, 100_000] {
        let values = samples(shape, count: count, random: &random)
        let sorted = RadixSort.sorted(values)
        XCTAssertEqual(sorted, values.sorted(), "shape \(shape), \(count) values")
        XCTAssertEqual(sorted.count, values.count)
      }
    }
  }

  func testPutsNegativeZeroBeforeZero() {
    let values = [Double](repeating: 0.0, count: 300) + [-0.0] + [Double](repeating: 1, count: 10)
    let sorted = RadixSort.sorted(values)
    XCTAssertEqual(sorted[0].sign, .minus)
    XCTAssertEqual(sorted.dropFirst().prefix(300).filter { $0.sign == .minus }.count, 0)
  }
}
