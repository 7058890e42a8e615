import XCTest

@testable import SluiceLearn

/// The leaf-ordered row store of tree growing: a split keeps every row's bins, gradient and
/// hessian with it, a leaf's rows stay in ascending order, and a leaf's histogram (built on
/// any number of threads) has the sums a plain loop over its rows has, bit for bit.
final class GBDTLeafRowsTests: XCTestCase {
  struct Generator {
    var state: UInt64
    mutating func next() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53)
    }
  }

  /// 13 features (a row's bins are padded to 16 bytes): numeric ones with up to 255 bins
  /// and missing values, and categorical ones.
  func data(rows: Int) -> (BinnedData, [Double], [Double]) {
    var random = Generator(state: 7)
    var features: [FeatureBins] = []
    var bins: [[UInt8]] = []
    for feature in 0..<13 {
      let bin: FeatureBins
      if feature % 4 == 3 {
        bin = FeatureBins.categorical(codes: 3 + feature)
      } else {
        let thresholds = (0..<(feature * 20 + 1)).map { Double($0) }
        bin = FeatureBins(
          categorical: false, thresholds: thresholds, valueBins: thresholds.count + 1,
          hadMissing: true)
      }
      features.append(bin)
      bins.append((0..<rows).map { _ in UInt8(Int(random.next() * Double(bin.count))) })
    }
    let gradients = (0..<rows).map { _ in random.next() - 0.5 }
    let hessians = (0..<rows).map { _ in random.next() * 0.25 }
    return (BinnedData(features: features, bins: bins), gradients, hessians)
  }

  /// The histogram of `rows` summed the plain way: feature by feature, row by row.
  func plain(
    _ data: BinnedData, _ rows: [Int32], _ gradients: [Double], _ hessians: [Double]
  ) -> [Double] {
    var sums = [Double](repeating: 0, count: data.totalBins * 3)
    for feature in data.features.indices {
      for row in rows {
        let slot = (data.offsets[feature] + Int(data.bins[feature][Int(row)])) * 3
        sums[slot] += gradients[Int(row)]
        sums[slot + 1] += hessians[Int(row)]
        sums[slot + 2] += 1
      }
    }
    return sums
  }

  func testSplitsKeepRowsWithTheirDataAndHistogramsMatchAPlainSum() {
    for workers in [1, 3] { check(splitWorkers: workers) }
  }

  /// Splits a bag in one piece or in `splitWorkers` pieces at once (a leaf of 65,536 rows
  /// or more is cut into pieces): the outcome must be the same.
  func check(splitWorkers: Int) {
    let rows = 160_000
    let (data, gradients, hessians) = data(rows: rows)
    // Every other row, as a bag would leave them (enough for the threaded build and split).
    let bag = stride(from: 0, to: rows, by: 2).map { Int32($0) }
    var store = LeafRows()
    store.load(data, rows: bag, gradients: gradients, hessians: hessians)
    XCTAssertEqual(store.stride, 16)
    let all = Array(data.features.indices)
    for workers in [1, 2, 4] {
      let built = Histogram.build(
        data, store, range: 0..<bag.count, features: all, workers: workers)
      XCTAssertEqual(built.sums, plain(data, bag, gradients, hessians), "\(workers) workers")
    }
    // Split on feature 5 at bin 40 (missing left), then the right side on categorical 3.
    var goesLeft = [Bool](repeating: false, count: 256)
    for bin in 0...40 { goesLeft[bin] = true }
    goesLeft[data.features[5].missingBin] = true
    let middle = store.partition(
      0..<bag.count, feature: 5, goesLeft: goesLeft, workers: splitWorkers)
    var codes = [Bool](repeating: false, count: 256)
    codes[1] = true
    codes[4] = true
    let inner = store.partition(
      middle..<bag.count, feature: 3, goesLeft: codes, workers: splitWorkers)
    let leaves = [0..<middle, middle..<inner, inner..<bag.count]
    let expected = [
      bag.filter { goesLeft[Int(data.bins[5][Int($0)])] },
      bag.filter { !goesLeft[Int(data.bins[5][Int($0)])] && codes[Int(data.bins[3][Int($0)])] },
      bag.filter { !goesLeft[Int(data.bins[5][Int($0)])] && !codes[Int(data.bins[3][Int($0)])] },
    ]
    XCTAssertTrue(expected.allSatisfy { !$0.isEmpty })
    for (leaf, rowsOfLeaf) in zip(leaves, expected) {
      XCTAssertEqual(Array(store.order[leaf]), rowsOfLeaf, "rows stay in ascending order")
      // Every row's gradient, hessian and bins moved with it.
      var moved: [Double] = []
      var wanted: [Double] = []
      var movedBins: [UInt8] = []
      var wantedBins: [UInt8] = []
      for position in leaf {
        let row = Int(store.order[position])
        moved += [store.pairs[2 * position], store.pairs[2 * position + 1]]
        wanted += [gradients[row], hessians[row]]
        for feature in data.features.indices {
          movedBins.append(store.bins[position * store.stride + feature])
          wantedBins.append(data.bins[feature][row])
        }
      }
      XCTAssertEqual(moved, wanted)
      XCTAssertEqual(movedBins, wantedBins)
      for workers in [1, 2, 4] {
        let built = Histogram.build(data, store, range: leaf, features: all, workers: workers)
        XCTAssertEqual(built.sums, plain(data, rowsOfLeaf, gradients, hessians))
      }
    }
    // A sibling from its parent less the other child: counts exact, sums to rounding.
    var sibling = Histogram.build(
      data, store, range: middle..<bag.count, features: all, workers: 2)
    sibling.subtract(Histogram.build(data, store, range: middle..<inner, features: all, workers: 1))
    let direct = plain(data, expected[2], gradients, hessians)
    for index in direct.indices {
      XCTAssertEqual(sibling.sums[index], direct[index], accuracy: 1e-9)
    }
    // Reloading for the next tree puts the rows back in bag order.
    store.load(data, rows: bag, gradients: hessians, hessians: gradients)
    XCTAssertEqual(store.order, bag)
    XCTAssertEqual(store.pairs[2 * 5], hessians[Int(bag[5])])
  }
}
