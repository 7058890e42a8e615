import Foundation
import SluiceCore
import SluiceTable
import XCTest

@testable import SluiceData

/// Profiles of shards, merged in any order, equal the profile of the whole table: counts,
/// min and max exactly, mean and variance to 1e-12 relative, sketches within their bounds.
final class ProfileMergeTests: XCTestCase {
  func makeRows(_ count: Int, seed: UInt64) -> [String] {
    var random = SketchGenerator(seed: seed)
    let colours = ["red", "green", "blue", "amber", "violet"]
    return (0..<count).map { index in
      let value = (random.unit() - 0.3) * 1e6 + 1e9  // a large offset stresses variance merges
      let small = random.unit() * 1e-3
      let colour = colours[Int(random.next() % 5)]
      let missing = random.next() % 17 == 0 ? "" : String(random.next() % 1000)
      return "\(index),\(value),\(small),\(colour),\(missing)"
    }
  }

  func profile(_ rows: ArraySlice<String>, in directory: String, name: String) throws
    -> TableProfile
  {
    let path = directory + "/\(name).csv"
    try ("id,value,small,colour,count\n" + rows.joined(separator: "\n") + "\n").write(
      toFile: path, atomically: true, encoding: .utf8)
    return try TableProfile.profile(
      TableReader(path: path, options: ReadOptions(workers: 2, chunkSize: 4096)))
  }

  func relative(_ a: Double?, _ b: Double?) -> Double {
    if a == nil && b == nil { return 0 }
    guard let a, let b else { return .infinity }
    if a == b { return 0 }
    return abs(a - b) / max(abs(a), abs(b))
  }

  func testRandomShardingsMergeToTheWholeProfile() throws {
    let directory = NSTemporaryDirectory() + "sluice-merge-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let rows = makeRows(20_000, seed: 11)
    let whole = try profile(rows[...], in: directory, name: "whole")
    var random = SketchGenerator(seed: 5)
    for trial in 0..<12 {
      let shardCount = 2 + Int(random.next() % 6)
      var cuts = (0..<(shardCount - 1)).map { _ in Int(random.next() % UInt64(rows.count)) }
      cuts = ([0] + cuts.sorted() + [rows.count])
      var shards: [TableProfile] = []
      for index in 0..<shardCount {
        shards.append(
          try profile(
            rows[cuts[index]..<cuts[index + 1]], in: directory, name: "s\(trial)-\(index)"))
      }
      // Merge in a random order, through the JSON form as `validate-data merge` does.
      var order = Array(shards.indices)
      for index in order.indices.reversed() {
        order.swapAt(index, Int(random.next() % UInt64(index + 1)))
      }
      var merged: TableProfile? = nil
      for index in order {
        let decoded = try ProfileCodec.decode(
          JSONParser.parse(CanonicalJSON.encode(ProfileCodec.encode(shards[index])), file: "s"),
          file: "s")
        if merged == nil { merged = decoded } else { try merged?.merge(decoded, file: "s") }
      }
      let result = try XCTUnwrap(merged)
      XCTAssertEqual(result.rows, whole.rows)
      for (column, expected) in zip(result.columns, whole.columns) {
        XCTAssertEqual(column.count, expected.count)
        XCTAssertEqual(column.missing, expected.missing)
        XCTAssertEqual(column.type, expected.type)
        XCTAssertEqual(column.moments.count, expected.moments.count)
        XCTAssertEqual(column.moments.min, expected.moments.min)
        XCTAssertEqual(column.moments.max, expected.moments.max)
        XCTAssertLessThanOrEqual(relative(column.moments.mean, expected.moments.mean), 1e-12)
        XCTAssertLessThanOrEqual(
          relative(column.moments.sampleVariance, expected.moments.sampleVariance), 1e-12)
        XCTAssertLessThanOrEqual(
          relative(column.distinct.estimate, expected.distinct.estimate), 0.0, "HLL merges exactly")
        if expected.quantiles.count > 0 {
          for q in [0.1, 0.5, 0.9] {
            // Both estimates are within the rank bound of the truth, so within twice of each other.
            let value = try XCTUnwrap(column.quantiles.quantile(q))
            let rank = expected.quantiles.rank(value)
            XCTAssertLessThanOrEqual(
              abs(rank - q), 2 * expected.quantiles.rankErrorBound + 2.0 / Double(expected.count))
          }
        }
      }
    }
  }
}
