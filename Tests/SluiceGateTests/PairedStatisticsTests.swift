import Foundation
import SluiceCore
import XCTest

@testable import SluiceGate

/// McNemar, DeLong and Holm against statsmodels and R's pROC (fixtures from
/// ci/fixtures/generate_gate_fixtures.py and .R), plus the bootstrap's determinism.
final class PairedStatisticsTests: XCTestCase {
  static func fixture() throws -> JSONValue {
    guard let url = Bundle.module.url(forResource: "Fixtures/paired_tests", withExtension: "json")
    else { throw CocoaError(.fileNoSuchFile) }
    return try JSONParser.parse(Array(try Data(contentsOf: url)), file: url.path)
  }

  func testMcNemarMatchesStatsmodelsExact() throws {
    let fixture = try Self.fixture()
    let tables = try XCTUnwrap(fixture["mcnemar_tables"]?.arrayValue)
    XCTAssertEqual(tables.count, 10)
    for table in tables {
      let b = Int(try XCTUnwrap(table["b"]?.intValue))
      let c = Int(try XCTUnwrap(table["c"]?.intValue))
      let expected = try XCTUnwrap(table["p"]?.doubleValue)
      XCTAssertEqual(McNemar.exactPValue(b, c), expected, accuracy: 1e-9, "b=\(b) c=\(c)")
    }
    let vectors = try XCTUnwrap(fixture["mcnemar_vectors"]?.arrayValue)
    XCTAssertEqual(vectors.count, 3)
    for vector in vectors {
      let first = try XCTUnwrap(vector["candidate"]?.arrayValue).compactMap(\.boolValue)
      let second = try XCTUnwrap(vector["baseline"]?.arrayValue).compactMap(\.boolValue)
      let result = McNemar.test(candidateCorrect: first, baselineCorrect: second)
      XCTAssertEqual(result.pValue, try XCTUnwrap(vector["p"]?.doubleValue), accuracy: 1e-9)
    }
  }

  func testDeLongMatchesPROC() throws {
    let cases = try XCTUnwrap(Self.fixture()["delong"]?.arrayValue)
    XCTAssertEqual(cases.count, 4)
    for item in cases {
      let name = item["name"]?.stringValue ?? "?"
      let positive = try XCTUnwrap(item["positive"]?.arrayValue).compactMap(\.boolValue)
      let first = try XCTUnwrap(item["candidate"]?.arrayValue).compactMap(\.doubleValue)
      let second = try XCTUnwrap(item["baseline"]?.arrayValue).compactMap(\.doubleValue)
      let result = try XCTUnwrap(
        DeLong.test(positive: positive, candidate: first, baseline: second))
      func expect(_ key: String) throws -> Double { try XCTUnwrap(item[key]?.doubleValue) }
      XCTAssertEqual(result.candidateAUC, try expect("auc_candidate"), accuracy: 1e-9, name)
      XCTAssertEqual(result.baselineAUC, try expect("auc_baseline"), accuracy: 1e-9, name)
      XCTAssertEqual(result.z, try expect("z"), accuracy: 1e-9, name)
      XCTAssertEqual(result.pValue, try expect("p"), accuracy: 1e-9, name)
      // pROC's interval is difference ± Φ⁻¹(0.975)·SE.
      let z = Normal.quantile(0.975)
      XCTAssertEqual(
        result.difference - z * result.standardError, try expect("ci_low"), accuracy: 1e-9, name)
      XCTAssertEqual(
        result.difference + z * result.standardError, try expect("ci_high"), accuracy: 1e-9, name)
    }
  }

  func testHolmMatchesStatsmodels() throws {
    let cases = try XCTUnwrap(Self.fixture()["holm"]?.arrayValue)
    XCTAssertEqual(cases.count, 3)
    for item in cases {
      let p = try XCTUnwrap(item["p"]?.arrayValue).compactMap(\.doubleValue)
      let expected = try XCTUnwrap(item["adjusted"]?.arrayValue).compactMap(\.doubleValue)
      let adjusted = Holm.adjust(p)
      XCTAssertEqual(adjusted.count, expected.count)
      for (mine, theirs) in zip(adjusted, expected) {
        XCTAssertEqual(mine, theirs, accuracy: 1e-12)
      }
    }
  }

  func testNormalQuantileInvertsTheCDF() {
    XCTAssertEqual(Normal.quantile(0.975), 1.959963984540054, accuracy: 1e-12)
    XCTAssertEqual(Normal.quantile(0.5), 0, accuracy: 1e-15)
    for p in [1e-10, 0.001, 0.02, 0.3, 0.9, 0.999] {
      XCTAssertEqual(Normal.cdf(Normal.quantile(p)), p, accuracy: p * 1e-12)
    }
  }

  func testBootstrapIsSeededAndPaired() {
    let correct1 = (0..<500).map { $0 % 5 != 0 }
    let correct2 = (0..<500).map { $0 % 4 != 0 }
    func accuracy(_ correct: [Bool]) -> ([Int]) -> Double? {
      { rows in Double(rows.count(where: { correct[$0] })) / Double(rows.count) }
    }
    let metric = PairedMetric(
      name: "accuracy", candidate: accuracy(correct1), baseline: accuracy(correct2))
    let first = PairedBootstrap(rounds: 200, seed: 3).differences(count: 500, metrics: [metric])
    let again = PairedBootstrap(rounds: 200, seed: 3).differences(count: 500, metrics: [metric])
    let other = PairedBootstrap(rounds: 200, seed: 4).differences(count: 500, metrics: [metric])
    XCTAssertEqual(first, again)
    XCTAssertNotEqual(first, other)
    XCTAssertEqual(first[0].count, 200)
    // The same model against itself: every paired resample gives exactly zero.
    let same = PairedMetric(name: "a", candidate: accuracy(correct1), baseline: accuracy(correct1))
    XCTAssertEqual(
      Set(PairedBootstrap(rounds: 50).differences(count: 500, metrics: [same])[0]), [0])
    XCTAssertEqual(PairedBootstrap.quantile([1, 2, 3, 4], 0.5), 2.5)
  }
}
