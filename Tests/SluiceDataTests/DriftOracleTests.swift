import Foundation
import SluiceCore
import SluiceTable
import XCTest

@testable import SluiceData

/// Drift statistics on real data (the penguins, first 200 rows against the rest) equal
/// scipy's and numpy's, from a data reference and from a profile reference alike.
/// Fixture: ci/fixtures/generate_drift_fixtures.py.
final class DriftOracleTests: XCTestCase {
  func halves() throws -> (TableSample, TableSample, TableProfile) {
    let penguins = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("examples/penguins/penguins.csv")
    let lines = try String(contentsOf: penguins, encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    let directory = NSTemporaryDirectory() + "sluice-drift-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
    let reference = directory + "/reference.csv"
    let current = directory + "/current.csv"
    try (([lines[0]] + lines[1...200]).joined(separator: "\n") + "\n").write(
      toFile: reference, atomically: true, encoding: .utf8)
    try (([lines[0]] + lines[201...]).joined(separator: "\n") + "\n").write(
      toFile: current, atomically: true, encoding: .utf8)
    return (
      try TableSample.collect(TableReader(path: reference)),
      try TableSample.collect(TableReader(path: current)),
      try TableProfile.profile(TableReader(path: reference))
    )
  }

  func testStatisticsMatchScipyOnRealData() throws {
    let fixture = try XCTUnwrap(
      JSONSerialization.jsonObject(
        with: Data(contentsOf: FixtureLocator.url("drift/penguins_halves.json"))) as? [String: Any])
    let expected = try XCTUnwrap(fixture["columns"] as? [String: [String: Double]])
    let (reference, current, profile) = try halves()
    var checked = 0
    for source in [DriftReference.data(reference), .profile(profile)] {
      let result = DriftDetector.compare(
        current: current, reference: source, schema: nil, settings: DriftSettings(), workers: 2)
      XCTAssertEqual(result.compared, 8)
      for column in result.columns {
        let want = try XCTUnwrap(expected[column.name], column.name)
        XCTAssertFalse(column.approximate)
        for (key, value) in want {
          let got = try XCTUnwrap(column.statistics[key]?.doubleValue, "\(column.name).\(key)")
          XCTAssertEqual(
            got, value, accuracy: max(abs(value) * 1e-9, 1e-12), "\(column.name).\(key)")
          checked += 1
        }
      }
    }
    // 8 columns, 40 statistics, from the data and from the profile: none skipped.
    XCTAssertEqual(expected.count, 8)
    XCTAssertEqual(checked, 2 * 40)
  }
}
