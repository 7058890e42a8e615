/// Recognises the unquoted field values that mean "missing" (`NA`, empty, ...).
public struct NullMatcher: Sendable {
  @usableFromInline let tokens: [[UInt8]]
  /// Bit `n` is set when some token is `n` bytes long (tokens of 64 bytes or more set bit 63).
  @usableFromInline let lengthMask: UInt64
  /// Bit `b` of word `b >> 6` is set when some token starts with byte `b`.
  @usableFromInline let firstBytes: (UInt64, UInt64, UInt64, UInt64)
  /// Whether the empty string is a token.
  @usableFromInline let matchesEmpty: Bool

  /// A matcher for exactly these tokens.
  public init(tokens: [String]) {
    self.tokens = tokens.map { Array($0.utf8) }
    var mask: UInt64 = 0
    for token in self.tokens { mask |= 1 << UInt64(min(token.count, 63)) }
    lengthMask = mask
    var words: [UInt64] = [0, 0, 0, 0]
    for token in self.tokens where !token.isEmpty {
      words[Int(token[0] >> 6)] |= 1 << UInt64(token[0] & 63)
    }
    firstBytes = (words[0], words[1], words[2], words[3])
    matchesEmpty = self.tokens.contains { $0.isEmpty }
  }

  /// Whether `bytes` is one of the tokens.
  @inlinable @inline(__always)
  public func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let length = bytes.count
    // Most fields have a length no token has: one test and no call.
    guard lengthMask & (1 << UInt64(min(length, 63))) != 0 else { return false }
    return matchesToken(bytes)
  }

  /// `matches` for a field whose length some token has.
  @inlinable
  func matchesToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let length = bytes.count
    if length == 0 { return matchesEmpty }
    let lead = bytes[0]
    let word: UInt64
    switch lead >> 6 {
    case 0: word = firstBytes.0
    case 1: word = firstBytes.1
    case 2: word = firstBytes.2
    default: word = firstBytes.3
    }
    guard word & (1 << UInt64(lead & 63)) != 0 else { return false }
    for token in tokens where token.count == length {
      var equal = true
      for index in 0..<length where token[index] != bytes[index] {
        equal = false
        break
      }
      if equal { return true }
    }
    return false
  }
}
