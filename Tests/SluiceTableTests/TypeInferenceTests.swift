import Foundation
import SluiceCore
import XCTest

@testable import SluiceTable

/// The type lattice, profiles and roles of `TypeInference`.
final class TypeInferenceTests: XCTestCase {
  /// Writes a CSV whose columns are `columns` (name, values; all of one length) and infers it
  /// with one worker and default chunks, and with 4 workers and 64-byte chunks; both must agree.
  private func infer(
    compareDomains: Bool = true, _ columns: [(String, [String])],
    settings: TypeInference.Settings = .init(),
    file: StaticString = #filePath, line: UInt = #line
  ) throws -> [String: InferredColumn] {
    let rows = columns.first?.1.count ?? 0
    var text = columns.map(\.0).joined(separator: ",") + "\n"
    for row in 0..<rows {
      text += columns.map { $0.1[row] }.joined(separator: ",") + "\n"
    }
    let path = try writeTable(text)
    var results: [TypeInference.Result] = []
    for (workers, chunkSize) in [(1, 1 << 21), (4, 64)] {
      let reader = try TableReader(
        path: path, options: ReadOptions(workers: workers, chunkSize: chunkSize))
      results.append(try TypeInference.run(reader, settings: settings))
    }
    for result in results {
      XCTAssertEqual(result.rowCount, rows, file: file, line: line)
      XCTAssertEqual(result.columns.map(\.name), columns.map(\.0), file: file, line: line)
    }
    for (first, second) in zip(results[0].columns, results[1].columns) {
      XCTAssertEqual(first.type, second.type, first.name, file: file, line: line)
      XCTAssertEqual(first.role, second.role, first.name, file: file, line: line)
      XCTAssertEqual(
        first.profile.missing, second.profile.missing, first.name, file: file, line: line)
      if compareDomains && first.type == .string && first.distinctIsExact {
        XCTAssertEqual(
          first.domain(limit: 100), second.domain(limit: 100), first.name, file: file, line: line)
      }
    }
    return Dictionary(uniqueKeysWithValues: results[0].columns.map { ($0.name, $0) })
  }

  func testTypeLattice() throws {
    let columns = try infer(
      compareDomains: false,
      [
        ("ints", ["1", "-5", "42", "0"]),
        ("signed", ["+3", "-0", "7", "9223372036854775807"]),
        ("mixed", ["1", "2.5", "3", "-1e3"]),
        ("floats", ["1.5", "-2e3", ".5", "5."]),
        ("bools", ["true", "False", "TRUE", "false"]),
        ("dates", ["2024-02-29", "2024-01-01T10:00:00Z", "2023-12-31 23:59", "2024-06-01"]),
        ("intstring", ["1", "x", "2", "3"]),
        ("zeros", ["007", "1", "2", "3"]),
        ("allnull", ["", "NA", "", "null"]),
        ("dateint", ["2024-01-01", "5", "2024-01-02", "2024-01-03"]),
        ("boolint", ["true", "1", "false", "0"]),
        ("datestring", ["2024-01-01", "hello", "2024-01-02", "2024-01-03"]),
        ("baddate", ["2024-01-01", "2023-02-29", "2024-01-02", "2024-01-03"]),
        ("boolfloat", ["true", "1.5", "false", "true"]),
        ("huge", ["1", "99999999999999999999", "2", "3"]),
      ])
    let expected: [String: ColumnType] = [
      "ints": .integer, "signed": .integer, "mixed": .float, "floats": .float, "bools": .boolean,
      "dates": .datetime, "intstring": .string, "zeros": .string, "allnull": .string,
      "dateint": .string, "boolint": .string, "datestring": .string, "baddate": .string,
      "boolfloat": .string, "huge": .string,
    ]
    for (name, type) in expected {
      XCTAssertEqual(columns[name]?.type, type, name)
    }
    XCTAssertEqual(columns["allnull"]?.role, .ignored)
    XCTAssertEqual(columns["allnull"]?.profile.missing, 4)
    XCTAssertEqual(columns["allnull"]?.profile.present, 0)
  }

  func testNumericProfile() throws {
    let columns = try infer([
      ("i", ["5", "", "-3", "NA", "10", "7"]),
      ("f", ["2.5", "-1e2", "3", "", "0.125", "NaN"]),
    ])
    let ints = try XCTUnwrap(columns["i"])
    XCTAssertEqual(ints.type, .integer)
    XCTAssertEqual(ints.role, .numeric)
    XCTAssertEqual(ints.profile.count, 6)
    XCTAssertEqual(ints.profile.missing, 2)
    XCTAssertEqual(ints.profile.present, 4)
    XCTAssertEqual(ints.profile.kinds.integers, 4)
    XCTAssertEqual(ints.profile.minimum, -3)
    XCTAssertEqual(ints.profile.maximum, 10)
    XCTAssertEqual(ints.profile.minimumInteger, -3)
    XCTAssertEqual(ints.profile.maximumInteger, 10)
    XCTAssertEqual(ints.distinctCount, 4)
    XCTAssertFalse(ints.isUnique, "a column with nulls is not unique")
    let floats = try XCTUnwrap(columns["f"])
    XCTAssertEqual(floats.type, .float)
    XCTAssertEqual(floats.role, .numeric)
    XCTAssertEqual(floats.profile.missing, 2)
    XCTAssertEqual(floats.profile.kinds.floats, 3)
    XCTAssertEqual(floats.profile.kinds.integers, 1)
    XCTAssertEqual(floats.profile.minimum, -100)
    XCTAssertEqual(floats.profile.maximum, 3)
  }

  func testBooleanAndStringProfiles() throws {
    let columns = try infer([
      ("b", ["true", "False", "TRUE", "", "false"]),
      ("s", ["a", "héllo", "abc", "N/A", "日本"]),
    ])
    let flags = try XCTUnwrap(columns["b"])
    XCTAssertEqual(flags.type, .boolean)
    XCTAssertEqual(flags.role, .categorical)
    XCTAssertEqual(flags.profile.kinds.booleans, 4)
    XCTAssertEqual(flags.profile.trues, 2)
    XCTAssertEqual(flags.profile.missing, 1)
    let strings = try XCTUnwrap(columns["s"])
    XCTAssertEqual(strings.type, .string)
    XCTAssertEqual(strings.profile.missing, 1)
    XCTAssertEqual(strings.profile.minimumLength, 1)
    XCTAssertEqual(strings.profile.maximumLength, 5, "lengths count characters, not bytes")
    XCTAssertEqual(strings.profile.totalLength, 1 + 5 + 3 + 2)
    XCTAssertEqual(strings.domain(limit: 10), ["a", "héllo", "abc", "日本"])
  }

  func testCategoricalDomainKeepsFirstSeenOrderAcrossChunks() throws {
    var values: [String] = []
    for row in 0..<300 {
      if row == 250 {
        values.append("late")
      } else if row < 100 {
        values.append("c\(row % 3)")
      } else {
        values.append("c\(row % 5)")
      }
    }
    let columns = try infer([("colour", values), ("n", (0..<300).map { "\($0 % 7)" })])
    let colour = try XCTUnwrap(columns["colour"])
    XCTAssertEqual(colour.type, .string)
    XCTAssertEqual(colour.role, .categorical)
    XCTAssertEqual(colour.distinctCount, 6)
    XCTAssertTrue(colour.distinctIsExact)
    XCTAssertEqual(colour.domain(limit: 100), ["c0", "c1", "c2", "c3", "c4", "late"])
    XCTAssertNil(colour.domain(limit: 5))
    XCTAssertFalse(colour.isUnique)
    XCTAssertEqual(columns["n"]?.role, .numeric)
  }

  func testStringDomainIncludesValuesSeenBeforeTheFirstPlainString() throws {
    // A column turns out to be a string column only at "hello"; the date, float, boolean and
    // integer values before it are values of the column all the same.
    let values = ["2024-01-01", "1.5", "true", "7", "hello", "2024-01-01", "1.5"]
    let columns = try infer([("size", values)])
    let size = try XCTUnwrap(columns["size"])
    XCTAssertEqual(size.type, .string)
    XCTAssertEqual(size.role, .categorical)
    XCTAssertEqual(size.distinctCount, 5)
    XCTAssertEqual(size.domain(limit: 100), ["2024-01-01", "1.5", "true", "7", "hello"])
    XCTAssertFalse(size.isUnique)
  }

  func testShortRepeatedStringsAreCategorical() throws {
    let columns = try infer([("c", ["red", "blue", "red", "green", "blue"])])
    XCTAssertEqual(columns["c"]?.role, .categorical)
    XCTAssertEqual(columns["c"]?.domain(limit: 100), ["red", "blue", "green"])
  }

  func testUniqueIdentifiersAreKeys() throws {
    let ids = (0..<150).map { "user-\(1000 + $0 * 37)" }
    let repeated = ids.enumerated().map { $0.offset == 149 ? ids[0] : $0.element }
    let withNull = ids.enumerated().map { $0.offset == 75 ? "" : $0.element }
    let columns = try infer([("id", ids), ("repeated", repeated), ("holes", withNull)])
    let key = try XCTUnwrap(columns["id"])
    XCTAssertEqual(key.type, .string)
    XCTAssertTrue(key.isUnique)
    XCTAssertEqual(key.role, .key)
    XCTAssertEqual(key.distinctCount, 150)
    XCTAssertFalse(columns["repeated"]?.isUnique ?? true)
    XCTAssertNotEqual(columns["repeated"]?.role, .key)
    XCTAssertFalse(columns["holes"]?.isUnique ?? true)
    XCTAssertNotEqual(columns["holes"]?.role, .key)
  }

  func testFewUniqueIdentifiersAreCategorical() throws {
    let columns = try infer([("id", (0..<50).map { "u\($0)" })])
    XCTAssertTrue(columns["id"]?.isUnique ?? false)
    XCTAssertEqual(columns["id"]?.role, .categorical)
  }

  func testUniqueIntegersAreNumericAndUnique() throws {
    let columns = try infer([("n", (0..<150).map { "\($0 * 3)" })])
    XCTAssertEqual(columns["n"]?.type, .integer)
    XCTAssertEqual(columns["n"]?.role, .numeric)
    XCTAssertTrue(columns["n"]?.isUnique ?? false)
  }

  func testLongDistinctSentencesAreText() throws {
    let words = ["quick", "brown", "fox", "lazy", "dog", "jumps", "over", "the"]
    let sentences = (0..<150).map { row in
      "the \(words[row % 8]) \(words[(row / 8) % 8]) number \(row) jumps over the fence"
    }
    let columns = try infer([("comment", sentences)])
    XCTAssertEqual(columns["comment"]?.type, .string)
    XCTAssertEqual(columns["comment"]?.role, .text)
  }

  func testShortSpacedValuesAreNotText() throws {
    let columns = try infer([
      ("city", (0..<150).map { ["New York", "San José", "Le Mans"][$0 % 3] })
    ])
    XCTAssertEqual(columns["city"]?.role, .categorical)
    XCTAssertEqual(columns["city"]?.domain(limit: 100), ["New York", "San José", "Le Mans"])
  }

  func testDateTimesAreIgnored() throws {
    let columns = try infer([("when", ["2024-01-01", "2024-01-02T03:04:05Z", "2024-02-29"])])
    XCTAssertEqual(columns["when"]?.type, .datetime)
    XCTAssertEqual(columns["when"]?.role, .ignored)
  }

  func testQuotedNumbersAreStillNumbers() throws {
    let path = try writeTable("n,s\n\"1\",\"NA\"\n\"2.5\",x\n")
    let result = try TypeInference.run(TableReader(path: path, options: ReadOptions()))
    XCTAssertEqual(result.columns[0].type, .float)
    // A quoted "NA" is a value, not a null.
    XCTAssertEqual(result.columns[1].profile.missing, 0)
    XCTAssertEqual(result.columns[1].domain(limit: 10), ["NA", "x"])
  }

  func testMalformedRecordsAreSkippedInLenientMode() throws {
    let path = try writeTable("a,b\n1,2\n3\n4,5\n")
    let reader = try TableReader(path: path, options: ReadOptions(lenient: true))
    let result = try TypeInference.run(reader)
    XCTAssertEqual(result.rowCount, 2)
    XCTAssertEqual(result.columns[0].profile.maximumInteger, 4)
  }

  func testJSONLinesInference() throws {
    let path = try writeTable(
      "{\"a\":1,\"b\":\"x\",\"c\":true}\n{\"a\":2.5,\"b\":null}\n{\"c\":false,\"a\":3}\n",
      name: "t.jsonl")
    let result = try TypeInference.run(TableReader(path: path, options: ReadOptions()))
    XCTAssertEqual(result.rowCount, 3)
    XCTAssertEqual(result.columns.map(\.type), [.float, .string, .boolean])
    XCTAssertEqual(result.columns.map(\.profile.missing), [0, 2, 1])
  }

  func testTypeOfEmptyProfile() {
    XCTAssertEqual(TypeInference.type(of: ColumnProfile(valueLimit: 10)), .string)
  }
}
