import XCTest

@testable import SluiceLearn

/// `ByteKeyTable`, the category coder's `HashSlots` layer: codes in first-seen order through
/// growth, the empty key a key like any other.
final class ByteKeyTableTests: XCTestCase {
  private func insert(_ key: [UInt8], into table: inout ByteKeyTable) -> (Int32, Bool) {
    key.withUnsafeBufferPointer { table.insert($0) }
  }

  func testCodesAreDenseInFirstSeenOrderThroughGrowth() {
    var table = ByteKeyTable()
    var expected: [String: Int32] = [:]
    var inserts = 0
    // Keys repeat with a period, so every round after the first finds them all again; the
    // empty key and keys that are prefixes of others are among them.
    for round in 0..<3 {
      for index in 0..<5000 {
        let text = index == 0 ? "" : String(index % 2500) + (index < 2500 ? "" : "x")
        let (code, isNew) = insert(Array(text.utf8), into: &table)
        if let known = expected[text] {
          XCTAssertEqual(code, known, text)
          XCTAssertFalse(isNew, text)
        } else {
          XCTAssertEqual(round, 0)
          XCTAssertTrue(isNew, text)
          XCTAssertEqual(Int(code), expected.count, text)
          expected[text] = code
        }
        inserts += 1
      }
    }
    XCTAssertEqual(inserts, 15_000)
    XCTAssertEqual(table.count, expected.count)
    XCTAssertEqual(table.count, 5000)
  }

  func testOnlyEmptyKeysSoFarStillTellAKeyApart() {
    var table = ByteKeyTable()
    XCTAssertEqual(insert([], into: &table).0, 0)
    XCTAssertEqual(insert([], into: &table).1, false)
    XCTAssertEqual(insert(Array("a".utf8), into: &table).0, 1)
    XCTAssertEqual(insert(Array("a".utf8), into: &table).1, false)
    XCTAssertEqual(table.count, 2)
  }
}
