/// XXH64, the 64-bit variant of Yann Collet's xxHash (format spec v0.1.1), seed 0 by default.
///
/// Chosen for the sketches because it is fast on short fields, passes SMHasher, and has a
/// published reference to check against: every shard of a profile must hash a value to the
/// same 64 bits, so the function is fixed here and must never change for stored profiles.
public enum XXHash64 {
  private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
  private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
  private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
  private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
  private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

  /// The XXH64 hash of `bytes` with `seed`.
  public static func hash(_ bytes: some Collection<UInt8>, seed: UInt64 = 0) -> UInt64 {
    if let value = bytes.withContiguousStorageIfAvailable({ hash($0, seed: seed) }) {
      return value
    }
    return Array(bytes).withUnsafeBufferPointer { hash($0, seed: seed) }
  }

  /// The XXH64 hash of the bytes in `buffer` with `seed`.
  public static func hash(_ buffer: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0) -> UInt64 {
    let length = buffer.count
    guard let base = buffer.baseAddress, length > 0 else { return finish(seed &+ prime5) }
    let raw = UnsafeRawPointer(base)
    var index = 0
    var h: UInt64
    if length >= 32 {
      var v1 = seed &+ prime1 &+ prime2
      var v2 = seed &+ prime2
      var v3 = seed
      var v4 = seed &- prime1
      while index + 32 <= length {
        v1 = round(v1, read64(raw, index))
        v2 = round(v2, read64(raw, index + 8))
        v3 = round(v3, read64(raw, index + 16))
        v4 = round(v4, read64(raw, index + 24))
        index += 32
      }
      h = rotate(v1, 1) &+ rotate(v2, 7) &+ rotate(v3, 12) &+ rotate(v4, 18)
      h = mergeRound(h, v1)
      h = mergeRound(h, v2)
      h = mergeRound(h, v3)
      h = mergeRound(h, v4)
    } else {
      h = seed &+ prime5
    }
    h = h &+ UInt64(length)
    while index + 8 <= length {
      h ^= round(0, read64(raw, index))
      h = rotate(h, 27) &* prime1 &+ prime4
      index += 8
    }
    if index + 4 <= length {
      let word = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt32.self))
      h ^= UInt64(word) &* prime1
      h = rotate(h, 23) &* prime2 &+ prime3
      index += 4
    }
    while index < length {
      h ^= UInt64(base[index]) &* prime5
      h = rotate(h, 11) &* prime1
      index += 1
    }
    return finish(h)
  }

  @inline(__always)
  private static func read64(_ raw: UnsafeRawPointer, _ offset: Int) -> UInt64 {
    UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
  }

  @inline(__always)
  private static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 {
    (value << bits) | (value >> (64 - bits))
  }

  @inline(__always)
  private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
    rotate(accumulator &+ input &* prime2, 31) &* prime1
  }

  @inline(__always)
  private static func mergeRound(_ accumulator: UInt64, _ value: UInt64) -> UInt64 {
    (accumulator ^ round(0, value)) &* prime1 &+ prime4
  }

  @inline(__always)
  private static func finish(_ value: UInt64) -> UInt64 {
    var h = value
    h ^= h >> 33
    h = h &* prime2
    h ^= h >> 29
    h = h &* prime3
    h ^= h >> 32
    return h
  }
}
