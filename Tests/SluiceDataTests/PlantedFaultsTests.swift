import Foundation
import SluiceCore
import SluiceTable
import XCTest

@testable import SluiceData

/// A schema inferred from clean data, then a copy of the data with 1,000 planted faults of
/// every kind: the checker must report each one at its line and field, and nothing else.
final class PlantedFaultsTests: XCTestCase {
  struct Expected: Hashable {
    var rule: String
    var line: Int
    var field: Int
  }

  static let header = ["id", "age", "score", "plan", "code", "name", "active", "signup", "note"]
  static let plans = ["basic", "pro", "team", "enterprise"]
  static let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")

  static func cleanRow(_ index: Int, _ random: inout SketchGenerator) -> [String] {
    let name = String(
      (0..<(3 + random.below(10))).map { _ in
        Character(String(letters[random.below(26)]).lowercased())
      })
    let code =
      String((0..<3).map { _ in letters[random.below(26)] }) + "-"
      + String(format: "%04d", random.below(10000))
    return [
      String(1000 + index),
      String(18 + random.below(73)),
      String(format: "%.4f", Double(random.below(10000)) / 10000),
      plans[random.below(plans.count)],
      code,
      name,
      random.below(2) == 0 ? "true" : "false",
      String(
        format: "20%02d-%02d-%02d", 10 + random.below(15), 1 + random.below(12),
        1 + random.below(28)),
      random.below(10) == 0 ? "" : "n\(random.below(50))",
    ]
  }

  func testEveryPlantedFaultIsReportedAtItsPlaceAndNothingElse() throws {
    var random = SketchGenerator(seed: 7)
    let rowCount = 6000
    var rows = (0..<rowCount).map { Self.cleanRow($0, &random) }
    let directory = try makeDirectory()
    let cleanPath = directory + "/clean.csv"
    try write(rows: rows, to: cleanPath)

    let inferred = try TypeInference.run(TableReader(path: cleanPath))
    var schema = SchemaInference.schema(from: inferred, maxCategories: 100)
    let codeIndex = try XCTUnwrap(schema.columns.firstIndex { $0.name == "code" })
    schema.columns[codeIndex].pattern = "[A-Z]{3}-[0-9]{4}"
    // An inferred range is an observation, not a limit: write it as limits, as a person would.
    let ageIndex = try XCTUnwrap(schema.columns.firstIndex { $0.name == "age" })
    XCTAssertNil(schema.columns[ageIndex].minimum)
    XCTAssertNil(schema.columns[ageIndex].maximum)
    schema.columns[ageIndex].minimum = schema.columns[ageIndex].observedMinimum
    schema.columns[ageIndex].maximum = schema.columns[ageIndex].observedMaximum
    XCTAssertEqual(schema.column(named: "id")?.unique, true)
    XCTAssertEqual(schema.column(named: "plan")?.values?.count, 4)
    XCTAssertEqual(schema.column(named: "age")?.nullable, false)
    XCTAssertEqual(schema.column(named: "note")?.nullable, true)
    let nameColumn = try XCTUnwrap(schema.column(named: "name"))
    XCTAssertEqual(nameColumn.minimumLength, 3)
    XCTAssertEqual(nameColumn.maximumLength, 12)

    // Plant faults: each in its own row so a skipped malformed record hides nothing.
    let kinds: [(String, Int, (inout [String], inout SketchGenerator, Int) -> Void)] = [
      ("type", 2, { row, _, _ in row[1] = "forty" }),
      ("null", 2, { row, _, _ in row[1] = "NA" }),
      ("min", 2, { row, _, _ in row[1] = "3" }),
      ("max", 2, { row, _, _ in row[1] = "250" }),
      ("values", 4, { row, _, _ in row[3] = "platinum" }),
      ("pattern", 5, { row, _, line in row[4] = String(format: "abc-%04d", line) }),
      ("min-length", 6, { row, _, _ in row[5] = "ab" }),
      ("max-length", 6, { row, _, _ in row[5] = "abcdefghijklmnopq" }),
      ("type", 3, { row, _, _ in row[2] = "0.5.1" }),
      ("type", 7, { row, _, _ in row[6] = "yes" }),
      ("type", 8, { row, _, _ in row[7] = "2024-02-30" }),
      (
        "unique", 1, { row, random, line in row[0] = String(1000 + random.below(max(1, line - 3))) }
      ),
    ]
    var planted: Set<Expected> = []
    var used: Set<Int> = [0]
    var structural: [Int: String] = [:]
    for plant in 0..<1000 {
      var index = 1 + random.below(rowCount - 1)
      while used.contains(index) { index = 1 + random.below(rowCount - 1) }
      used.insert(index)
      let line = index + 2  // header is line 1
      if plant % 10 == 9 {
        // Structural faults: a wrong field count or invalid UTF-8 skips the record.
        if plant % 20 == 9 {
          rows[index].append("extra")
          planted.insert(Expected(rule: "field-count", line: line, field: 10))
        } else {
          structural[index] = "invalid"
          planted.insert(Expected(rule: "invalid-utf8", line: line, field: 6))
        }
        continue
      }
      let kind = kinds[plant % kinds.count]
      kind.2(&rows[index], &random, index)
      planted.insert(Expected(rule: kind.0, line: line, field: kind.1))
    }
    // A planted duplicate may copy a value that a later plant changed: recompute exactly.
    var firstLine: [String: Int] = [:]
    planted = planted.filter { $0.rule != "unique" }
    for (index, row) in rows.enumerated() where row.count == 9 && structural[index] == nil {
      if firstLine[row[0]] != nil {
        planted.insert(Expected(rule: "unique", line: index + 2, field: 1))
      } else {
        firstLine[row[0]] = index + 2
      }
    }
    let faultyPath = directory + "/faulty.csv"
    try write(rows: rows, to: faultyPath, invalidUTF8Rows: Set(structural.keys))

    for workers in [1, 2, 8] {
      let reader = try TableReader(
        path: faultyPath, options: ReadOptions(workers: workers, chunkSize: 4096, lenient: true))
      let result = try SchemaChecker(schema: schema, maxErrors: 0).check(reader)
      let found = result.findings.map {
        Expected(rule: $0.rule, line: $0.line ?? 0, field: $0.field ?? 0)
      }
      XCTAssertEqual(found.count, result.totalFindings)
      let foundSet = Set(found)
      XCTAssertEqual(foundSet.count, found.count, "no finding twice")
      let missing = planted.subtracting(foundSet).sorted { $0.line < $1.line }
      let extra = foundSet.subtracting(planted).sorted { $0.line < $1.line }
      XCTAssertEqual(
        missing.count, 0,
        "\(missing.count) planted faults not reported (workers \(workers)), e.g. \(missing.prefix(3))"
      )
      XCTAssertEqual(
        extra.count, 0,
        "\(extra.count) findings not planted (workers \(workers)), e.g. \(extra.prefix(3))")
      XCTAssertFalse(result.isValid)
      XCTAssertGreaterThanOrEqual(planted.count, 1000)
    }

    // The clean file passes.
    let clean = try SchemaChecker(schema: schema).check(
      TableReader(path: cleanPath, options: ReadOptions(lenient: true)))
    XCTAssertTrue(clean.isValid, "\(clean.findings.prefix(3))")
    XCTAssertEqual(clean.rows, rowCount)
  }

  func testListedFindingsAreTheFirstByPlaceAndAllAreCounted() throws {
    let directory = try makeDirectory()
    let path = directory + "/t.csv"
    var text = "a\n"
    for index in 0..<500 { text += index % 2 == 0 ? "x\n" : "1\n" }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    var schema = Schema(columns: [ColumnSchema(name: "a", type: .integer, role: .numeric)])
    schema.columns[0].nullable = false
    let result = try SchemaChecker(schema: schema, maxErrors: 10).check(
      TableReader(path: path, options: ReadOptions(chunkSize: 64, lenient: true)))
    XCTAssertEqual(result.totalFindings, 250)
    XCTAssertEqual(result.findings.count, 10)
    XCTAssertEqual(result.findings.map { $0.line ?? 0 }, Array(stride(from: 2, to: 22, by: 2)))
    XCTAssertEqual(result.counts["type"]?["a"], 250)
  }

  func makeDirectory() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "sluice-check-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url.path
  }

  func write(rows: [[String]], to path: String, invalidUTF8Rows: Set<Int> = []) throws {
    var bytes = Array((Self.header.joined(separator: ",") + "\n").utf8)
    for (index, row) in rows.enumerated() {
      for (column, value) in row.enumerated() {
        if column > 0 { bytes.append(UInt8(ascii: ",")) }
        bytes += Array(value.utf8)
        if column == 5 && invalidUTF8Rows.contains(index) { bytes.append(0xFF) }
      }
      bytes.append(0x0A)
    }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }
}
