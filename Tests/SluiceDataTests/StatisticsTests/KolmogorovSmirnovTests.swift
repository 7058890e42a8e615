import SluiceCore
import XCTest

@testable import SluiceData

/// `KolmogorovSmirnov` against `scipy.stats.ks_2samp` and the special functions behind it.
final class KolmogorovSmirnovTests: XCTestCase {
  /// Every fixture pair under every method: D bit for bit, p-values to 1e-9 relative (no
  /// absolute floor, so tiny p-values are compared by their digits), and the method scipy used.
  func testMatchesScipyKS2Samp() throws {
    var statistic = ToleranceTracker("ks.statistic", relative: 0)
    var exact = ToleranceTracker("ks.pvalue.exact", relative: 1e-9)
    var asymptotic = ToleranceTracker("ks.pvalue.asymptotic", relative: 1e-9)
    var compared = 0
    for testCase in try StatisticsFixture.cases("ks_2samp.json", count: 141) {
      let name = testCase["name"]?.stringValue ?? "?"
      let a = try XCTUnwrap(testCase.sample("a", orSpec: "sample_a"), name)
      let b = try XCTUnwrap(testCase.sample("b", orSpec: "sample_b"), name)
      let sortedA = a.sorted()
      let sortedB = b.sorted()
      for method in KolmogorovSmirnov.Method.allCases {
        guard let expected = testCase[method.rawValue] else { continue }
        let result = KolmogorovSmirnov.test(a, b, method: method)
        let context = "\(name) \(method)"
        statistic.check(
          result.statistic, try XCTUnwrap(expected["statistic"]?.fixtureDouble), context)
        let p = try XCTUnwrap(expected["pvalue"]?.fixtureDouble)
        if result.method == .exact {
          exact.check(result.pValue, p, context)
        } else {
          asymptotic.check(result.pValue, p, context)
        }
        XCTAssertEqual(result.method.rawValue, expected["method"]?.stringValue, context)
        let presorted = KolmogorovSmirnov.test(sortedA: sortedA, sortedB: sortedB, method: method)
        XCTAssertTrue(identical(presorted, result), "sorted variant \(context)")
        compared += 1
      }
      XCTAssertEqual(
        KolmogorovSmirnov.statistic(a, b).bitPattern,
        KolmogorovSmirnov.test(a, b, method: .asymptotic).statistic.bitPattern, name)
    }
    XCTAssertGreaterThan(compared, 300)
    statistic.report()
    exact.report()
    asymptotic.report()
  }

  private func identical(_ x: KolmogorovSmirnov.Result, _ y: KolmogorovSmirnov.Result) -> Bool {
    x.statistic.bitPattern == y.statistic.bitPattern && x.pValue.bitPattern == y.pValue.bitPattern
      && x.method == y.method
  }

  /// `kstwo.sf(x, n)` over every branch of scipy's `kolmogn`.
  func testKolmogorovSurvivalMatchesScipyKstwo() throws {
    var tracker = ToleranceTracker("kstwo.sf", relative: 1e-9)
    for testCase in try StatisticsFixture.cases("kstwo_sf.json", count: 534) {
      let n = try XCTUnwrap(testCase["n"]?.doubleValue)
      let x = try XCTUnwrap(testCase["x"]?.fixtureDouble)
      let expected = try XCTUnwrap(testCase["sf"]?.fixtureDouble)
      tracker.check(KolmogorovDistribution.survival(statistic: x, n: n), expected, "n=\(n) x=\(x)")
    }
    tracker.report()
  }

  /// `scipy.special.smirnov(n, x)`, including the `n > 10^6` approximation.
  func testSmirnovSurvivalMatchesScipy() throws {
    var tracker = ToleranceTracker("smirnov.sf", relative: 1e-9)
    for testCase in try StatisticsFixture.cases("smirnov_sf.json", count: 172) {
      let n = try XCTUnwrap(testCase["n"]?.intValue)
      let x = try XCTUnwrap(testCase["x"]?.fixtureDouble)
      let expected = try XCTUnwrap(testCase["sf"]?.fixtureDouble)
      tracker.check(SmirnovDistribution.survival(n: Int(n), x: x), expected, "n=\(n) x=\(x)")
    }
    tracker.report()
  }

  func testStatisticTiesAreSteppedOverTogether() {
    // Both ECDFs are read after the whole tie at 1: F_a(1) = 1, F_b(1) = 1/2, so D = 1/2; a
    // merge that stepped through the a's before the b would see 1 - 0.
    XCTAssertEqual(KolmogorovSmirnov.statistic([1, 1], [1, 2]), 0.5)
    // D is 1 - 2/3 as scipy computes it; .exact rounds it to a multiple of 1/lcm(3, 3).
    XCTAssertEqual(KolmogorovSmirnov.statistic([1, 1, 2], [0, 1, 3]), 1.0 - 2.0 / 3.0)
    XCTAssertEqual(KolmogorovSmirnov.test([1, 1, 2], [0, 1, 3]).statistic, 1.0 / 3.0)
    XCTAssertEqual(KolmogorovSmirnov.statistic([1, 2, 3], [1, 2, 3]), 0)
    XCTAssertEqual(KolmogorovSmirnov.statistic([0, 1], [5, 6, 7]), 1)
    XCTAssertEqual(KolmogorovSmirnov.statistic([3, 1, 2], [2, 3, 1]), 0, "unsorted input")
  }

  func testEmptyAndNaNInputsGiveNaN() {
    let empty = KolmogorovSmirnov.test([], [1, 2])
    XCTAssertTrue(empty.statistic.isNaN)
    XCTAssertTrue(empty.pValue.isNaN)
    XCTAssertEqual(empty.method, .exact)
    XCTAssertTrue(KolmogorovSmirnov.test([1], []).pValue.isNaN)
    XCTAssertTrue(KolmogorovSmirnov.statistic([], []).isNaN)
    XCTAssertTrue(KolmogorovSmirnov.statistic(sortedA: [], sortedB: [1]).isNaN)
    let withNaN = KolmogorovSmirnov.test([1, .nan, 3], [1, 2], method: .asymptotic)
    XCTAssertTrue(withNaN.statistic.isNaN)
    XCTAssertTrue(withNaN.pValue.isNaN)
    XCTAssertEqual(withNaN.method, .asymptotic)
    XCTAssertTrue(KolmogorovSmirnov.statistic([1, 2], [.nan]).isNaN)
  }

  func testSingleElements() {
    let same = KolmogorovSmirnov.test([4], [4])
    XCTAssertEqual(same.statistic, 0)
    XCTAssertEqual(same.pValue, 1)
    XCTAssertEqual(same.method, .exact)
    let apart = KolmogorovSmirnov.test([4], [5])
    XCTAssertEqual(apart.statistic, 1)
    XCTAssertEqual(apart.pValue, 1)
    // scipy: n = round(1·1/2) = 0 is outside kstwo's support, so the asymptotic p-value is NaN.
    XCTAssertTrue(KolmogorovSmirnov.test([4], [5], method: .asymptotic).pValue.isNaN)
  }

  func testAutoSwitchesToAsymptoticAboveTenThousand() {
    let small = [Double](repeating: 0, count: 3)
    let atLimit = (0..<10_000).map { Double($0) }
    let aboveLimit = (0..<10_001).map { Double($0) }
    XCTAssertEqual(KolmogorovSmirnov.test(atLimit, small).method, .exact)
    XCTAssertEqual(KolmogorovSmirnov.test(aboveLimit, small).method, .asymptotic)
    XCTAssertEqual(KolmogorovSmirnov.test(aboveLimit, small, method: .exact).method, .exact)
  }

  func testExactFallsBackWhenTheLatticeIsTooLarge() {
    // lcm(65_537, 65_539) > Int32.max: scipy switches explicit 'exact' to 'asymp'.
    let a = (0..<65_537).map { Double($0) }
    let b = (0..<65_539).map { Double($0) + 0.5 }
    let result = KolmogorovSmirnov.test(a, b, method: .exact)
    XCTAssertEqual(result.method, .asymptotic)
    XCTAssertEqual(result.pValue, 1)
  }

  func testDeterministic() {
    let a = (0..<5000).map { Double(($0 * 7919) % 1013) / 7 }
    let b = (0..<4000).map { Double(($0 * 104_729) % 997) / 7 + 1 }
    let first = KolmogorovSmirnov.test(a, b)
    for _ in 0..<3 { XCTAssertEqual(KolmogorovSmirnov.test(a, b), first) }
    XCTAssertEqual(first.method, .exact)
    XCTAssertEqual(first.statistic, 0.009)
  }
}
