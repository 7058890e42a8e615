import SluiceCore

/// The keyed 64-bit hash behind `split-data`: FNV-1a 64 with a SplitMix64 finalizer.
///
/// The state starts at the FNV-1a 64 offset basis, absorbs the seed as 8 little-endian bytes
/// (two's complement) and then the given bytes, one at a time: `h = (h ^ b) * 0x100000001b3`.
/// `finalize()` applies the SplitMix64 mixer so every output bit depends on every input bit
/// (plain FNV-1a leaves short keys poorly spread in the high bits). This function is part of
/// the file format: changing it would move rows between train and test, so it never changes.
public struct SplitHash: Sendable {
  /// The FNV-1a 64 offset basis.
  static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
  /// The FNV-1a 64 prime.
  static let prime: UInt64 = 0x0000_0100_0000_01b3

  private var state: UInt64

  /// Starts a hash keyed by `seed`.
  public init(seed: Int64) {
    state = Self.offsetBasis
    var bits = UInt64(bitPattern: seed)
    for _ in 0..<8 {
      absorb(UInt8(truncatingIfNeeded: bits))
      bits >>= 8
    }
  }

  /// Absorbs one byte.
  public mutating func absorb(_ byte: UInt8) {
    state = (state ^ UInt64(byte)) &* Self.prime
  }

  /// Absorbs `bytes` in order.
  public mutating func absorb(_ bytes: UnsafeBufferPointer<UInt8>) {
    var h = state
    for byte in bytes { h = (h ^ UInt64(byte)) &* Self.prime }
    state = h
  }

  /// Absorbs `bytes` in order.
  public mutating func absorb(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { absorb($0) }
  }

  /// The finished 64-bit hash.
  public func finalize() -> UInt64 {
    SplitRandom.mix(state)
  }

  /// The hash of `bytes` keyed by `seed`.
  public static func hash(seed: Int64, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hasher = SplitHash(seed: seed)
    hasher.absorb(bytes)
    return hasher.finalize()
  }

  /// The hash of `bytes` keyed by `seed`.
  public static func hash(seed: Int64, _ bytes: [UInt8]) -> UInt64 {
    bytes.withUnsafeBufferPointer { hash(seed: seed, $0) }
  }

  /// The top 53 bits of `hash` as a number in [0, 1): `(hash >> 11) / 2^53`, exact.
  public static func unit(_ hash: UInt64) -> Double {
    Double(hash >> 11) * 0x1p-53
  }
}
