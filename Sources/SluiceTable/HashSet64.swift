/// An open-addressing set of 64-bit hashes, much cheaper per insert than `Set<UInt64>`.
public struct HashSet64: Sendable {
  private var slots: [UInt64]
  private var mask: Int
  /// Number of distinct hashes held.
  public private(set) var count = 0

  public init(capacity: Int = 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [UInt64](repeating: 0, count: size)
    mask = size - 1
  }

  /// Inserts `hash`; returns false when it was already there.
  @inline(__always)
  public mutating func insert(_ hash: UInt64) -> Bool {
    let key = hash == 0 ? 1 : hash
    if (count + 1) * 2 > slots.count { grow() }
    var index = Int(truncatingIfNeeded: key >> 7) & mask
    return slots.withUnsafeMutableBufferPointer { table in
      while true {
        let slot = table[index]
        if slot == key { return false }
        if slot == 0 {
          table[index] = key
          count += 1
          return true
        }
        index = (index + 1) & mask
      }
    }
  }

  /// Whether `hash` is held.
  public func contains(_ hash: UInt64) -> Bool {
    let key = hash == 0 ? 1 : hash
    var index = Int(truncatingIfNeeded: key >> 7) & mask
    while true {
      let slot = slots[index]
      if slot == key { return true }
      if slot == 0 { return false }
      index = (index + 1) & mask
    }
  }

  /// Every hash held, in slot order.
  public var elements: [UInt64] { slots.filter { $0 != 0 } }

  private mutating func grow() {
    let old = slots
    slots = [UInt64](repeating: 0, count: old.count * 2)
    mask = slots.count - 1
    count = 0
    for key in old where key != 0 { _ = insert(key) }
  }
}

/// Facts about a field's bytes gathered in one pass: a 64-bit hash, the character count and
/// whether it holds a space.
public struct FieldDigest: Sendable {
  /// A well-mixed 64-bit hash of the bytes (8 bytes per step, multiply–xorshift rounds).
  public var hash: UInt64
  /// Length in Unicode scalars (bytes that are not UTF-8 continuation bytes).
  public var characters: Int
  /// Whether a space (0x20) occurs.
  public var hasSpace: Bool

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

  /// Digests `bytes`.
  @inline(__always)
  public init(_ bytes: UnsafeBufferPointer<UInt8>) {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    var continuation = 0
    var space: UInt64 = 0
    let count = bytes.count
    var index = 0
    if let base = bytes.baseAddress {
      let raw = UnsafeRawPointer(base)
      while index + 8 <= count {
        let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        state = FieldDigest.mix(state ^ word) &+ 0x632B_E59B_D9B4_E019
        let high = word & 0x8080_8080_8080_8080
        if high != 0 {
          continuation += (high & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
        }
        let spaced = word ^ 0x2020_2020_2020_2020
        space |= (spaced &- 0x0101_0101_0101_0101) & ~spaced & 0x8080_8080_8080_8080
        index += 8
      }
      if index < count {
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < count {
          let byte = base[index]
          tail |= UInt64(byte) << shift
          shift += 8
          if byte & 0xC0 == 0x80 { continuation += 1 }
          if byte == 0x20 { space = 1 }
          index += 1
        }
        state = FieldDigest.mix(state ^ tail) &+ 0x632B_E59B_D9B4_E019
      }
    }
    hash = FieldDigest.mix(state)
    characters = count - continuation
    hasSpace = space != 0
  }
}
