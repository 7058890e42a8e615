#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The counters of `FrequentItems`: an open-addressing table from (hash, bytes) to a count,
/// with every item's bytes kept once in a shared arena.
///
/// Sized once for the most entries it may hold, so adds never allocate except to append new
/// bytes to the arena; removing entries rebuilds the table and arena into spare buffers that
/// are reused from then on.
struct FrequentItemTable: Sendable {
  private(set) var hashes: [UInt64] = []
  private(set) var counts: [Int] = []
  private var starts: [Int] = []
  private var lengths: [Int] = []
  private var arena: [UInt8] = []
  private var spareArena: [UInt8] = []
  /// Entry index + 1 per slot, 0 when free; at most half full.
  private var slots: [Int32]
  private let mask: Int
  /// The most entries the table accepts.
  let limit: Int

  /// A table for up to `limit` entries.
  init(limit: Int) {
    self.limit = limit
    var size = 8
    while size < 2 * limit { size <<= 1 }
    slots = [Int32](repeating: 0, count: size)
    mask = size - 1
    hashes.reserveCapacity(limit)
    counts.reserveCapacity(limit)
    starts.reserveCapacity(limit)
    lengths.reserveCapacity(limit)
  }

  /// Number of entries.
  var count: Int { counts.count }

  /// Whether no more entries fit.
  var isFull: Bool { counts.count >= limit }

  /// The bytes of entry `entry`.
  func bytes(_ entry: Int) -> ArraySlice<UInt8> {
    arena[starts[entry]..<(starts[entry] + lengths[entry])]
  }

  /// The entry holding `bytes` (whose XXH64 is `hash`), if any.
  @inline(__always)
  func find(_ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let marker = Int(slots[slot])
      if marker == 0 { return nil }
      let entry = marker - 1
      if hashes[entry] == hash && lengths[entry] == bytes.count && equal(entry, bytes) {
        return entry
      }
      slot = (slot + 1) & mask
    }
  }

  @inline(__always)
  private func equal(_ entry: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return true }
    let start = starts[entry]
    return arena.withUnsafeBufferPointer { stored in
      guard let storedBase = stored.baseAddress else { return false }
      return memcmp(storedBase + start, base, bytes.count) == 0
    }
  }

  /// Adds `amount` to entry `entry`.
  @inline(__always)
  mutating func increment(_ entry: Int, by amount: Int) {
    counts[entry] += amount
  }

  /// Adds a new entry; the caller checked it is absent and the table is not full.
  mutating func insert(_ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, count: Int) {
    let entry = counts.count
    hashes.append(hash)
    counts.append(count)
    starts.append(arena.count)
    lengths.append(bytes.count)
    arena.append(contentsOf: bytes)
    place(entry)
  }

  private mutating func place(_ entry: Int) {
    var slot = Int(truncatingIfNeeded: hashes[entry]) & mask
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = Int32(entry + 1)
  }

  /// Subtracts `amount` from every count and drops the entries that reach zero or less.
  mutating func subtract(_ amount: Int) {
    var kept = 0
    spareArena.removeAll(keepingCapacity: true)
    for entry in 0..<counts.count where counts[entry] > amount {
      let start = starts[entry]
      let length = lengths[entry]
      hashes[kept] = hashes[entry]
      counts[kept] = counts[entry] - amount
      starts[kept] = spareArena.count
      lengths[kept] = length
      spareArena.append(contentsOf: arena[start..<(start + length)])
      kept += 1
    }
    let removed = counts.count - kept
    hashes.removeLast(removed)
    counts.removeLast(removed)
    starts.removeLast(removed)
    lengths.removeLast(removed)
    swap(&arena, &spareArena)
    for slot in slots.indices { slots[slot] = 0 }
    for entry in 0..<kept { place(entry) }
  }
}
