import Foundation
import SluiceCore
import XCTest

@testable import SluiceTable

/// Reads every csv-spectrum case and compares the raw fields with the expected JSON.
///
/// Two quirks of the fixture set are handled here rather than by editing the fixtures:
/// - the `*_crlf.csv` files of this copy hold LF line ends (their CRs were lost), so every
///   case is read twice: as stored, and with every LF turned into CRLF (which restores the
///   upstream files); the expected values get the same line ends;
/// - `location_coordinates.json` is a single object rather than an array, and its
///   "Contact Phone Number" (1234567890) disagrees with the CSV (2095257564); the erratum
///   below records that the CSV is right. Its CSV also has bare `"` inside unquoted fields
///   (`37°36'37.8"N`), which RFC 4180 forbids and Sluice rejects as a stray quote: the case is
///   read with quoting off, and the strict read is checked to fail at the exact byte.
final class CSVSpectrumTests: XCTestCase {
  /// Expected values the fixture JSON gets wrong: (case, row, column) → value in the CSV.
  private let errata: [String: [(row: Int, column: String, value: String)]] = [
    "location_coordinates": [(0, "Contact Phone Number", "2095257564")]
  ]

  /// Cases with quotes inside unquoted fields, read with quoting off.
  private let unquoted: Set<String> = ["location_coordinates"]

  private func spectrumDirectory() throws -> URL {
    let fixtures = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return fixtures.appendingPathComponent("csv-spectrum", isDirectory: true)
  }

  private func caseNames() throws -> [String] {
    let csvs = try spectrumDirectory().appendingPathComponent("csvs", isDirectory: true)
    return try FileManager.default.contentsOfDirectory(atPath: csvs.path)
      .filter { $0.hasSuffix(".csv") }
      .map { String($0.dropLast(4)) }
      .sorted()
  }

  /// The expected rows of one case, as column → raw field text, with LF line ends.
  private func expectedRows(_ name: String) throws -> [[String: String]] {
    let url = try spectrumDirectory().appendingPathComponent("json/\(name).json")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    let objects: [[String: Any]]
    if let array = json as? [[String: Any]] {
      objects = array
    } else {
      objects = [try XCTUnwrap(json as? [String: Any], "\(name).json: not an object or array")]
    }
    var rows = try objects.map { object in
      try object.mapValues { value in
        try XCTUnwrap(value as? String, "\(name).json: non-string value \(value)")
          .replacingOccurrences(of: "\r\n", with: "\n")
      }
    }
    for erratum in errata[name] ?? [] {
      rows[erratum.row][erratum.column] = erratum.value
    }
    return rows
  }

  func testFixtureSetIsComplete() throws {
    let names = try caseNames()
    XCTAssertEqual(names.count, 12, "\(names)")
    for name in names {
      XCTAssertNoThrow(try expectedRows(name), name)
    }
  }

  func testEveryCaseMatchesItsJSON() throws {
    let csvs = try spectrumDirectory().appendingPathComponent("csvs", isDirectory: true)
    for name in try caseNames() {
      let stored = try [UInt8](Data(contentsOf: csvs.appendingPathComponent("\(name).csv")))
      let lf = stored.filter { $0 != 0x0D }
      var crlf: [UInt8] = []
      for byte in lf {
        if byte == 0x0A { crlf.append(0x0D) }
        crlf.append(byte)
      }
      let rows = try expectedRows(name)
      let variants: [(label: String, bytes: [UInt8], lineEnd: String)] = [
        ("LF", lf, "\n"), ("CRLF", crlf, "\r\n"),
      ]
      for variant in variants {
        let path = try writeTable(variant.bytes, name: "\(name).csv")
        let expected = rows.map {
          $0.mapValues { $0.replacingOccurrences(of: "\n", with: variant.lineEnd) }
        }
        for config in readConfigurations {
          let options = ReadOptions(
            quote: unquoted.contains(name) ? .some(nil) : nil, workers: config.workers,
            chunkSize: config.chunkSize)
          let label =
            "\(name) \(variant.label) \(config.mode) chunk \(config.chunkSize) workers \(config.workers)"
          let (columns, records) = try readRecords(path, options, mode: config.mode)
          let actual = records.map { record in
            Dictionary(uniqueKeysWithValues: zip(columns, record.fields))
          }
          XCTAssertEqual(Set(columns), Set(rows.first?.keys.map { $0 } ?? []), label)
          XCTAssertEqual(actual, expected, label)
        }
      }
      // The file as stored is read the same way straight from the bundle.
      let (_, records) = try readRecords(
        csvs.appendingPathComponent("\(name).csv").path,
        ReadOptions(quote: unquoted.contains(name) ? .some(nil) : nil))
      XCTAssertEqual(records.count, rows.count, name)
    }
  }

  func testBareQuoteInLocationCoordinatesIsAStrayQuoteWhenQuoting() throws {
    let path = try spectrumDirectory().appendingPathComponent("csvs/location_coordinates.csv").path
    for mode in [ReadMode.sequential, .parallel] {
      let error = try XCTUnwrap(readError(path, ReadOptions(chunkSize: 16), mode: mode))
      XCTAssertEqual(error.kind, .strayQuote)
      XCTAssertEqual(error.location?.line, 2)
      XCTAssertEqual(error.location?.column, 2)
      XCTAssertEqual(error.location?.byteOffset, 81)
    }
  }

  func testHeaderOrderFollowsTheFile() throws {
    let csvs = try spectrumDirectory().appendingPathComponent("csvs", isDirectory: true)
    let reader = try TableReader(
      path: csvs.appendingPathComponent("comma_in_quotes.csv").path, options: ReadOptions())
    XCTAssertEqual(reader.columns, ["first", "last", "address", "city", "zip"])
    XCTAssertEqual(reader.format, .csv)
  }
}
