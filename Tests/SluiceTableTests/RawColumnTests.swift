import XCTest

@testable import SluiceTable

/// `RawColumn.concatenating`, which joins the chunks' columns when a frame is read.
final class RawColumnTests: XCTestCase {
  private func column(_ fields: [String?]) -> RawColumn {
    var column = RawColumn()
    for field in fields {
      Array((field ?? "").utf8).withUnsafeBufferPointer { column.add($0, isNull: field == nil) }
    }
    return column
  }

  func testConcatenatingKeepsEveryFieldInOrder() {
    let pieces = [column(["a", nil, "ccc"]), column([]), column(["", "dd"]), column([nil])]
    let joined = RawColumn.concatenating(pieces)
    let expected: [String?] = ["a", nil, "ccc", "", "dd", nil]
    XCTAssertEqual(joined.count, expected.count)
    XCTAssertEqual((0..<joined.count).map { joined.string($0) }, expected)
    var merged = RawColumn()
    for piece in pieces { merged.merge(piece) }
    XCTAssertEqual(joined.bytes, merged.bytes)
    XCTAssertEqual(joined.ends, merged.ends)
    XCTAssertEqual(joined.missing, merged.missing)
  }

  func testConcatenatingNothingIsEmpty() {
    XCTAssertEqual(RawColumn.concatenating([]).count, 0)
  }
}
