/// scikit-learn's default word analysis (`lowercase`, then `token_pattern=r"(?u)\b\w\w+\b"`),
/// writing the tokens of a document into one byte buffer joined by single spaces.
///
/// With the tokens laid out as `"tok1 tok2 tok3"`, every word n-gram (`" ".join` of consecutive
/// tokens in scikit-learn) is a contiguous byte range of that buffer, so n-grams are hashed in
/// place without building a string for each.
struct WordTokenizer {
  /// The lower-cased tokens, UTF-8, joined by single spaces, in `text[..<length]`; the array is
  /// kept longer than needed so that it is written through a pointer without reallocating.
  private(set) var text: [UInt8] = []
  /// Byte offset where each token starts in `text`, in `starts[..<count]`.
  private(set) var starts: [Int] = []
  /// Byte offset just past each token in `text`, in `ends[..<count]`.
  private(set) var ends: [Int] = []
  /// The number of tokens of the last document.
  private(set) var count = 0
  /// The number of bytes used in `text`.
  private var length = 0
  /// The document's scalars, for the general (non-ASCII) path.
  private var scalars: [Unicode.Scalar] = []

  /// Tokenizes `document`, replacing the previous tokens.
  mutating func tokenize(_ document: String, lowercase: Bool) {
    count = 0
    length = 0
    var document = document
    let isASCII = document.withUTF8 { bytes in
      guard Self.allASCII(bytes) else { return false }
      tokenizeASCII(bytes, lowercase: lowercase)
      return true
    }
    if !isASCII { tokenizeUnicode(document, lowercase: lowercase) }
  }

  /// Whether every byte is below 0x80, eight bytes at a time.
  private static func allASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    var index = 0
    var high: UInt64 = 0
    while index + 8 <= bytes.count {
      high |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      index += 8
    }
    while index < bytes.count {
      high |= UInt64(bytes[index])
      index += 1
    }
    return high & 0x8080_8080_8080_8080 == 0
  }

  /// The fast path: in ASCII a character is a byte, and `\w` and `lower()` are one table lookup.
  private mutating func tokenizeASCII(_ bytes: UnsafeBufferPointer<UInt8>, lowercase: Bool) {
    // Each token takes two or more bytes of the document and one space after it here.
    reserve(bytes: bytes.count + 1, tokens: bytes.count / 2 + 1)
    var tokens = 0
    var written = 0
    let table = lowercase ? Self.asciiLowerWord : Self.asciiWord
    table.withUnsafeBufferPointer { table in
      text.withUnsafeMutableBufferPointer { text in
        starts.withUnsafeMutableBufferPointer { starts in
          ends.withUnsafeMutableBufferPointer { ends in
            var index = 0
            let end = bytes.count
            while index < end {
              var mapped = table[Int(bytes[index])]
              guard mapped != 0 else {
                index += 1
                continue
              }
              let tokenStart = written
              repeat {
                text[written] = mapped
                written += 1
                index += 1
                mapped = index < end ? table[Int(bytes[index])] : 0
              } while mapped != 0
              guard written - tokenStart >= 2 else {
                written = tokenStart
                continue
              }
              starts[tokens] = tokenStart
              ends[tokens] = written
              tokens += 1
              text[written] = 0x20
              written += 1
            }
          }
        }
      }
    }
    count = tokens
    length = written
  }

  /// Per ASCII byte: 0 when it is not a word character (`[A-Za-z0-9_]`), else the byte itself.
  private static let asciiWord: [UInt8] = (0..<128).map { byte in
    PythonText.asciiWord[byte] ? UInt8(byte) : 0
  }

  /// Per ASCII byte: 0 when it is not a word character, else the byte lower-cased.
  private static let asciiLowerWord: [UInt8] = (0..<128).map { byte in
    PythonText.asciiWord[byte] ? PythonText.asciiLower[byte] : 0
  }

  /// Makes room for at least `bytes` bytes of text and `tokens` tokens, keeping what is there.
  private mutating func reserve(bytes: Int, tokens: Int) {
    if text.count < bytes {
      text.append(contentsOf: repeatElement(0, count: max(bytes, 2 * text.count) - text.count))
    }
    if starts.count < tokens {
      let grown = max(tokens, 2 * starts.count)
      starts.append(contentsOf: repeatElement(0, count: grown - starts.count))
      ends.append(contentsOf: repeatElement(0, count: grown - ends.count))
    }
  }

  /// The general path: lower-case scalar by scalar as Python does, then find runs of at least
  /// two word characters (counted in characters, not bytes).
  private mutating func tokenizeUnicode(_ document: String, lowercase: Bool) {
    scalars.removeAll(keepingCapacity: true)
    scalars.append(contentsOf: document.unicodeScalars)
    var tokenStart = 0
    var runLength = 0
    let table = lowercase ? Self.asciiLowerWord : Self.asciiWord
    for index in scalars.indices {
      let value = scalars[index].value
      if value < 0x80 {
        // The ASCII characters of mixed text skip the general machinery.
        let mapped = table[Int(value)]
        if mapped == 0 {
          endRun(tokenStart: tokenStart, runLength: &runLength)
        } else {
          if runLength == 0 { tokenStart = length }
          runLength += 1
          reserve(bytes: length + 1, tokens: count)
          text[length] = mapped
          length += 1
        }
      } else if lowercase {
        PythonText.forEachLowercased(scalars, at: index) { scalar in
          push(scalar, tokenStart: &tokenStart, runLength: &runLength)
        }
      } else {
        push(scalars[index], tokenStart: &tokenStart, runLength: &runLength)
      }
    }
    endRun(tokenStart: tokenStart, runLength: &runLength)
  }

  /// Adds one (lower-cased) scalar to the current run of word characters, or ends the run.
  private mutating func push(_ scalar: Unicode.Scalar, tokenStart: inout Int, runLength: inout Int)
  {
    guard PythonText.isWord(scalar) else {
      endRun(tokenStart: tokenStart, runLength: &runLength)
      return
    }
    if runLength == 0 { tokenStart = length }
    runLength += 1
    appendUTF8(scalar)
  }

  /// Keeps the current run as a token when it has two or more characters, else drops it.
  private mutating func endRun(tokenStart: Int, runLength: inout Int) {
    defer { runLength = 0 }
    guard runLength > 0 else { return }
    guard runLength >= 2 else {
      length = tokenStart
      return
    }
    reserve(bytes: length + 1, tokens: count + 1)
    starts[count] = tokenStart
    ends[count] = length
    count += 1
    text[length] = 0x20
    length += 1
  }

  private mutating func appendUTF8(_ scalar: Unicode.Scalar) {
    reserve(bytes: length + 4, tokens: count)
    for byte in scalar.utf8 {
      text[length] = byte
      length += 1
    }
  }
}
