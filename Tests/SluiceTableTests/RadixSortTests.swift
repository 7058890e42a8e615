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
    var cases = 0
    for shape in 0..<12 {
      for count in [0, 1, 255, 256, 257, 1000, 5000, 100_000] {
        let values = samples(shape, count: count, random: &random)
        let sorted = RadixSort.sorted(values)
        XCTAssertEqual(sorted, values.sorted(), "shape \(shape), \(count) values")
        XCTAssertEqual(sorted.count, values.count)
        cases += 1
      }
    }
    XCTAssertEqual(cases, 96)
  }

  /// The reference for `order`: the standard library's sort of row numbers by value, ties
  /// (−0.0 with 0.0 among them) by row number, NaNs last.
  private func referenceOrder(_ values: [Double], descending: Bool) -> [Int32] {
    let rows = values.indices.sorted { a, b in
      let (x, y) = (values[a], values[b])
      if x.isNaN || y.isNaN { return !x.isNaN || (y.isNaN && a < b) }
      if x == y { return a < b }
      return descending ? x > y : x < y
    }
    return rows.map { Int32($0) }
  }

  func testOrdersRowsLikeAStableStandardSortForEveryKeyShape() {
    var random = SplitRandom(seed: 11)
    var cases = 0
    for shape in 0..<12 {
      for count in [0, 1, 2, 24, 25, 255, 256, 1000, 5000, 20_000] {
        let values = samples(shape, count: count, random: &random)
        for descending in [false, true] {
          let ordering = RadixSort.order(of: values, descending: descending)
          let label = "shape \(shape), \(count) values, descending \(descending)"
          XCTAssertEqual(ordering.rows, referenceOrder(values, descending: descending), label)
          XCTAssertEqual(ordering.keys.count, count, label)
          // Keys ascend, and two neighbours' keys are equal exactly when their values are.
          for k in ordering.keys.indices.dropLast() {
            let (a, b) = (values[Int(ordering.rows[k])], values[Int(ordering.rows[k + 1])])
            XCTAssertLessThanOrEqual(ordering.keys[k], ordering.keys[k + 1], label)
            XCTAssertEqual(ordering.keys[k] == ordering.keys[k + 1], a == b, label)
          }
          cases += 1
        }
      }
    }
    XCTAssertEqual(cases, 240)
  }

  func testParallelHalvesMergeToTheSameOrder() {
    var random = SplitRandom(seed: 3)
    // Duplicate-heavy, so that ties span the two halves and the merge must keep row order.
    let values = (0..<20_001).map { _ in Double(Int(random.uniform() * 50)) / 4 }
    for descending in [false, true] {
      let whole = RadixSort.order(of: values, descending: descending, parallelMinimum: .max)
      let halves = RadixSort.order(of: values, descending: descending, parallelMinimum: 2)
      XCTAssertEqual(halves.rows, whole.rows)
      XCTAssertEqual(halves.keys, whole.keys)
      XCTAssertEqual(whole.rows, referenceOrder(values, descending: descending))
    }
  }

  func testNaNsSortLastWhateverTheirSign() {
    var random = SplitRandom(seed: 5)
    for count in [3, 300, 3000] {
      let values = (0..<count).map { index -> Double in
        switch index % 3 {
        case 0: return .nan
        case 1: return -Double.nan
        default: return random.uniform() * 2 - 1
        }
      }
      let numbers = values.filter { !$0.isNaN }
      let sorted = RadixSort.sorted(values)
      XCTAssertEqual(Array(sorted.prefix(numbers.count)), numbers.sorted(), "\(count) values")
      XCTAssertTrue(sorted.dropFirst(numbers.count).allSatisfy(\.isNaN), "\(count) values")
      for descending in [false, true] {
        let rows = RadixSort.order(of: values, descending: descending).rows
        XCTAssertEqual(rows, referenceOrder(values, descending: descending), "\(count) values")
      }
    }
  }

  func testEmptyAndSingleInputs() {
    XCTAssertEqual(RadixSort.sorted([]), [])
    XCTAssertEqual(RadixSort.sorted([-0.0]).map(\.sign), [.minus])
    XCTAssertEqual(RadixSort.order(of: []).rows, [])
    XCTAssertEqual(RadixSort.order(of: [], descending: true, parallelMinimum: 0).rows, [])
    XCTAssertEqual(RadixSort.order(of: [4.5], descending: true, parallelMinimum: 0).rows, [0])
  }

  func testKeysPreserveOrderAndRoundTrip() {
    let values: [Double] = [
      -.infinity, -1e308, -1, -.leastNonzeroMagnitude, -0.0, 0.0, .leastNonzeroMagnitude, 1,
      1e308, .infinity,
    ]
    let keys = values.map(RadixSort.key)
    XCTAssertEqual(keys, keys.sorted())
    XCTAssertEqual(Set(keys).count, values.count)
    for value in values {
      XCTAssertEqual(RadixSort.value(ofKey: RadixSort.key(value)).bitPattern, value.bitPattern)
    }
  }

  func testPutsNegativeZeroBeforeZero() {
    for zeros in [3, 300] {
      let values =
        [Double](repeating: 0.0, count: zeros) + [-0.0] + [Double](repeating: 1, count: 10)
      let sorted = RadixSort.sorted(values)
      XCTAssertEqual(sorted[0].sign, .minus, "\(zeros) zeros")
      XCTAssertEqual(sorted.dropFirst().prefix(zeros).filter { $0.sign == .minus }.count, 0)
    }
  }
}
