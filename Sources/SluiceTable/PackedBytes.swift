/// Eight bytes at a time: tests on a `UInt64` that look at each of its bytes at once (SWAR),
/// shared by the CSV reader, the chunk cutter and the number parser.
enum PackedBytes {
  static let lineFeeds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
  static let carriageReturns: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
  static let highBits: UInt64 = 0x8080_8080_8080_8080

  /// `byte` in every byte of a word.
  @inline(__always)
  static func splat(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

  /// The high bit of each byte of `word` equal to the byte of `pattern`, exact for the lowest
  /// such byte (a byte above it may be flagged falsely): enough to find the first match, or
  /// to tell whether there is one.
  @inline(__always)
  static func flags(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
    let x = word ^ pattern
    return (x &- 0x0101_0101_0101_0101) & ~x & highBits
  }

  /// The high bit of each byte of `word` equal to the byte of `pattern`, exactly.
  @inline(__always)
  static func exactFlags(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
    let x = word ^ pattern
    return ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & highBits
  }

  /// Whether eight bytes can be read from `pointer` without leaving its page: true whenever
  /// they do not cross a 4 KiB boundary, so reading past the end of a shorter field cannot
  /// fault (the caller masks off the bytes that are not its own). Always false in sanitizer
  /// builds (`ci/fuzz` defines SLUICE_SANITIZE): AddressSanitizer rightly reports the bytes
  /// past the allocation, and the fuzzer must stop only on real faults.
  @inline(__always)
  static func canReadWord(at pointer: UnsafeRawPointer) -> Bool {
    #if SLUICE_SANITIZE
      return false
    #else
      return UInt(bitPattern: pointer) & 4095 <= 4088
    #endif
  }
}
