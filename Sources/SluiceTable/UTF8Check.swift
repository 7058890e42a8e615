/// Finds bytes that are not part of well-formed UTF-8 (RFC 3629: no overlongs, no surrogates),
/// and NUL bytes: a table holding one is binary data, not text.
enum UTF8Check {
  /// Offsets of the first byte of every ill-formed sequence and of every NUL byte, in
  /// increasing order.
  static func invalidOffsets(_ base: UnsafePointer<UInt8>, count: Int) -> [Int] {
    var found: [Int] = []
    var index = 0
    let raw = UnsafeRawPointer(base)
    while index < count {
      // Runs of ASCII other than NUL are skipped 32 bytes at a time, then eight.
      while index + 32 <= count {
        let any =
          rare(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
          | rare(raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self))
          | rare(raw.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self))
          | rare(raw.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self))
        if any != 0 { break }
        index += 32
      }
      while index + 8 <= count
        && rare(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) == 0
      {
        index += 8
      }
      guard index < count else { break }
      let lead = base[index]
      if lead < 0x80 {
        if lead == 0 { found.append(index) }
        index += 1
        continue
      }
      let width = sequenceWidth(base, index: index, count: count)
      if width == 0 {
        found.append(index)
        index += 1
      } else {
        index += width
      }
    }
    return found
  }

  /// Non-zero when `word` holds a byte >= 0x80 or a NUL byte. A zero byte borrows in the
  /// subtraction and sets its own high bit; a borrow can only flag bytes after a real hit,
  /// which the byte-wise loop then reads exactly.
  @inline(__always)
  private static func rare(_ word: UInt64) -> UInt64 {
    (word | (word &- 0x0101_0101_0101_0101)) & 0x8080_8080_8080_8080
  }

  /// Length of the valid sequence starting at `index`, or 0 when it is ill-formed.
  private static func sequenceWidth(_ base: UnsafePointer<UInt8>, index: Int, count: Int) -> Int {
    let lead = base[index]
    var width = 0
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: width = 2
    case 0xE0:
      width = 3
      low = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: width = 3
    case 0xED:
      width = 3
      high = 0x9F
    case 0xF0:
      width = 4
      low = 0x90
    case 0xF1...0xF3: width = 4
    case 0xF4:
      width = 4
      high = 0x8F
    default: return 0
    }
    guard index + width <= count else { return 0 }
    let second = base[index + 1]
    guard second >= low && second <= high else { return 0 }
    for offset in 2..<max(2, width) {
      let byte = base[index + offset]
      guard byte >= 0x80 && byte <= 0xBF else { return 0 }
    }
    return width
  }
}
