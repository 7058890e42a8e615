import Foundation
import XCTest

@testable import SluiceTable

/// `Frame.read` on a file of known size reserves each column from the first chunk and appends
/// the chunks as they come (issue 12). The estimate is only a size: a first chunk of shorter
/// or longer records than the rest, or a file shorter than its first chunk suggests, must
/// still give every field, in order.
final class WideFrameReadTests: XCTestCase {
  private func read(_ csv: String, chunkSize: Int) throws -> Frame {
    let path = NSTemporaryDirectory() + "sluice-wide-frame-\(UUID().uuidString).csv"
    try csv.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    var options = ReadOptions()
    options.chunkSize = chunkSize
    options.workers = 2
    return try Frame.read(TableReader(path: path, options: options))
  }

  /// Rows whose fields grow (or shrink) along the file, some missing.
  private func table(rows: Int, growing: Bool) -> (csv: String, cells: [[String?]]) {
    var csv = "a,b,c\n"
    var cells: [[String?]] = []
    for row in 0..<rows {
      let width = growing ? 1 + row / 7 : 1 + (rows - row) / 7
      let a = String(repeating: "x", count: width)
      let b: String? = row % 5 == 0 ? nil : "\(row)"
      let c = "\(row * 3)" + String(repeating: "y", count: width / 2)
      csv += "\(a),\(b ?? ""),\(c)\n"
      cells.append([a, b, c])
    }
    return (csv, cells)
  }

  func testEveryFieldInOrderWhateverTheFirstChunkSuggests() throws {
    for growing in [true, false] {
      let (csv, cells) = table(rows: 400, growing: growing)
      for chunkSize in [64, 300, 1 << 20] {
        let frame = try read(csv, chunkSize: chunkSize)
        XCTAssertEqual(frame.rows, cells.count)
        XCTAssertEqual(frame.lines, Array(2...(cells.count + 1)))
        for column in 0..<3 {
          let got = (0..<frame.rows).map { frame.columns[column].string($0) }
          XCTAssertEqual(got, cells.map { $0[column] }, "column \(column), chunk \(chunkSize)")
        }
      }
    }
  }
}
