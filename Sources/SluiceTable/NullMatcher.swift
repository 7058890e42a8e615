/// Recognises the unquoted field values that mean "missing" (`NA`, empty, ...).
public struct NullMatcher: Sendable {
  @usableFromInline let tokens: [[UInt8]]
  /// Bit `n` is set when some token is `n` bytes long (tokens of 64 bytes or more set bit 63).
  @usableFromInline let lengthMask: UInt64

  /// A matcher for exactly these tokens.
  public init(tokens: [String]) {
    self.tokens = tokens.map { Array($0.utf8) }
    var mask: UInt64 = 0
    for token in self.tokens { mask |= 1 << UInt64(min(token.count, 63)) }
    lengthMask = mask
  }

  /// Whether `bytes` is one of the tokens.
  @inlinable
  public func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let length = bytes.count
    guard lengthMask & (1 << UInt64(min(length, 63))) != 0 else { return false }
    if length == 0 { return true }
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
