import Foundation
import SluiceCore
import SluiceTable
import XCTest

@testable import SluiceData

/// Type inference (`ColumnProfile`) and profiling (`ColumnProfiler`) count on one
/// `ValueTally`: the same table gives them the same counts, chunked or not.
final class OneColumnTallyTests: XCTestCase {
  private let table = """
    i,f,b,d,s,mixed,big
    1,1.5,true,2024-01-01,a b,1,1
    -7,,false,2024-02-01,"caf\u{e9}",x,1e400
    ,2e3,true,,longer text here,2.5,x
    42,0.25,,2024-03-01T10:00:00,,true,3

    """

  private func write() throws -> String {
    let directory = NSTemporaryDirectory() + "sluice-tally-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/d.csv"
    try table.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  private func counts(_ tally: ValueTally) -> [Int] {
    [
      tally.count, tally.missing, tally.present, tally.kinds.booleans, tally.kinds.integers,
      tally.kinds.floats, tally.kinds.datetimes, tally.kinds.strings, tally.trues,
      tally.minimumLength, tally.maximumLength, tally.totalLength, tally.spaced,
    ]
  }

  func testInferenceAndProfilingCountTheSame() throws {
    let path = try write()
    var compared = 0
    for chunkSize in [64, 1 << 20] {
      let options = ReadOptions(chunkSize: chunkSize)
      let reader = try TableReader(path: path, options: options)
      let inferred = try reader.accumulateColumns(
        Array(repeating: ColumnProfile(valueLimit: 10), count: reader.columns.count))
      let profiled = try TableReader(path: path, options: options).accumulateColumns(
        Array(repeating: ColumnProfiler(), count: reader.columns.count))
      XCTAssertEqual(inferred.rows, 4)
      for (first, second) in zip(inferred.columns, profiled.columns) {
        XCTAssertEqual(counts(first.tally), counts(second.tally), "chunk \(chunkSize)")
        XCTAssertEqual(first.kinds.type, second.type)
        compared += 1
      }
      // i: 3 integers and a missing value; s: strings, 2 of them with a space, é one character.
      XCTAssertEqual(counts(inferred.columns[0].tally), [4, 1, 3, 0, 3, 0, 0, 0, 0, 1, 2, 5, 0])
      XCTAssertEqual(
        counts(inferred.columns[4].tally), [4, 1, 3, 0, 0, 0, 0, 3, 0, 3, 16, 23, 2])
      // big: 1e400 is neither a number nor a string (how 3 counts depends on whether the
      // string x came before it in its chunk); the column's strings make 1e400 no error.
      XCTAssertEqual(inferred.columns[6].kinds.total, 3)
      XCTAssertEqual(inferred.columns[6].kinds.strings + inferred.columns[6].kinds.integers, 3)
      XCTAssertNil(inferred.columns[6].valueError)
    }
    XCTAssertEqual(compared, 14)
  }

  func testANumberTooLargeStopsBothPassesAtTheSamePlace() throws {
    let directory = NSTemporaryDirectory() + "sluice-tally-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/n.csv"
    try "n\n1\n2\n1e400\n3\n".write(toFile: path, atomically: true, encoding: .utf8)
    var errors: [TableError] = []
    do {
      _ = try TableReader(path: path).accumulateColumns([ColumnProfile(valueLimit: 10)])
    } catch let error as TableError { errors.append(error) }
    do {
      _ = try TableReader(path: path).accumulateColumns([ColumnProfiler()])
    } catch let error as TableError { errors.append(error) }
    XCTAssertEqual(errors.count, 2)
    XCTAssertEqual(errors.first?.message, errors.last?.message)
    XCTAssertEqual(errors.first?.location, errors.last?.location)
    XCTAssertEqual(errors.first?.location?.line, 4)
  }

  /// Whether a column reads as numbers under `--decimal ,` (the warning of infer, profile and
  /// train) is the same for both passes and any chunking, a string without the shape
  /// anywhere in the column (first chunk or last) ruling it out.
  func testDecimalCommaVerdictIsTheSameForBothPassesAndAnyChunking() throws {
    let directory = NSTemporaryDirectory() + "sluice-tally-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/c.csv"
    var text = "comma,digits,early,late,exponent,plain\n"
    for row in 0..<200 {
      let early = row == 3 ? "x" : "\"\(row),5\""
      let late = row == 190 ? "1.5.1" : "\"-\(row),25\""
      text += "\"\(row),\(row % 10)\",\(row),\(early),\(late),\"\(row),0e-3\",n\(row)\n"
    }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let expected = [true, false, false, false, true, false]
    for chunkSize in [64, 4096, 1 << 20] {
      let options = ReadOptions(chunkSize: chunkSize)
      let inferred = try TableReader(path: path, options: options).accumulateColumns(
        Array(repeating: ColumnProfile(valueLimit: 10), count: 6))
      let profiled = try TableReader(path: path, options: options).accumulateColumns(
        Array(repeating: ColumnProfiler(), count: 6))
      XCTAssertEqual(inferred.columns.map(\.looksLikeDecimalComma), expected, "\(chunkSize)")
      XCTAssertEqual(profiled.columns.map(\.looksLikeDecimalComma), expected, "\(chunkSize)")
    }
  }
}
