import XCTest

@testable import SluiceLearn

/// The per-tree steps that run on worker threads (loading a tree's rows, the gradients) give
/// the same values, bit for bit, for any number of threads and as the plain formulas.
final class GBDTThreadedStepsTests: XCTestCase {
  /// A few hundred thousand rows: enough for the steps to be cut between threads.
  let rows = 150_000

  func values(_ seed: UInt64, _ count: Int) -> [Double] {
    var state = seed
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53)
    }
  }

  func testLoadingRowsIsTheSameOnAnyNumberOfThreads() {
    let features = (0..<5).map { _ in FeatureBins.categorical(codes: 200) }
    let bins = (0..<5).map { feature in
      values(UInt64(feature + 1), rows).map { UInt8(Int($0 * 200)) }
    }
    let data = BinnedData(features: features, bins: bins)
    let gradients = values(11, rows)
    let hessians = values(12, rows)
    // Every third row, as a bag would leave them.
    let bag = stride(from: 0, to: rows, by: 3).map { Int32($0) }
    var stores: [LeafRows] = []
    for workers in [1, 2, 3] {
      var store = LeafRows()
      store.load(data, rows: bag, gradients: gradients, hessians: hessians, workers: workers)
      // A split scrambles the store; the next tree's load puts it back.
      var goesLeft = [Bool](repeating: false, count: 256)
      for bin in 0..<100 { goesLeft[bin] = true }
      _ = store.partition(0..<bag.count, feature: 2, goesLeft: goesLeft, workers: workers)
      store.load(data, rows: bag, gradients: hessians, hessians: gradients, workers: workers)
      stores.append(store)
    }
    XCTAssertEqual(stores[0].order, bag)
    for position in [0, 1, bag.count / 2, bag.count - 1] {
      let row = Int(bag[position])
      XCTAssertEqual(stores[0].pairs[2 * position], hessians[row])
      XCTAssertEqual(stores[0].pairs[2 * position + 1], gradients[row])
      XCTAssertEqual(stores[0].bins[position * stores[0].stride + 4], bins[4][row])
    }
    for store in stores.dropFirst() {
      XCTAssertEqual(store.order, stores[0].order)
      XCTAssertEqual(store.bins, stores[0].bins)
      XCTAssertEqual(store.pairs, stores[0].pairs)
    }
  }

  func testGradientsAreTheSameOnAnyNumberOfThreads() {
    let weight = values(21, rows).map { 0.5 + $0 }
    let raw = values(22, rows * 3).map { $0 * 8 - 4 }
    let scores = (0..<3).map { Array(raw[($0 * rows)..<(($0 + 1) * rows)]) }
    // The training rows: all but every tenth (the validation rows keep their zeros).
    let trainRows = (0..<rows).filter { $0 % 10 != 0 }
    let cases: [(Booster.Objective, [Double])] = [
      (.binary, values(23, rows).map { $0 < 0.3 ? 1 : 0 }),
      (.multiclass(3), values(24, rows).map { Double(Int($0 * 3)) }),
      (.regression, values(25, rows)),
      (.huber(0.5), values(26, rows)),
    ]
    for (objective, y) in cases {
      var results: [([[Double]], [[Double]])] = []
      for workers in [1, 2, 3] {
        var gradients = [[Double]](
          repeating: [Double](repeating: 0, count: rows), count: objective.outputs)
        var hessians = gradients
        Booster.gradients(
          objective, scores: Array(scores.prefix(objective.outputs)), y: y, weight: weight,
          rows: trainRows, workers: workers, gradients: &gradients, hessians: &hessians)
        results.append((gradients, hessians))
      }
      for result in results.dropFirst() {
        XCTAssertEqual(result.0, results[0].0, "\(objective)")
        XCTAssertEqual(result.1, results[0].1, "\(objective)")
      }
      XCTAssertEqual(results[0].0[0][10], 0, "a validation row is left alone")
      if case .binary = objective {
        for row in [1, 2, 77_777, rows - 1] {
          let p = TrainedModel.sigmoid(scores[0][row])
          XCTAssertEqual(results[0].0[0][row], (p - y[row]) * weight[row])
          XCTAssertEqual(results[0].1[0][row], p * (1 - p) * weight[row])
        }
      }
    }
  }
}
