import SluiceData
import SluiceTable

/// A column's distinct values and each row's value as a small integer code, found by hashing
/// the field bytes: one String per distinct value, none per row, which is what makes one-hot
/// encoding and label encoding of a million rows cheap.
struct CategoryCodes: Sendable {
  /// Distinct present values, in first-seen order.
  private(set) var values: [String] = []
  /// How often each distinct value occurs.
  private(set) var counts: [Int] = []
  /// Each row's code (an index into `values`), or -1 when the value is missing.
  private(set) var codes: [Int32] = []
  /// Whether some row is missing.
  private(set) var hasMissing = false

  /// Codes every row of `column`.
  init(_ column: RawColumn) {
    var table = ByteKeyTable()
    codes.reserveCapacity(column.count)
    column.bytes.withUnsafeBufferPointer { all in
      var start = 0
      for row in 0..<column.count {
        let end = column.ends[row]
        defer { start = end }
        if column.missing[row] {
          hasMissing = true
          codes.append(-1)
          continue
        }
        let field = UnsafeBufferPointer(rebasing: all[start..<end])
        let (code, isNew) = table.insert(field)
        if isNew {
          values.append(String(decoding: field, as: UTF8.self))
          counts.append(0)
        }
        counts[Int(code)] += 1
        codes.append(code)
      }
    }
  }

  /// `(value, count)` for every distinct value.
  var frequencies: [String: Int] {
    Dictionary(zip(values, counts), uniquingKeysWith: +)
  }
}

/// An open-addressing hash table from byte strings to dense codes 0, 1, 2, … in insertion
/// order, keeping the keys' bytes in one arena.
struct ByteKeyTable: Sendable {
  private var slots = [Int32](repeating: -1, count: 64)
  private var hashes: [UInt64] = []
  private var keyBytes: [UInt8] = []
  private var keyEnds: [Int] = []

  /// The number of distinct keys.
  var count: Int { keyEnds.count }

  /// The code of `key`, inserting it when new.
  mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> (code: Int32, isNew: Bool) {
    let hash = XXHash64.hash(key)
    var mask = slots.count - 1
    var index = Int(truncatingIfNeeded: hash) & mask
    while true {
      let code = slots[index]
      if code < 0 { break }
      if hashes[Int(code)] == hash && equals(Int(code), key) { return (code, false) }
      index = (index + 1) & mask
    }
    let code = Int32(count)
    hashes.append(hash)
    keyBytes.append(contentsOf: key)
    keyEnds.append(keyBytes.count)
    slots[index] = code
    if count * 2 > slots.count {
      grow()
      mask = slots.count - 1
    }
    return (code, true)
  }

  private func equals(_ code: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = code == 0 ? 0 : keyEnds[code - 1]
    let end = keyEnds[code]
    guard end - start == key.count else { return false }
    return keyBytes.withUnsafeBufferPointer { stored in
      var offset = 0
      while offset < key.count {
        if stored[start + offset] != key[offset] { return false }
        offset += 1
      }
      return true
    }
  }

  private mutating func grow() {
    var larger = [Int32](repeating: -1, count: slots.count * 2)
    let mask = larger.count - 1
    for code in 0..<count {
      var index = Int(truncatingIfNeeded: hashes[code]) & mask
      while larger[index] >= 0 { index = (index + 1) & mask }
      larger[index] = Int32(code)
    }
    slots = larger
  }
}
