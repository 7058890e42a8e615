import Foundation
import SluiceCore
import SluiceTable
import XCTest

@testable import SluiceData

/// One case per check rule: the finding's rule, place, value and message.
final class CheckRulesTests: XCTestCase {
  func check(_ text: String, _ schemaJSON: String, maxErrors: Int = 0) throws -> CheckResult {
    let directory = NSTemporaryDirectory() + "sluice-rules-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/d.csv"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let schema = try SchemaCodec.decode(Array(schemaJSON.utf8), file: "s.json")
    return try SchemaChecker(schema: schema, maxErrors: maxErrors).check(
      TableReader(path: path, options: ReadOptions(chunkSize: 64, lenient: true)))
  }

  static let twoColumns = """
    {"columns": [{"name": "a", "type": "integer", "nullable": false},
                 {"name": "b", "type": "string", "nullable": true}]}
    """

  func testMissingColumn() throws {
    let result = try check("a\n1\n", Self.twoColumns)
    XCTAssertEqual(result.findings.map(\.rule), ["missing-column"])
    XCTAssertEqual(result.findings.first?.column, "b")
    XCTAssertEqual(result.findings.first?.message, "column 'b' is missing")
  }

  func testExtraColumnAndIgnorePolicy() throws {
    let result = try check("a,b,c\n1,x,y\n", Self.twoColumns)
    XCTAssertEqual(result.findings.map(\.rule), ["extra-column"])
    XCTAssertEqual(result.findings.first?.field, 3)
    let ignoring = Self.twoColumns.replacingOccurrences(
      of: "{\"columns\"", with: "{\"column_policy\": {\"extra\": \"ignore\"}, \"columns\"")
    XCTAssertTrue(try check("a,b,c\n1,x,y\n", ignoring).isValid)
  }

  func testColumnOrderOnlyWhenThePolicySaysSo() throws {
    XCTAssertTrue(try check("b,a\nx,1\n", Self.twoColumns).isValid)
    let strict = Self.twoColumns.replacingOccurrences(
      of: "{\"columns\"", with: "{\"column_policy\": {\"order\": \"error\"}, \"columns\"")
    let result = try check("b,a\nx,1\n", strict)
    XCTAssertEqual(result.findings.map(\.rule), ["column-order"])
    XCTAssertEqual(
      result.findings.first?.message,
      "columns are not in the schema's order: found 'b', expected 'a'")
  }

  func testRowCountBounds() throws {
    let bounded = Self.twoColumns.replacingOccurrences(
      of: "{\"columns\"", with: "{\"rows\": {\"min\": 2, \"max\": 3}, \"columns\"")
    XCTAssertEqual(try check("a,b\n1,x\n", bounded).findings.map(\.rule), ["row-count"])
    XCTAssertEqual(
      try check("a,b\n1,x\n2,x\n3,x\n4,x\n", bounded).findings.first?.message,
      "4 rows, more than 3")
    XCTAssertTrue(try check("a,b\n1,x\n2,y\n", bounded).isValid)
  }

  func testMalformedRecordsAreFindingsAndTheScanGoesOn() throws {
    let result = try check("a,b\n1,x\n2,x\"y\n3,x,extra\n4,z\n", Self.twoColumns)
    XCTAssertEqual(result.findings.map(\.rule), ["stray-quote", "field-count"])
    XCTAssertEqual(result.findings.map { $0.line ?? 0 }, [3, 4])
    XCTAssertEqual(result.rows, 2)
    XCTAssertFalse(result.scanStopped)
  }

  func testUnterminatedQuoteStopsTheScanAndSaysSo() throws {
    let result = try check("a,b\n1,x\n2,\"open\n3,z\n", Self.twoColumns)
    XCTAssertEqual(result.findings.map(\.rule), ["unterminated-quote"])
    XCTAssertTrue(result.scanStopped)
    XCTAssertTrue(result.findings.first?.message.hasSuffix("the check stopped here") ?? false)
  }

  func testNullTypeRangeValuesLengthPatternUnique() throws {
    let schema = """
      {"columns": [
        {"name": "n", "type": "integer", "nullable": false, "min": 0, "max": 10, "unique": true},
        {"name": "f", "type": "float", "min": -1.5, "max": 1.5},
        {"name": "c", "type": "string", "values": ["x", "y"]},
        {"name": "s", "type": "string", "min_length": 2, "max_length": 3, "pattern": "[a-z]+"},
        {"name": "t", "type": "boolean"},
        {"name": "d", "type": "datetime"}
      ]}
      """
    let data = """
      n,f,c,s,t,d
      1,0.5,x,ab,true,2024-01-01
      ,0.5,x,ab,true,2024-01-01
      11,2.5,z,a,yes,2024-02-30
      1,-2,y,ABC,false,2024-03-01T10:00:00Z
      x,1,y,abcd,TRUE,2024-03-01 10:00

      """
    let result = try check(data, schema)
    let found = result.findings.map { "\($0.line ?? 0):\($0.field ?? 0):\($0.rule)" }
    XCTAssertEqual(
      found,
      [
        "3:1:null", "4:1:max", "4:2:max", "4:3:values", "4:4:min-length", "4:5:type", "4:6:type",
        "5:1:unique", "5:2:min", "5:4:pattern", "6:1:type", "6:4:max-length",
      ])
    let unique = try XCTUnwrap(result.findings.first { $0.rule == "unique" })
    XCTAssertEqual(unique.message, "value '1' repeats line 2")
    let range = try XCTUnwrap(result.findings.first { $0.rule == "min" })
    XCTAssertEqual(range.message, "value '-2' is below the minimum -1.5")
    XCTAssertEqual(range.expected, ">= -1.5")
  }

  func testSchemaRoundTripsByteForByte() throws {
    let text = """
      {
        "column_policy": {
          "extra": "ignore",
          "missing": "error",
          "order": "error"
        },
        "columns": [
          {
            "description": "kept as written",
            "drift": {
              "method": "ks",
              "threshold": 0.01
            },
            "max": 10,
            "min": 0,
            "name": "n",
            "nullable": false,
            "owner": {
              "team": "data"
            },
            "role": "categorical",
            "type": "integer",
            "unique": false,
            "values": [
              1,
              2
            ]
          }
        ],
        "notes": "top-level keys survive too",
        "rows": {
          "max": 100,
          "min": 1,
          "observed": 50
        },
        "sluice_schema_version": 1
      }

      """
    let schema = try SchemaCodec.decode(Array(text.utf8), file: "s.json")
    XCTAssertEqual(CanonicalJSON.encode(SchemaCodec.encode(schema)), text)
  }

  func testNewerSchemaVersionIsRefused() {
    XCTAssertThrowsError(
      try SchemaCodec.decode(
        Array("{\"sluice_schema_version\": 99, \"columns\": []}".utf8), file: "s.json")
    ) { error in
      XCTAssertEqual(
        (error as? DataError)?.message,
        "s.json: sluice_schema_version: format version 99 is newer than Sluice "
          + "\(sluiceVersion) understands (1); upgrade Sluice"
      )
    }
  }
}
