/// Python's Unicode text rules that scikit-learn's default text analysis relies on: `str.lower()`
/// and the `\w` of a Unicode `re` pattern.
///
/// Character data comes from the Swift standard library (Unicode 16.0, as in Python 3.14). Older
/// Pythons know fewer characters: Python 3.11 (Unicode 14.0) leaves unassigned, and so neither
/// lowercases nor counts as `\w`, the letters and digits assigned since.
public enum PythonText {
  /// Whether `scalar` matches `\w` in a Python `re` pattern with Unicode semantics.
  ///
  /// CPython's `_sre` defines it as `str.isalnum()` or `_`, which are exactly the general
  /// categories L* and N* (`Lu Ll Lt Lm Lo Nd Nl No`). Combining marks (`Mn Mc Me`) are not word
  /// characters, unlike in most other regex engines, so a decomposed accent splits a word.
  @inlinable
  public static func isWord(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 { return asciiWord[Int(scalar.value)] }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
      .decimalNumber, .letterNumber, .otherNumber:
      return true
    default:
      return false
    }
  }

  /// `[A-Za-z0-9_]` by byte value.
  @usableFromInline
  static let asciiWord: [Bool] = (0..<128).map { byte in
    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
      || byte == 0x5F
  }

  /// ASCII lower-casing by byte value (identity outside `A-Z`).
  @usableFromInline
  static let asciiLower: [UInt8] = (0..<128).map { byte in
    (0x41...0x5A).contains(byte) ? UInt8(byte + 0x20) : UInt8(byte)
  }

  /// `text.lower()` as Python computes it.
  public static func lowercased(_ text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    var result = String.UnicodeScalarView()
    for index in scalars.indices {
      forEachLowercased(scalars, at: index) { result.append($0) }
    }
    return String(result)
  }

  /// Calls `body` with the scalars Python's `str.lower()` turns `scalars[index]` into.
  ///
  /// Full (multi-scalar) lower-case mappings apply, so `İ` becomes `i` + U+0307; capital sigma
  /// becomes final `ς` in CPython's Final_Sigma context and `σ` elsewhere. Swift's own
  /// `lowercased()` has no Final_Sigma rule, hence this.
  @inlinable
  public static func forEachLowercased(
    _ scalars: [Unicode.Scalar], at index: Int, _ body: (Unicode.Scalar) -> Void
  ) {
    let scalar = scalars[index]
    if scalar.value < 0x80 {
      body(Unicode.Scalar(asciiLower[Int(scalar.value)]))
    } else if scalar.value == 0x3A3 {
      body(isFinalSigma(scalars, at: index) ? "\u{3C2}" : "\u{3C3}")
    } else if !scalar.properties.changesWhenLowercased {
      body(scalar)
    } else {
      for lowered in scalar.properties.lowercaseMapping.unicodeScalars { body(lowered) }
    }
  }

  /// Whether the capital sigma at `index` ends a word, by CPython's rule: a cased letter before it
  /// (skipping case-ignorable characters) and no cased letter after it (skipping the same).
  @usableFromInline
  static func isFinalSigma(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
    var before = index - 1
    while before >= 0, scalars[before].properties.isCaseIgnorable { before -= 1 }
    guard before >= 0, scalars[before].properties.isCased else { return false }
    var after = index + 1
    while after < scalars.count, scalars[after].properties.isCaseIgnorable { after += 1 }
    return after == scalars.count || !scalars[after].properties.isCased
  }
}
