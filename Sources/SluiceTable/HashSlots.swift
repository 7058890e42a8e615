#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Sluice's one open-addressing hash table, as the pieces its tables share: linear probing in
/// a power-of-two array of slots kept at most half full, each slot holding an entry number.
///
/// Entries are numbered 0, 1, 2, … in insertion order and live in the caller's arrays (a
/// 64-bit hash per entry, plus whatever else the table keeps: bytes, counts), so iterating
/// entries is deterministic and independent of the slot layout. A slot holds entry + 1, 0
/// when free. Growing or removing entries rebuilds the slots from the entries' hashes
/// (`rebuild`): there are no tombstones. `HashSet64` (hashes alone), `FrequentItemTable`
/// (byte strings with counts, bounded) and `ByteKeyTable` (byte strings to dense codes) are
/// thin layers over these functions.
public enum HashSlots {
  /// The fewest slots a table has.
  public static let minimumSize = 8

  /// The number of slots for up to `capacity` entries at most half full: a power of two.
  public static func size(forCapacity capacity: Int) -> Int {
    var size = minimumSize
    while size < 2 * capacity { size <<= 1 }
    return size
  }

  /// The first slot probed for `hash`. High bits are folded in so that hashes which share
  /// their low bits (a sample filtered on them) still spread.
  @inlinable @inline(__always)
  public static func home(_ hash: UInt64, mask: Int) -> Int {
    Int(truncatingIfNeeded: hash ^ (hash &>> 32)) & mask
  }

  /// The entry whose hash is `hash` and for which `matches(entry)` holds, nil when none.
  /// `matches` is called only for entries with an equal hash (for byte keys: compare bytes).
  @inlinable @inline(__always)
  public static func find(
    _ hash: UInt64, slots: UnsafePointer<Int32>, mask: Int, hashes: UnsafePointer<UInt64>,
    matches: (Int) -> Bool
  ) -> Int? {
    probe(hash, slots: slots, mask: mask, hashes: hashes, matches: matches).entry
  }

  /// `find`'s probe, which also gives the free slot it stopped at when the entry is absent:
  /// where a new entry with this hash goes (unless the slots are rebuilt first).
  @inlinable @inline(__always)
  public static func probe(
    _ hash: UInt64, slots: UnsafePointer<Int32>, mask: Int, hashes: UnsafePointer<UInt64>,
    matches: (Int) -> Bool
  ) -> (entry: Int?, slot: Int) {
    var slot = home(hash, mask: mask)
    while true {
      let marker = Int(slots[slot])
      if marker == 0 { return (nil, slot) }
      let entry = marker - 1
      if hashes[entry] == hash && matches(entry) { return (entry, slot) }
      slot = (slot + 1) & mask
    }
  }

  /// Puts `entry`, whose hash is `hash`, in the first free slot from the hash's home; the
  /// caller keeps the slots at most half full, so there is one.
  @inlinable @inline(__always)
  public static func place(
    _ entry: Int, hash: UInt64, slots: UnsafeMutablePointer<Int32>, mask: Int
  ) {
    var slot = home(hash, mask: mask)
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = Int32(truncatingIfNeeded: entry + 1)
  }

  /// Clears the `size` slots and places entries `0..<count` by their `hashes`: after the
  /// slots grew, or after entries were removed and the rest renumbered.
  public static func rebuild(
    _ slots: UnsafeMutablePointer<Int32>, size: Int, hashes: UnsafePointer<UInt64>, count: Int
  ) {
    slots.update(repeating: 0, count: size)
    for entry in 0..<count { place(entry, hash: hashes[entry], slots: slots, mask: size - 1) }
  }

  /// `rebuild` for slots kept in an array, resized to `size`.
  public static func rebuild(_ slots: inout [Int32], size: Int, hashes: [UInt64]) {
    if slots.count != size { slots = [Int32](repeating: 0, count: size) }
    slots.withUnsafeMutableBufferPointer { slots in
      hashes.withUnsafeBufferPointer { hashes in
        guard let slotBase = slots.baseAddress, let hashBase = hashes.baseAddress else { return }
        rebuild(slotBase, size: size, hashes: hashBase, count: hashes.count)
      }
    }
  }

  /// Whether the `bytes.count` bytes at `stored` equal `bytes` (a byte-keyed table's
  /// `matches`); short keys, the usual case, are compared a word at a time without a call.
  @inlinable @inline(__always)
  public static func equal(_ stored: UnsafePointer<UInt8>, _ bytes: UnsafeBufferPointer<UInt8>)
    -> Bool
  {
    guard let base = bytes.baseAddress else { return true }
    let count = bytes.count
    if count > 16 { return memcmp(stored, base, count) == 0 }
    var index = 0
    let left = UnsafeRawPointer(stored)
    let right = UnsafeRawPointer(base)
    while index + 8 <= count {
      if left.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        != right.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      {
        return false
      }
      index += 8
    }
    while index < count {
      if stored[index] != base[index] { return false }
      index += 1
    }
    return true
  }
}
