import Foundation
import XCTest

@testable import SluiceData

/// Equal-width histograms read from a quantile sketch's CDF.
final class HistogramSketchTests: XCTestCase {
  /// Exact bin counts: the first bin closed, the others open below.
  static func exactCounts(_ values: [Double], edges: [Double]) -> [Double] {
    (0..<(edges.count - 1)).map { bin in
      Double(
        values.filter { value in
          value <= edges[bin + 1] && (bin == 0 ? value >= edges[0] : value > edges[bin])
        }.count)
    }
  }

  func testExactWhileTheSketchIsExact() {
    var generator = SketchGenerator(seed: 21)
    let values = (0..<180).map { _ in Double(Int.random(in: 0...40, using: &generator)) / 2 }
    let sketch = QuantileSketch(values)
    XCTAssertTrue(sketch.isExact)
    let bins = Histogram.equalWidth(from: sketch, bins: 7)
    XCTAssertEqual(bins.count, 7)
    XCTAssertEqual(bins.first?.lower, values.min())
    XCTAssertEqual(bins.last?.upper, values.max())
    let edges = bins.map(\.lower) + [bins[bins.count - 1].upper]
    XCTAssertEqual(bins.map(\.count), Self.exactCounts(values, edges: edges))
    XCTAssertEqual(bins.map(\.count).reduce(0, +), 180)
    XCTAssertEqual(zip(bins, bins.dropFirst()).filter { $0.upper != $1.lower }.count, 0)
  }

  func testApproximateBinsWithinTheDoubleSidedBound() throws {
    var generator = SketchGenerator(seed: 22)
    for kind in 0..<8 {
      let values = QuantileSketchTests.values(kind: kind, count: 40_000, using: &generator)
      let parts = SketchTesting.shards(of: values, maximumShards: 16, using: &generator)
        .map { QuantileSketch($0) }
      let sketch = try XCTUnwrap(
        SketchTesting.mergeRandomly(parts, using: &generator) { $0.merge($1) })
      let bins = Histogram.equalWidth(from: sketch)
      XCTAssertEqual(bins.count, 20)
      XCTAssertEqual(bins.map(\.count).reduce(0, +), Double(values.count), "kind \(kind)")
      let edges = bins.map(\.lower) + [bins[bins.count - 1].upper]
      let limit = sketch.pmfErrorBound * Double(values.count)
      for (bin, exact) in zip(bins, Self.exactCounts(values, edges: edges)) {
        XCTAssertLessThanOrEqual(abs(bin.count - exact), limit, "kind \(kind) bin \(bin)")
      }
    }
  }

  func testDegenerateInputs() {
    XCTAssertTrue(Histogram.equalWidth(from: QuantileSketch()).isEmpty)
    XCTAssertTrue(Histogram.equalWidth(from: QuantileSketch([1, 2]), bins: 0).isEmpty)
    XCTAssertTrue(Histogram.equalWidth(from: QuantileSketch([1, .infinity])).isEmpty)
    let constant = Histogram.equalWidth(from: QuantileSketch([3, 3, 3]))
    XCTAssertEqual(constant.count, 1)
    XCTAssertEqual(constant.first?.count, 3)
    let huge = Histogram.equalWidth(from: QuantileSketch([-1e308, 1e308]), bins: 4)
    XCTAssertEqual(huge.map(\.count), [1, 0, 0, 1])
    XCTAssertTrue(huge.allSatisfy { $0.lower.isFinite && $0.upper.isFinite })
  }
}
