/// MurmurHash3 x86 32-bit (Austin Appleby's public-domain design), as scikit-learn's
/// `murmurhash3_32` computes it.
///
/// Blocks are read little-endian on every platform, which is what the reference C code does on
/// the x86 and ARM machines scikit-learn runs on.
public enum MurmurHash3 {
  /// The unsigned 32-bit hash of `bytes` with `seed`.
  @inlinable
  public static func hash32(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
    hash(bytes.baseAddress, count: bytes.count, seed: seed)
  }

  /// The unsigned 32-bit hash of `bytes` with `seed`.
  public static func hash32(_ bytes: [UInt8], seed: UInt32 = 0) -> UInt32 {
    bytes.withUnsafeBytes { hash32($0, seed: seed) }
  }

  /// The hash of `bytes` as a signed 32-bit integer, like scikit-learn's
  /// `murmurhash3_32(key, seed, positive=False)`.
  public static func signedHash32(_ bytes: [UInt8], seed: UInt32 = 0) -> Int32 {
    Int32(bitPattern: hash32(bytes, seed: seed))
  }

  /// The hash of the `count` bytes at `base` (which may be nil only when `count` is 0).
  @inlinable
  public static func hash(_ base: UnsafeRawPointer?, count: Int, seed: UInt32) -> UInt32 {
    var h1 = seed
    let blockCount = count >> 2
    if let base {
      for block in 0..<blockCount {
        let k1 = UInt32(
          littleEndian: base.loadUnaligned(fromByteOffset: block << 2, as: UInt32.self))
        h1 ^= mixK1(k1)
        h1 = (h1 << 13) | (h1 >> 19)
        h1 = h1 &* 5 &+ 0xe654_6b64
      }
      let tail = blockCount << 2
      var k1: UInt32 = 0
      switch count & 3 {
      case 3:
        k1 = UInt32(base.load(fromByteOffset: tail + 2, as: UInt8.self)) << 16
        k1 |= UInt32(base.load(fromByteOffset: tail + 1, as: UInt8.self)) << 8
        k1 |= UInt32(base.load(fromByteOffset: tail, as: UInt8.self))
        h1 ^= mixK1(k1)
      case 2:
        k1 = UInt32(base.load(fromByteOffset: tail + 1, as: UInt8.self)) << 8
        k1 |= UInt32(base.load(fromByteOffset: tail, as: UInt8.self))
        h1 ^= mixK1(k1)
      case 1:
        k1 = UInt32(base.load(fromByteOffset: tail, as: UInt8.self))
        h1 ^= mixK1(k1)
      default:
        break
      }
    }
    // The reference code mixes in the length as a 32-bit int; longer keys wrap the same way.
    h1 ^= UInt32(truncatingIfNeeded: count)
    return finalMix(h1)
  }

  @inlinable @inline(__always)
  static func mixK1(_ k: UInt32) -> UInt32 {
    var k1 = k &* 0xcc9e_2d51
    k1 = (k1 << 15) | (k1 >> 17)
    return k1 &* 0x1b87_3593
  }

  @inlinable @inline(__always)
  static func finalMix(_ h: UInt32) -> UInt32 {
    var h1 = h
    h1 ^= h1 >> 16
    h1 = h1 &* 0x85eb_ca6b
    h1 ^= h1 >> 13
    h1 = h1 &* 0xc2b2_ae35
    h1 ^= h1 >> 16
    return h1
  }
}
