import SluiceTable

/// Counts values by 64-bit hash in an open-addressing table, keeping each value's text once;
/// gives up (returns false) past a limit of distinct values.
struct CategoryCounter: Sendable {
  private var keys: [UInt64]
  private var slotsToEntry: [Int32]
  private var mask: Int
  /// Values in first-seen order, with their counts.
  private(set) var values: [String] = []
  private(set) var counts: [Int] = []
  private var entryHashes: [UInt64] = []

  init() {
    keys = [UInt64](repeating: 0, count: 64)
    slotsToEntry = [Int32](repeating: 0, count: 64)
    mask = 63
  }

  /// Distinct values held.
  var count: Int { values.count }

  /// Counts `bytes` (with its `hash`) `times` times; false when that would pass `limit`.
  @inline(__always)
  mutating func add(_ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, times: Int = 1, limit: Int)
    -> Bool
  {
    let key = hash == 0 ? 1 : hash
    var index = Int(truncatingIfNeeded: key >> 7) & mask
    while true {
      let slot = keys[index]
      if slot == key {
        counts[Int(slotsToEntry[index])] += times
        return true
      }
      if slot == 0 { break }
      index = (index + 1) & mask
    }
    guard values.count < limit else { return false }
    keys[index] = key
    slotsToEntry[index] = Int32(values.count)
    values.append(String(decoding: bytes, as: UTF8.self))
    counts.append(times)
    entryHashes.append(key)
    if values.count * 2 > keys.count { grow() }
    return true
  }

  /// Adds every count of `other`; false when the union passes `limit`.
  mutating func merge(_ other: CategoryCounter, limit: Int) -> Bool {
    for entry in other.values.indices {
      let ok = Array(other.values[entry].utf8).withUnsafeBufferPointer {
        add(other.entryHashes[entry], $0, times: other.counts[entry], limit: limit)
      }
      if !ok { return false }
    }
    return true
  }

  private mutating func grow() {
    let size = keys.count * 2
    keys = [UInt64](repeating: 0, count: size)
    slotsToEntry = [Int32](repeating: 0, count: size)
    mask = size - 1
    for (entry, key) in entryHashes.enumerated() {
      var index = Int(truncatingIfNeeded: key >> 7) & mask
      while keys[index] != 0 { index = (index + 1) & mask }
      keys[index] = key
      slotsToEntry[index] = Int32(entry)
    }
  }
}
