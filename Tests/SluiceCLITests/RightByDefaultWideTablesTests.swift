import Foundation
import XCTest

/// Issue 12, "Wide tables": a profile's size follows what it says, not fixed sketch buffers,
/// and merging profiles of a wide table's shards stays exact. No test here measures time.
final class RightByDefaultWideTablesTests: XCTestCase {
  /// A table of `columns` columns and `rows` rows: integers, decimals and every 50th column
  /// categorical, from a fixed linear congruential sequence.
  static func wideTable(columns: Int, rows: Int, firstRow: Int = 0) -> String {
    var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + "\n"
    var state: UInt64 = 42
    for row in 0..<(firstRow + rows) {
      var fields: [String] = []
      fields.reserveCapacity(columns)
      for column in 0..<columns {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let draw = Int(state >> 40) % 10_000
        switch column % 50 {
        case 7: fields.append(["red", "green", "blue"][draw % 3])
        case _ where column % 2 == 0: fields.append(String(draw - 500))
        default: fields.append(String(format: "%.2f", Double(draw) / 7))
        }
      }
      if row >= firstRow { text += fields.joined(separator: ",") + "\n" }
    }
    return text
  }

  func testProfileOfAWideTableIsProportionalToItsValues() throws {
    let directory = try makeTempDir(self)
    let columns = 20_000
    try Self.wideTable(columns: columns, rows: 5).write(
      toFile: directory + "/wide.csv", atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      "validate-data", ["profile", "wide.csv", "-o", "wide.json"], directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    let size = try XCTUnwrap(
      FileManager.default.attributesOfItem(atPath: directory + "/wide.json")[.size] as? Int)
    // Before: 4,096 HyperLogLog digits and 20 histogram bins per column, ~8 KB each.
    XCTAssertLessThan(size, 2_600 * columns, "profile of \(columns) columns is \(size) bytes")
    let text = try String(contentsOfFile: directory + "/wide.json", encoding: .utf8)
    XCTAssertFalse(text.contains("\"registers\""), "5 values need no dense HyperLogLog")
    XCTAssertTrue(text.contains("\"sparse\""))
    XCTAssertTrue(text.contains("\"sluice_profile_version\": 2"))
  }

  func testMergedShardProfilesOfAWideTableEqualTheWholeOnesSketches() throws {
    let directory = try makeTempDir(self)
    let columns = 2_000
    let whole = Self.wideTable(columns: columns, rows: 6)
    try whole.write(toFile: directory + "/whole.csv", atomically: true, encoding: .utf8)
    let lines = whole.split(separator: "\n").map(String.init)
    for (name, range) in [("a", 1..<4), ("b", 4..<7)] {
      try ([lines[0]] + lines[range]).joined(separator: "\n").appending("\n").write(
        toFile: directory + "/\(name).csv", atomically: true, encoding: .utf8)
    }
    for name in ["whole", "a", "b"] {
      let run = try CLIRunner.run(
        "validate-data", ["profile", "\(name).csv", "-o", "\(name).json"], directory: directory)
      XCTAssertEqual(run.status, 0, run.stderr)
    }
    let merge = try CLIRunner.run(
      "validate-data", ["merge", "a.json", "b.json", "-o", "merged.json"], directory: directory)
    XCTAssertEqual(merge.status, 0, merge.stderr)
    func states(_ name: String) throws -> [[String: Any]] {
      let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/\(name).json"))
      let document = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
      let list = try XCTUnwrap(document["columns"] as? [[String: Any]])
      return try list.map { try XCTUnwrap($0["state"] as? [String: Any]) }
    }
    let expected = try states("whole")
    let merged = try states("merged")
    XCTAssertEqual(merged.count, columns)
    for (index, (mine, theirs)) in zip(merged, expected).enumerated() {
      for sketch in ["distinct", "frequent", "kinds", "lengths"] {
        XCTAssertEqual(
          mine[sketch] as? NSDictionary, theirs[sketch] as? NSDictionary,
          "column \(index), \(sketch)")
      }
      let kll = try XCTUnwrap(mine["quantiles"] as? [String: Any])
      let wholeKLL = try XCTUnwrap(theirs["quantiles"] as? [String: Any])
      XCTAssertEqual(kll["n"] as? Int, wholeKLL["n"] as? Int, "column \(index)")
      XCTAssertEqual(kll["levels"] as? [Int], wholeKLL["levels"] as? [Int], "column \(index)")
    }
  }
}
