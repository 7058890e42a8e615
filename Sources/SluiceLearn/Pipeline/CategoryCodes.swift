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

/// A hash table from byte strings to dense codes 0, 1, 2, … in insertion order, keeping the
/// keys' bytes in one arena: `HashSlots` over the keys' `FieldDigest` hashes.
struct ByteKeyTable: Sendable {
  private var slots = [Int32](repeating: 0, count: HashSlots.size(forCapacity: 32))
  private var hashes: [UInt64] = []
  private var keyBytes: [UInt8] = []
  private var keyStarts: [Int] = [0]

  /// The number of distinct keys.
  var count: Int { hashes.count }

  /// The code of `key`, inserting it when new.
  mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> (code: Int32, isNew: Bool) {
    let hash = FieldDigest(key).hash
    let (found, slot) = slots.withUnsafeBufferPointer { slots in
      hashes.withUnsafeBufferPointer { hashes in
        keyBytes.withUnsafeBufferPointer { stored in
          keyStarts.withUnsafeBufferPointer { starts in
            guard let slotBase = slots.baseAddress, let hashBase = hashes.baseAddress else {
              return (Int?.none, HashSlots.home(hash, mask: slots.count - 1))
            }
            // No arena while every key so far is empty: then only an empty key matches.
            let storedBase = stored.baseAddress
            return HashSlots.probe(
              hash, slots: slotBase, mask: slots.count - 1, hashes: hashBase
            ) { code in
              guard starts[code + 1] - starts[code] == key.count else { return false }
              guard let storedBase else { return key.isEmpty }
              return HashSlots.equal(storedBase + starts[code], key)
            }
          }
        }
      }
    }
    if let found { return (Int32(found), false) }
    let code = hashes.count
    hashes.append(hash)
    keyBytes.append(contentsOf: key)
    keyStarts.append(keyBytes.count)
    if 2 * hashes.count > slots.count {
      HashSlots.rebuild(&slots, size: 2 * slots.count, hashes: hashes)
    } else {
      slots[slot] = Int32(code + 1)
    }
    return (Int32(code), true)
  }
}
