import SluiceCore
import XCTest

@testable import SluiceTable

final class HashSlotsTests: XCTestCase {
  func testHashSetAgreesWithTheStandardSetThroughGrowth() {
    var random = SplitRandom(seed: 21)
    var set = HashSet64()
    var reference = Set<UInt64>()
    var order: [UInt64] = []
    // Few distinct values, so most inserts are repeats; 0 is an ordinary hash.
    for step in 0..<100_000 {
      let hash = step % 7 == 0 ? UInt64(step % 5) : random.next() % 60_000
      let inserted = set.insert(hash)
      XCTAssertEqual(inserted, reference.insert(hash).inserted)
      if inserted { order.append(hash) }
    }
    XCTAssertEqual(set.count, reference.count)
    XCTAssertTrue(set.contains(0))
    XCTAssertEqual(set.elements, order, "elements come in insertion order")
    for probe in 0..<1000 {
      XCTAssertEqual(set.contains(UInt64(probe)), reference.contains(UInt64(probe)))
    }
  }

  func testHashesThatShareTheirHomeSlotProbeToTheEnd() {
    // (x << 32) | x folds to 0: every hash starts at slot 0, one chain through all of them.
    var set = HashSet64(capacity: 4)
    let hashes = (1...3000).map { UInt64($0) << 32 | UInt64($0) }
    for hash in hashes { XCTAssertTrue(set.insert(hash)) }
    for hash in hashes { XCTAssertFalse(set.insert(hash)) }
    XCTAssertEqual(set.count, 3000)
    XCTAssertFalse(set.contains(3001 << 32 | 3001))
    XCTAssertEqual(set.elements, hashes)
  }

  func testEmptySetHoldsNothing() {
    let set = HashSet64()
    XCTAssertEqual(set.count, 0)
    XCTAssertFalse(set.contains(0))
    XCTAssertEqual(set.elements, [])
  }

  /// A byte-keyed table built on the shared functions, every key with the same hash: the
  /// `matches` closure alone tells keys apart, and a rebuild keeps them findable.
  func testEqualHashesAreToldApartByTheirKeysAcrossRebuilds() {
    let keys = (0..<200).map { Array("key-\($0)-\(String(repeating: "x", count: $0 % 40))".utf8) }
    var slots = [Int32](repeating: 0, count: HashSlots.size(forCapacity: 4))
    var hashes: [UInt64] = []
    func find(_ key: [UInt8]) -> Int? {
      slots.withUnsafeBufferPointer { slots in
        hashes.withUnsafeBufferPointer { stored in
          key.withUnsafeBufferPointer { key in
            guard let base = slots.baseAddress, let hashBase = stored.baseAddress else {
              return nil
            }
            return HashSlots.find(42, slots: base, mask: slots.count - 1, hashes: hashBase) {
              keys[$0].withUnsafeBufferPointer { candidate in
                candidate.count == key.count
                  && (candidate.baseAddress.map { HashSlots.equal($0, key) } ?? key.isEmpty)
              }
            }
          }
        }
      }
    }
    for (index, key) in keys.enumerated() {
      XCTAssertNil(find(key))
      hashes.append(42)
      let size = HashSlots.size(forCapacity: hashes.count)
      HashSlots.rebuild(&slots, size: size, hashes: hashes)
      XCTAssertEqual(find(key), index)
    }
    for (index, key) in keys.enumerated() { XCTAssertEqual(find(key), index) }
    XCTAssertNil(find(Array("key-7".utf8)))
  }

  func testSizesArePowersOfTwoAtMostHalfFull() {
    var cases = 0
    for capacity in [0, 1, 3, 4, 5, 100, 1 << 16] {
      let size = HashSlots.size(forCapacity: capacity)
      XCTAssertEqual(size & (size - 1), 0)
      XCTAssertGreaterThanOrEqual(size, 2 * capacity)
      XCTAssertGreaterThanOrEqual(size, HashSlots.minimumSize)
      cases += 1
    }
    XCTAssertEqual(cases, 7)
  }

  func testEqualComparesEveryByteOfShortAndLongKeys() {
    var cases = 0
    for length in [1, 7, 8, 9, 15, 16, 17, 40] {
      let key = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) }
      for changed in [nil] + (0..<length).map(Optional.some) {
        var other = key
        if let changed { other[changed] ^= 0x20 }
        let equal = key.withUnsafeBufferPointer { key in
          other.withUnsafeBufferPointer { other in
            other.baseAddress.map { HashSlots.equal($0, key) } ?? false
          }
        }
        XCTAssertEqual(
          equal, changed == nil, "length \(length), byte \(String(describing: changed))")
        cases += 1
      }
    }
    XCTAssertEqual(cases, 121)
  }
}
