import XCTest

@testable import SluiceData

/// The batch constructors the profiler uses agree with value-by-value construction.
final class BatchSketchTests: XCTestCase {
  func values(_ count: Int, seed: UInt64, offset: Double) -> [Double] {
    var state = seed
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return offset + Double(state >> 11) / Double(1 << 53)
    }
  }

  func testMomentsBatchMatchesStreamingTo1e12() {
    for (count, offset) in [(1, 0.0), (2, 5.0), (1000, 1e9), (13_000, -3.5), (50_000, 1e12)] {
      let data = values(count, seed: UInt64(count), offset: offset)
      let streamed = Moments(data)
      let batch = data.withUnsafeBufferPointer { Moments(batch: $0) }
      XCTAssertEqual(batch.count, streamed.count)
      XCTAssertEqual(batch.min, streamed.min)
      XCTAssertEqual(batch.max, streamed.max)
      let mean = streamed.mean ?? 0
      XCTAssertEqual(batch.mean ?? .nan, mean, accuracy: abs(mean) * 1e-12 + 1e-300)
      if let variance = streamed.populationVariance, variance > 0 {
        XCTAssertEqual(batch.populationVariance ?? .nan, variance, accuracy: variance * 1e-12)
      }
    }
  }

  func testQuantileBatchStaysWithinTheRankBound() throws {
    let data = values(100_000, seed: 3, offset: 0)
    let sorted = data.sorted()
    var sketch = QuantileSketch()
    var start = 0
    while start < data.count {
      let end = min(start + 13_000, data.count)
      sketch.merge(QuantileSketch(batch: Array(data[start..<end])))
      start = end
    }
    XCTAssertEqual(sketch.count, data.count)
    XCTAssertFalse(sketch.isExact)
    for q in stride(from: 0.05, through: 0.95, by: 0.05) {
      let estimate = try XCTUnwrap(sketch.quantile(q))
      let rank = Double(sorted.firstIndex { $0 > estimate } ?? sorted.count) / Double(sorted.count)
      XCTAssertLessThanOrEqual(abs(rank - q), sketch.rankErrorBound, "q=\(q)")
    }
    let small = values(150, seed: 9, offset: 0)
    XCTAssertTrue(QuantileSketch(batch: small).isExact)
    XCTAssertEqual(QuantileSketch(batch: small).quantile(0.5), QuantileSketch(small).quantile(0.5))
  }

  /// NaNs of either sign are left out and -0.0 is stored as 0.0, in a batch large enough to
  /// be compacted and in one small enough to be kept whole, as value by value.
  func testQuantileBatchDropsNaNAndFoldsNegativeZero() throws {
    let negativeNaN = Double(bitPattern: 0xFFF8_0000_0000_0001)
    for size in [5_000, 150] {
      var data = values(size, seed: 4, offset: -0.5)
      for index in stride(from: 0, to: data.count, by: 7) { data[index] = .nan }
      for index in stride(from: 3, to: data.count, by: 11) { data[index] = negativeNaN }
      for index in stride(from: 5, to: data.count, by: 13) { data[index] = -0.0 }
      let present = data.filter { !$0.isNaN }
      let sketch = QuantileSketch(batch: data)
      XCTAssertEqual(sketch.count, present.count)
      XCTAssertEqual(sketch.min, present.min())
      XCTAssertEqual(sketch.max, present.max())
      let text = try XCTUnwrap(sketch.json.objectValue?["items"]?.stringValue)
      let streamed = try XCTUnwrap(QuantileSketch(data).json.objectValue?["items"]?.stringValue)
      if size == 150 { XCTAssertEqual(text.count, streamed.count) }
      for q in stride(from: 0.0, through: 1.0, by: 0.01) {
        let value = try XCTUnwrap(sketch.quantile(q))
        XCTAssertFalse(value.isNaN)
        XCTAssertFalse(value == 0 && value.sign == .minus, "q=\(q)")
      }
    }
  }
}
