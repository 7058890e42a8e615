import Foundation
import SluiceTable
import XCTest

@testable import SluiceData

/// The faster paths drift takes on sorted columns and in the Smirnov sum give the very bits
/// of the general ones (issue 17: drift's speed on wide mixed tables).
final class DriftSpeedTests: XCTestCase {
  /// A seeded generator, so a failure names inputs that reproduce.
  private struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  /// Samples with ties, signed zeros and a wide range of magnitudes.
  private func sample(_ count: Int, _ generator: inout Generator) -> [Double] {
    (0..<count).map { _ in
      switch Int.random(in: 0..<5, using: &generator) {
      case 0: return Double(Int.random(in: -3...3, using: &generator))
      case 1: return Bool.random(using: &generator) ? 0.0 : -0.0
      case 2: return Double.random(in: -1e6...1e6, using: &generator)
      default: return (Double.random(in: -5...5, using: &generator) * 1000).rounded() / 1000
      }
    }
  }

  func testSortedBinCountsEqualTheGeneralOnes() {
    var generator = Generator(state: 17)
    for round in 0..<200 {
      let reference = RadixSort.sorted(
        sample(Int.random(in: 1...400, using: &generator), &generator))
      let current = RadixSort.sorted(sample(Int.random(in: 0...400, using: &generator), &generator))
      for bins in [2, 3, 10, 20] {
        let edges = PopulationStability.quantileBinEdges(reference: reference, bins: bins)
        XCTAssertEqual(
          PopulationStability.binCounts(sorted: current, edges: edges),
          PopulationStability.binCounts(current, edges: edges), "round \(round) bins \(bins)")
        XCTAssertEqual(
          PopulationStability.binCounts(sorted: reference, edges: edges),
          PopulationStability.binCounts(reference, edges: edges), "round \(round) bins \(bins)")
      }
    }
    // Values on an edge fall in the bin it closes; NaNs (sorted last) are not counted.
    XCTAssertEqual(
      PopulationStability.binCounts(sorted: [1, 2, 2.5, 3, 4, .nan], edges: [2, 3]), [2, 2, 1])
    XCTAssertEqual(PopulationStability.binCounts(sorted: [], edges: [1]), [0, 0])
    XCTAssertEqual(PopulationStability.binCounts(sorted: [5, 6], edges: []), [2])
  }

  func testPresortedWassersteinEqualsTheGeneralOne() {
    var generator = Generator(state: 42)
    for round in 0..<200 {
      let u = RadixSort.sorted(sample(Int.random(in: 1...300, using: &generator), &generator))
      let v = RadixSort.sorted(sample(Int.random(in: 1...300, using: &generator), &generator))
      XCTAssertEqual(
        Wasserstein.distance(sortedU: u, sortedV: v).bitPattern,
        Wasserstein.distance(u, v).bitPattern, "round \(round)")
      // A sketch's items: distinct sorted values with power-of-two weights.
      var items = Array(Set(u.map { $0 == 0 ? 0 : $0 })).sorted()
      if items.isEmpty { items = [0] }
      let weights = items.map { _ in Double(1 << Int.random(in: 0...6, using: &generator)) }
      XCTAssertEqual(
        Wasserstein.distance(sortedU: items, sortedV: v, uWeights: weights).bitPattern,
        Wasserstein.distance(items, v, uWeights: weights).bitPattern, "round \(round)")
    }
    XCTAssertTrue(Wasserstein.distance(sortedU: [], sortedV: [1]).isNaN)
    XCTAssertTrue(Wasserstein.distance(sortedU: [1, .nan], sortedV: [1]).isNaN)
    XCTAssertTrue(Wasserstein.distance(sortedU: [1, 2], sortedV: [1], uWeights: [1, -1]).isNaN)
  }

  /// Dekker's product gives the fused multiply-add's error term bit for bit, and the
  /// power-of-two scaling the initializer's result, across the exponent range.
  func testDoubleDoublePrimitivesMatchTheLibrary() {
    var generator = Generator(state: 7)
    for _ in 0..<200_000 {
      let a = Double(
        sign: Bool.random(using: &generator) ? .plus : .minus,
        exponent: Int.random(in: -1074...1023, using: &generator),
        significand: Double.random(in: 1..<2, using: &generator))
      let b = Double(
        sign: Bool.random(using: &generator) ? .plus : .minus,
        exponent: Int.random(in: -700...700, using: &generator),
        significand: Double.random(in: 1..<2, using: &generator))
      let (product, error) = DoubleDouble.twoProduct(a, b)
      XCTAssertEqual(product.bitPattern, (a * b).bitPattern)
      XCTAssertEqual(error.bitPattern, (-(a * b)).addingProduct(a, b).bitPattern, "\(a) × \(b)")
      let exponent = Int.random(in: -2300...2300, using: &generator)
      XCTAssertEqual(
        DoubleDouble.timesPowerOfTwo(a, exponent).bitPattern,
        Double(sign: .plus, exponent: exponent, significand: a).bitPattern, "\(a) 2^\(exponent)")
    }
    for value in [0.0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, 1] {
      for exponent in [-1100, -1022, 0, 1023, 1100] {
        XCTAssertEqual(
          DoubleDouble.timesPowerOfTwo(value, exponent).bitPattern,
          Double(sign: .plus, exponent: exponent, significand: value).bitPattern)
      }
    }
  }
}
