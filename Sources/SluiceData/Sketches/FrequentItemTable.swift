import SluiceTable

/// The counters of `FrequentItems`: a `HashSlots` table from (hash, bytes) to a count, with
/// every item's bytes kept once in a shared arena.
///
/// An empty table allocates nothing (it shares one empty storage); the first entry gets room
/// for a few, doubled as entries arrive up to `limit`, so a column of 20 values holds 20
/// entries, not `limit`. Removing entries rebuilds the table and arena into a spare arena
/// that is reused from then on. The buffers live in one uniquely owned object, copied on the
/// first write after the table itself was copied: an add costs one ownership check, not one
/// per buffer.
struct FrequentItemTable: Sendable {
  private var storage: Storage
  /// The most entries the table accepts.
  let limit: Int

  /// Entries a table gets room for at its first entry.
  static let initialCapacity = 8

  /// A table for up to `limit` entries.
  init(limit: Int) {
    self.limit = limit
    storage = Storage.empty
  }

  /// Number of entries.
  var count: Int { storage.count }

  /// Whether no more entries fit.
  var isFull: Bool { storage.count >= limit }

  /// The count of entry `entry`.
  @inline(__always)
  func tally(_ entry: Int) -> Int { storage.counts[entry] }

  /// The hash of entry `entry`.
  func hash(_ entry: Int) -> UInt64 { storage.hashes[entry] }

  /// The counts of all entries, in entry order.
  var counts: UnsafeBufferPointer<Int> { UnsafeBufferPointer(start: storage.counts, count: count) }

  /// The bytes of entry `entry`, valid until the table is next changed.
  func bytes(_ entry: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: storage.arena + storage.starts[entry], count: storage.lengths[entry])
  }

  /// The entry holding `bytes` (whose hash is `hash`), if any.
  @inline(__always)
  func find(_ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let table = storage
    return HashSlots.find(hash, slots: table.slots, mask: table.mask, hashes: table.hashes) {
      table.lengths[$0] == bytes.count && HashSlots.equal(table.arena + table.starts[$0], bytes)
    }
  }

  /// Adds `amount` to entry `entry` of a table made unique by `makeUnique` and not copied
  /// since.
  @inline(__always)
  func incrementUnique(_ entry: Int, by amount: Int) {
    storage.counts[entry] += amount
  }

  /// Adds a new entry to a table made unique by `makeUnique` and not copied since; the caller
  /// checked it is absent and the table is not full.
  @inline(__always)
  mutating func insertUnique(_ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, count: Int) {
    if storage.count == storage.capacity {
      let grown = Swift.min(limit, Swift.max(Self.initialCapacity, 2 * storage.capacity))
      storage = storage.copy(capacity: grown)
    }
    storage.append(hash, bytes, count: count)
  }

  /// Subtracts `amount` from every count and drops the entries that reach zero or less.
  mutating func subtract(_ amount: Int) {
    guard storage.count > 0 else { return }
    makeUnique()
    storage.subtract(amount)
  }

  /// Gives this table its own buffers if it shares them with a copy (an empty table needs
  /// none: its first insert allocates).
  @inline(__always)
  mutating func makeUnique() {
    if storage.capacity > 0 && !isKnownUniquelyReferenced(&storage) {
      storage = storage.copy(capacity: storage.capacity)
    }
  }

  /// The table's buffers, with room for `capacity` entries.
  final class Storage: @unchecked Sendable {
    /// The storage of every empty table: no room, never written (an insert replaces it).
    static let empty = Storage(capacity: 0)

    let capacity: Int
    let mask: Int
    var count = 0
    let hashes: UnsafeMutablePointer<UInt64>
    let counts: UnsafeMutablePointer<Int>
    let starts: UnsafeMutablePointer<Int>
    let lengths: UnsafeMutablePointer<Int>
    /// Entry index + 1 per slot, 0 when free; at most half full.
    let slots: UnsafeMutablePointer<Int32>
    var arena: UnsafeMutablePointer<UInt8>
    var arenaCount = 0
    var arenaCapacity: Int
    var spare: UnsafeMutablePointer<UInt8>
    var spareCapacity = 0

    init(capacity: Int) {
      self.capacity = capacity
      let size = capacity == 0 ? 1 : HashSlots.size(forCapacity: capacity)
      mask = size - 1
      hashes = .allocate(capacity: capacity)
      counts = .allocate(capacity: capacity)
      starts = .allocate(capacity: capacity)
      lengths = .allocate(capacity: capacity)
      slots = .allocate(capacity: size)
      slots.initialize(repeating: 0, count: size)
      arenaCapacity = 16 * capacity
      arena = .allocate(capacity: arenaCapacity)
      spare = .allocate(capacity: 0)
    }

    deinit {
      hashes.deallocate()
      counts.deallocate()
      starts.deallocate()
      lengths.deallocate()
      slots.deallocate()
      arena.deallocate()
      spare.deallocate()
    }

    /// A copy with room for `capacity` (at least `count`) entries.
    func copy(capacity: Int) -> Storage {
      let twin = Storage(capacity: capacity)
      twin.count = count
      twin.hashes.update(from: hashes, count: count)
      twin.counts.update(from: counts, count: count)
      twin.starts.update(from: starts, count: count)
      twin.lengths.update(from: lengths, count: count)
      if twin.mask == mask {
        twin.slots.update(from: slots, count: mask + 1)
      } else {
        HashSlots.rebuild(twin.slots, size: twin.mask + 1, hashes: twin.hashes, count: count)
      }
      twin.reserveArena(arenaCount)
      twin.arena.update(from: arena, count: arenaCount)
      twin.arenaCount = arenaCount
      return twin
    }

    /// Makes room for `total` bytes in the arena.
    fileprivate func reserveArena(_ total: Int) {
      guard total > arenaCapacity else { return }
      let grown = Swift.max(total, 2 * arenaCapacity)
      let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
      fresh.update(from: arena, count: arenaCount)
      arena.deallocate()
      arena = fresh
      arenaCapacity = grown
    }

    @inline(__always)
    func append(_ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, count weight: Int) {
      let entry = count
      if arenaCount + bytes.count > arenaCapacity { reserveArena(arenaCount + bytes.count) }
      if let base = bytes.baseAddress {
        (arena + arenaCount).update(from: base, count: bytes.count)
      }
      hashes[entry] = hash
      counts[entry] = weight
      starts[entry] = arenaCount
      lengths[entry] = bytes.count
      arenaCount += bytes.count
      count = entry + 1
      HashSlots.place(entry, hash: hash, slots: slots, mask: mask)
    }

    func subtract(_ amount: Int) {
      var kept = 0
      var spareCount = 0
      var needed = 0
      for entry in 0..<count where counts[entry] > amount { needed += lengths[entry] }
      if needed > spareCapacity {
        spare.deallocate()
        spareCapacity = Swift.max(needed, 2 * spareCapacity)
        spare = .allocate(capacity: spareCapacity)
      }
      for entry in 0..<count where counts[entry] > amount {
        let length = lengths[entry]
        (spare + spareCount).update(from: arena + starts[entry], count: length)
        hashes[kept] = hashes[entry]
        counts[kept] = counts[entry] - amount
        starts[kept] = spareCount
        lengths[kept] = length
        spareCount += length
        kept += 1
      }
      count = kept
      swap(&arena, &spare)
      swap(&arenaCapacity, &spareCapacity)
      arenaCount = spareCount
      HashSlots.rebuild(slots, size: mask + 1, hashes: hashes, count: kept)
    }
  }
}
