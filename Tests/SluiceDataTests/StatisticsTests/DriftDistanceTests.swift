import Foundation
import SluiceCore
import XCTest

@testable import SluiceData

/// PSI and its binning, Jensen–Shannon, L-infinity and Wasserstein against their oracles.
final class DriftDistanceTests: XCTestCase {
  /// PSI to 1e-12 relative (1e-15 absolute, since identical inputs give exactly 0).
  func testPopulationStabilityMatchesNumpy() throws {
    var tracker = ToleranceTracker("psi", relative: 1e-12, absolute: 1e-15)
    for testCase in try StatisticsFixture.cases("psi.json", count: 60) {
      let name = testCase["name"]?.stringValue ?? "?"
      let expected = try XCTUnwrap(testCase["expected"]?.fixtureDoubles)
      let actual = try XCTUnwrap(testCase["actual"]?.fixtureDoubles)
      for result in try XCTUnwrap(testCase["results"]?.arrayValue) {
        let epsilon = try XCTUnwrap(result["epsilon"]?.fixtureDouble)
        tracker.check(
          PopulationStability.index(expected: expected, actual: actual, epsilon: epsilon),
          try XCTUnwrap(result["psi"]?.fixtureDouble), "\(name) ε=\(epsilon)")
      }
    }
    tracker.report()
  }

  /// Quantile edges and bin counts exactly; the PSI on those counts to 1e-12 relative.
  func testQuantileBinningMatchesNumpy() throws {
    var tracker = ToleranceTracker("psi.binned", relative: 1e-12, absolute: 1e-15)
    var checked = 0
    for testCase in try StatisticsFixture.cases("quantile_bins.json", count: 30) {
      let name = testCase["name"]?.stringValue ?? "?"
      let reference = try XCTUnwrap(testCase["reference"]?.fixtureDoubles)
      let current = try XCTUnwrap(testCase["current"]?.fixtureDoubles)
      for result in try XCTUnwrap(testCase["results"]?.arrayValue) {
        let bins = Int(try XCTUnwrap(result["bins"]?.intValue))
        let context = "\(name) bins=\(bins)"
        let edges = PopulationStability.quantileBinEdges(reference: reference, bins: bins)
        XCTAssertEqual(edges, try XCTUnwrap(result["edges"]?.fixtureDoubles), context)
        let expectedCounts = PopulationStability.binCounts(reference, edges: edges)
        let actualCounts = PopulationStability.binCounts(current, edges: edges)
        XCTAssertEqual(
          expectedCounts, try XCTUnwrap(result["expected_counts"]?.fixtureDoubles), context)
        XCTAssertEqual(
          actualCounts, try XCTUnwrap(result["actual_counts"]?.fixtureDoubles), context)
        tracker.check(
          PopulationStability.index(expected: expectedCounts, actual: actualCounts),
          try XCTUnwrap(result["psi"]?.fixtureDouble), context)
        checked += 1
      }
    }
    XCTAssertGreaterThan(checked, 100)
    tracker.report()
  }

  /// Jensen–Shannon to 1e-12 relative (1e-15 absolute for identical inputs); L-infinity exactly.
  func testJensenShannonAndLInfinityMatchScipy() throws {
    var jensenShannon = ToleranceTracker("jensenshannon", relative: 1e-12, absolute: 1e-15)
    var lInfinity = ToleranceTracker("linf", relative: 0)
    for testCase in try StatisticsFixture.cases("jensenshannon_linf.json", count: 60) {
      let name = testCase["name"]?.stringValue ?? "?"
      let p = try XCTUnwrap(testCase["p"]?.fixtureDoubles)
      let q = try XCTUnwrap(testCase["q"]?.fixtureDoubles)
      jensenShannon.check(
        JensenShannon.distance(p, q), try XCTUnwrap(testCase["jensenshannon"]?.fixtureDouble), name)
      lInfinity.check(
        Distances.lInfinity(p, q), try XCTUnwrap(testCase["linf"]?.fixtureDouble), name)
    }
    jensenShannon.report()
    lInfinity.report()
  }

  /// Wasserstein to 1e-12 relative (1e-15 absolute for identical samples).
  func testWassersteinMatchesScipy() throws {
    var tracker = ToleranceTracker("wasserstein", relative: 1e-12, absolute: 1e-15)
    for testCase in try StatisticsFixture.cases("wasserstein.json", count: 50) {
      let name = testCase["name"]?.stringValue ?? "?"
      let u = try XCTUnwrap(testCase.sample("u", orSpec: "sample_u"), name)
      let v = try XCTUnwrap(testCase.sample("v", orSpec: "sample_v"), name)
      let distance = Wasserstein.distance(
        u, v, uWeights: testCase["u_weights"]?.fixtureDoubles,
        vWeights: testCase["v_weights"]?.fixtureDoubles)
      tracker.check(distance, try XCTUnwrap(testCase["distance"]?.fixtureDouble), name)
    }
    tracker.report()
  }

  func testPSIEpsilonIsReplacedNotAdded() {
    // e = (0, 1), a = (1/2, 1/2): only the empty bin changes, to ε; no renormalisation.
    let epsilon = 1e-4
    let expected = (0.5 - epsilon) * log(0.5 / epsilon) + (0.5 - 1) * log(0.5 / 1)
    XCTAssertEqual(
      PopulationStability.index(expected: [0, 10], actual: [5, 5], epsilon: epsilon), expected,
      accuracy: 1e-15)
    XCTAssertEqual(PopulationStability.index(expected: [0, 3], actual: [0, 8]), 0)
  }

  func testBinsAreRightClosed() {
    XCTAssertEqual(
      PopulationStability.binCounts([1, 2, 2.5, 3, 4, .nan], edges: [2, 3]), [2, 2, 1])
    XCTAssertEqual(PopulationStability.binCounts([], edges: [1]), [0, 0])
    XCTAssertEqual(PopulationStability.binCounts([5, 6], edges: []), [2])
    XCTAssertEqual(PopulationStability.quantileBinEdges(reference: [1, 1, 1, 1], bins: 4), [1])
    XCTAssertEqual(PopulationStability.quantileBinEdges(reference: [], bins: 4), [])
    XCTAssertEqual(PopulationStability.quantileBinEdges(reference: [1, 2, 3], bins: 1), [])
    XCTAssertEqual(
      PopulationStability.quantileBinEdges(reference: [0, 10], bins: 4), [2.5, 5, 7.5])
  }

  func testDegenerateInputsGiveNaN() {
    let invalidPairs: [([Double], [Double])] = [
      ([], []), ([1], []), ([1, 2], [1]), ([0, 0], [1, 1]), ([1, -1], [1, 1]),
      ([1, .nan], [1, 1]),
      ([1, .infinity], [1, 1]),
    ]
    for (p, q) in invalidPairs {
      XCTAssertTrue(PopulationStability.index(expected: p, actual: q).isNaN, "\(p) \(q)")
      XCTAssertTrue(PopulationStability.index(expected: q, actual: p).isNaN, "\(q) \(p)")
      XCTAssertTrue(JensenShannon.distance(p, q).isNaN, "\(p) \(q)")
      XCTAssertTrue(Distances.lInfinity(q, p).isNaN, "\(q) \(p)")
    }
    XCTAssertTrue(PopulationStability.index(expected: [1], actual: [1], epsilon: 0).isNaN)
    XCTAssertTrue(Wasserstein.distance([], [1]).isNaN)
    XCTAssertTrue(Wasserstein.distance([1, .nan], [1]).isNaN)
    XCTAssertTrue(Wasserstein.distance([1, 2], [1], uWeights: [1]).isNaN)
    XCTAssertTrue(Wasserstein.distance([1, 2], [1], uWeights: [1, -1]).isNaN)
    XCTAssertTrue(Wasserstein.distance([1, 2], [1], vWeights: [0]).isNaN)
  }

  func testSingleElementsAndIdenticalInputs() {
    XCTAssertEqual(Wasserstein.distance([3], [3]), 0)
    XCTAssertEqual(Wasserstein.distance([3], [5.5]), 2.5)
    XCTAssertEqual(JensenShannon.distance([4], [9]), 0)
    XCTAssertEqual(JensenShannon.distance([1, 0], [0, 1]), 1)
    XCTAssertEqual(Distances.lInfinity([2, 0], [0, 5]), 1)
    XCTAssertEqual(PopulationStability.index(expected: [7], actual: [2]), 0)
  }
}
