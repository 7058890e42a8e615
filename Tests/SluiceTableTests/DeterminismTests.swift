import Foundation
import SluiceCore
import XCTest

@testable import SluiceTable

/// A seeded pseudo-random table read with every worker count and chunk size must give the
/// same records, line numbers and inferred columns.
final class DeterminismTests: XCTestCase {
  /// Knuth's MMIX linear congruential generator.
  struct LCG {
    var state: UInt64

    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
  }

  /// The generated file and the records it must read as.
  struct Generated {
    var bytes: [UInt8] = []
    var columns: [String] = []
    var records: [ReadRecord] = []
  }

  static let columns = ["id", "count", "ratio", "flag", "when", "colour", "note", "comment"]

  /// Physical line breaks in `text` (CRLF, LF and lone CR each count once).
  static func lineBreaks(_ text: [UInt8]) -> Int {
    var breaks = 0
    for (index, byte) in text.enumerated() {
      if byte == 0x0A {
        breaks += 1
      } else if byte == 0x0D, index + 1 >= text.count || text[index + 1] != 0x0A {
        breaks += 1
      }
    }
    return breaks
  }

  static func generate(rows: Int, seed: UInt64) -> Generated {
    var random = LCG(state: seed)
    var result = Generated(columns: columns)
    var line = 1
    func emitLineEnd() {
      let end = random.below(10)
      result.bytes += end < 6 ? [0x0A] : end < 9 ? [0x0D, 0x0A] : [0x0D]
      line += 1
    }
    result.bytes += Array(columns.joined(separator: ",").utf8)
    emitLineEnd()
    let words = [
      "alpha", "beta", "gamma", "déjà vu", "naïve", "日本語", "😀", "smile", "x", "data",
      "pipeline", "Zürich", "Ελληνικά", "über", "test",
    ]
    let pieces = [",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "é", "a,b", "NA", "\t"]
    for row in 0..<rows {
      var values: [(text: String, quoted: Bool, null: Bool)] = []
      values.append(("\(row)", false, false))
      if random.chance(10) {
        values.append((random.pick(["", "NA", "null"]), false, true))
      } else {
        values.append(("\(random.below(2001) - 1000)", random.chance(5), false))
      }
      switch random.below(10) {
      case 0: values.append(("", false, true))
      case 1: values.append(("\(random.below(100))e-\(random.below(20))", false, false))
      case 2: values.append(("-\(random.below(1000)).\(random.below(1000))", true, false))
      default:
        values.append(("\(random.below(100_000)).\(random.below(100))", false, false))
      }
      values.append((random.pick(["true", "false", "TRUE", "False"]), false, false))
      let month = random.below(12) + 1
      let day = random.below(28) + 1
      let date = "2024-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
      values.append(
        (random.chance(50) ? date : date + "T12:\(10 + random.below(50)):00Z", false, false))
      values.append(
        (random.pick(["red", "green", "blue", "vert", "rouge"]), random.chance(30), false))
      var note = ""
      for _ in 0..<random.below(6) {
        note += random.chance(50) ? random.pick(pieces) : random.pick(words)
      }
      values.append((note, true, false))
      if random.chance(15) {
        values.append(("", false, true))
      } else {
        var sentence: [String] = []
        for _ in 0..<(3 + random.below(6)) { sentence.append(random.pick(words)) }
        values.append((sentence.joined(separator: " "), random.chance(50), false))
      }
      var record = ReadRecord(
        bytes: [], quoted: [], nulls: [], line: line, byteOffset: result.bytes.count)
      for (index, value) in values.enumerated() {
        if index > 0 { result.bytes.append(UInt8(ascii: ",")) }
        let utf8 = Array(value.text.utf8)
        if value.quoted {
          result.bytes.append(UInt8(ascii: "\""))
          for byte in utf8 {
            if byte == UInt8(ascii: "\"") { result.bytes.append(byte) }
            result.bytes.append(byte)
          }
          result.bytes.append(UInt8(ascii: "\""))
          line += lineBreaks(utf8)
        } else {
          result.bytes += utf8
        }
        record.bytes.append(utf8)
        record.quoted.append(value.quoted)
        record.nulls.append(value.null)
      }
      result.records.append(record)
      if row + 1 < rows || random.chance(50) { emitLineEnd() }
    }
    return result
  }

  private var generated: Generated!
  private var path = ""

  override func setUpWithError() throws {
    generated = Self.generate(rows: 5000, seed: 0x5EED_1234)
    path = try writeTable(generated.bytes, name: "random.csv")
  }

  func testGeneratorCoversTheTrickyCases() {
    let bytes = generated.bytes
    XCTAssertGreaterThan(bytes.count, 64 * 1000)
    XCTAssertTrue(generated.records.contains { $0.bytes[6].contains(0x0A) })
    XCTAssertTrue(generated.records.contains { $0.bytes[6].contains(0x0D) })
    XCTAssertTrue(generated.records.contains { $0.bytes[6].contains(UInt8(ascii: "\"")) })
    XCTAssertTrue(generated.records.contains { $0.bytes[6].contains(UInt8(ascii: ",")) })
    XCTAssertTrue(generated.records.contains { $0.bytes[6].contains { $0 >= 0x80 } })
    XCTAssertGreaterThan(generated.records.last?.line ?? 0, 5500)
  }

  func testRecordsMatchTheGeneratorInEveryConfiguration() throws {
    var configs: [(ReadMode, Int, Int)] = [(.sequential, 1 << 21, 1), (.sequential, 64, 1)]
    for chunkSize in [64, 1000, 4096, 1 << 21] {
      for workers in [1, 2, 8] { configs.append((.parallel, chunkSize, workers)) }
    }
    for (mode, chunkSize, workers) in configs {
      let label = "\(mode) chunk \(chunkSize) workers \(workers)"
      let options = ReadOptions(workers: workers, chunkSize: chunkSize)
      let (columns, records) = try readRecords(path, options, mode: mode)
      XCTAssertEqual(columns, generated.columns, label)
      XCTAssertEqual(records.count, generated.records.count, label)
      if records != generated.records {
        let index =
          zip(records, generated.records).enumerated().first { $0.element.0 != $0.element.1 }?
          .offset ?? min(records.count, generated.records.count)
        XCTFail(
          "\(label): first difference at record \(index): "
            + "\(index < records.count ? records[index].description : "-") vs "
            + "\(index < generated.records.count ? generated.records[index].description : "-")")
      }
    }
  }

  /// Everything about an inferred column, as one comparable value.
  struct Summary: Equatable {
    var name: String
    var type: ColumnType
    var role: ColumnRole
    var reason: String
    var counts: [Int]
    var range: [Double]
    var integerRange: [Int64]
    var lengths: [Int]
    var distinct: Int
    var exact: Bool
    var unique: Bool
    var domain: [String]?

    init(_ column: InferredColumn) {
      let profile = column.profile
      name = column.name
      type = column.type
      role = column.role
      reason = column.reason
      counts = [
        profile.count, profile.missing, profile.kinds.booleans, profile.kinds.integers,
        profile.kinds.floats,
        profile.kinds.datetimes, profile.kinds.strings, profile.trues, profile.spaced,
      ]
      range = [profile.minimum, profile.maximum]
      integerRange = [profile.minimumInteger, profile.maximumInteger]
      lengths = [profile.minimumLength, profile.maximumLength, profile.totalLength]
      distinct = column.distinctCount
      exact = column.distinctIsExact
      unique = column.isUnique
      domain = column.domain(limit: 100)
    }
  }

  private func infer(workers: Int, chunkSize: Int) throws -> (rows: Int, columns: [Summary]) {
    let reader = try TableReader(
      path: path, options: ReadOptions(workers: workers, chunkSize: chunkSize))
    let result = try TypeInference.run(reader)
    return (result.rowCount, result.columns.map(Summary.init))
  }

  func testTypeInferenceDoesNotDependOnWorkers() throws {
    for chunkSize in [64, 1000, 1 << 21] {
      let reference = try infer(workers: 1, chunkSize: chunkSize)
      XCTAssertEqual(reference.rows, 5000)
      for workers in [2, 8] {
        let other = try infer(workers: workers, chunkSize: chunkSize)
        XCTAssertEqual(other.rows, reference.rows, "chunk \(chunkSize) workers \(workers)")
        XCTAssertEqual(other.columns, reference.columns, "chunk \(chunkSize) workers \(workers)")
      }
    }
  }

  func testInferredColumnsOfTheGeneratedTable() throws {
    let (rows, columns) = try infer(workers: 4, chunkSize: 1000)
    XCTAssertEqual(rows, 5000)
    XCTAssertEqual(columns.map(\.name), Self.columns)
    XCTAssertEqual(
      columns.map(\.type),
      [.integer, .integer, .float, .boolean, .datetime, .string, .string, .string])
    // A unique integer column named "id" is key-like (issue 12), not a number to learn from.
    XCTAssertEqual(columns[0].role, .key)
    XCTAssertTrue(columns[0].unique)
    XCTAssertEqual(columns[0].integerRange, [0, 4999])
    XCTAssertEqual(columns[3].role, .categorical)
    XCTAssertEqual(columns[4].role, .ignored)
    XCTAssertEqual(columns[5].role, .categorical)
    XCTAssertEqual(columns[5].domain.map { Set($0) }, ["red", "green", "blue", "vert", "rouge"])
    let expectedNulls = (0..<8).map { index in
      generated.records.filter { $0.nulls[index] }.count
    }
    XCTAssertEqual(columns.map { $0.counts[1] }, expectedNulls)
  }
}
