/// A set of 64-bit hashes, much cheaper per insert than `Set<UInt64>`: `HashSlots` over the
/// hashes in insertion order.
public struct HashSet64: Sendable {
  private var slots: [Int32]
  private var hashes: [UInt64] = []

  /// An empty set with room for `capacity` hashes before it grows.
  public init(capacity: Int = 8) {
    slots = [Int32](repeating: 0, count: HashSlots.size(forCapacity: capacity))
    hashes.reserveCapacity(capacity)
  }

  /// Number of distinct hashes held.
  public var count: Int { hashes.count }

  /// Inserts `hash`; returns false when it was already there.
  @inline(__always)
  public mutating func insert(_ hash: UInt64) -> Bool {
    let (found, slot) = probe(hash)
    if found { return false }
    let entry = hashes.count
    hashes.append(hash)
    if 2 * hashes.count > slots.count {
      HashSlots.rebuild(&slots, size: 2 * slots.count, hashes: hashes)
    } else {
      slots[slot] = Int32(truncatingIfNeeded: entry + 1)
    }
    return true
  }

  /// Whether `hash` is held.
  @inline(__always)
  public func contains(_ hash: UInt64) -> Bool { probe(hash).found }

  @inline(__always)
  private func probe(_ hash: UInt64) -> (found: Bool, slot: Int) {
    slots.withUnsafeBufferPointer { slots in
      hashes.withUnsafeBufferPointer { hashes in
        guard let slotBase = slots.baseAddress, let hashBase = hashes.baseAddress else {
          return (false, HashSlots.home(hash, mask: slots.count - 1))
        }
        let result = HashSlots.probe(
          hash, slots: slotBase, mask: slots.count - 1, hashes: hashBase
        ) { _ in true }
        return (result.entry != nil, result.slot)
      }
    }
  }

  /// Every hash held, in insertion order.
  public var elements: [UInt64] { hashes }
}

/// Facts about a field's bytes gathered in one pass: a 64-bit hash, the character count and
/// whether it holds a space.
///
/// The hash ("sluice64", named in profile.json) reads 16 bytes per step as two little-endian
/// words folded by one 64×64→128-bit multiply (the high and low halves xored, as wyhash
/// does), then avalanches the state with `mix`: short fields, the common case, cost one or
/// two multiplies. Profiles merge only with profiles hashed the same way.
public struct FieldDigest: Sendable {
  /// A well-mixed 64-bit hash of the bytes.
  public var hash: UInt64
  /// Length in Unicode scalars (bytes that are not UTF-8 continuation bytes).
  public var characters: Int
  /// Whether a space (0x20) occurs.
  public var hasSpace: Bool

  /// A 64-bit finaliser: every input bit reaches every output bit.
  @inline(__always)
  public static func mix(_ value: UInt64) -> UInt64 {
    var x = value
    x ^= x >> 32
    x &*= 0xD6E8_FEB8_6659_FD93
    x ^= x >> 32
    x &*= 0xD6E8_FEB8_6659_FD93
    x ^= x >> 32
    return x
  }

  /// The hash of a number, by value: "1", "1.0" and "1e0" hash alike (-0.0 is 0.0).
  @inline(__always)
  public static func hash(number: Double) -> UInt64 {
    mix((number + 0.0).bitPattern ^ 0x5555_5555_5555_5555)
  }

  @inline(__always)
  static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let product = a.multipliedFullWidth(by: b)
    return product.high ^ product.low
  }

  static let secret0: UInt64 = 0xA076_1D64_78BD_642F
  static let secret1: UInt64 = 0xE703_7ED1_A0B4_28DB

  /// Digests `bytes`.
  @inline(__always)
  public init(_ bytes: UnsafeBufferPointer<UInt8>) {
    let count = bytes.count
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
    var continuation = 0
    var space: UInt64 = 0
    var index = 0
    @inline(__always) func scan(_ word: UInt64) {
      let high = word & 0x8080_8080_8080_8080
      if high != 0 {
        continuation += (high & ~(word &<< 1) & 0x8080_8080_8080_8080).nonzeroBitCount
      }
      let spaced = word ^ 0x2020_2020_2020_2020
      space |= (spaced &- 0x0101_0101_0101_0101) & ~spaced & 0x8080_8080_8080_8080
    }
    if let base = bytes.baseAddress {
      let raw = UnsafeRawPointer(base)
      while index + 16 <= count {
        let first = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        let second = raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
        state = Self.fold(first ^ Self.secret0, second ^ state)
        scan(first)
        scan(second)
        index += 16
      }
      if index + 8 <= count {
        let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        state = Self.fold(word ^ Self.secret0, state ^ Self.secret1)
        scan(word)
        index += 8
      }
      if index < count {
        // Zero-padded: the length, mixed in above, keeps "a" and "a\0" apart.
        var tail: UInt64 = 0
        let shift = UInt64(count - index) &<< 3
        if PackedBytes.canReadWord(at: raw + index) {
          // The eight bytes lie in one page, which holds the field's bytes: the load cannot
          // fault, and the bytes past the field are masked off. One load replaces a loop
          // over up to seven bytes, and most fields are that short.
          tail = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & ~(~0 &<< shift)
        } else {
          var at: UInt64 = 0
          while index < count {
            tail |= UInt64(base[index]) &<< at
            at += 8
            index += 1
          }
        }
        state = Self.fold(tail ^ Self.secret1, state ^ Self.secret0)
        let filler: UInt64 = ~0 &<< shift
        // Padding bytes are neither continuation bytes nor spaces.
        scan(tail | (filler & 0x4141_4141_4141_4141))
      }
    }
    hash = Self.mix(state)
    characters = count - continuation
    hasSpace = space != 0
  }
}
