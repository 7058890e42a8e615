import SluiceTable

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Text to hashed word n-gram features, exactly as scikit-learn's
/// `HashingVectorizer(analyzer='word', ngram_range=(1, 2), n_features=2**20, alternate_sign=True,
/// norm='l2')` computes them by default.
///
/// A document is lower-cased with Python's `str.lower()`, split into tokens of two or more word
/// characters (`(?u)\b\w\w+\b`), and each n-gram of consecutive tokens (joined by one space) is
/// hashed from its UTF-8 bytes with signed MurmurHash3 x86 32-bit, seed 0. Column
/// `abs(h) % features`; value +1, or −1 when `alternateSign` and `h < 0`. Values of a column add
/// up (a column whose signs cancel keeps a stored 0, as scipy does), `binary` then sets every
/// stored value to 1, and the row is scaled to unit norm.
///
/// `sublinearTF` has no scikit-learn counterpart in `HashingVectorizer`: it applies
/// `TfidfTransformer(sublinear_tf=True)`'s `1 + ln(tf)` to the summed values before
/// normalisation, extended to signed values as `sign(v) · (1 + ln|v|)` (stored zeros stay 0).
/// With `binary` it changes nothing, since 1 + ln 1 = 1.
public struct HashingVectorizer: Sendable, Hashable {
  /// How each row is scaled after hashing.
  public enum Norm: String, Sendable, Hashable, CaseIterable {
    /// Unit Euclidean length (`norm='l2'`).
    case l2
    /// Absolute values summing to 1 (`norm='l1'`).
    case l1
    /// No scaling (`norm=None`).
    case none
  }

  /// The n-gram lengths produced, in tokens (`ngram_range`).
  public let ngramRange: ClosedRange<Int>
  /// The number of hash buckets, i.e. columns (`n_features`).
  public let features: Int
  /// Whether a negative hash makes a feature −1 (`alternate_sign`).
  public let alternateSign: Bool
  /// The row normalisation (`norm`).
  public let norm: Norm
  /// Whether every stored value becomes 1 before normalisation (`binary`).
  public let binary: Bool
  /// Whether documents are lower-cased first (`lowercase`).
  public let lowercase: Bool
  /// Whether summed values become `sign(v)·(1 + ln|v|)` before normalisation (not in sklearn).
  public let sublinearTF: Bool

  /// `features - 1` when `features` is a power of two, so the bucket is a mask, not a division.
  private let bucketMask: UInt32?

  /// A vectorizer; throws when `ngramRange` starts below 1 or `features` is outside
  /// 1...Int32.max (the bounds scikit-learn enforces).
  public init(
    ngramRange: ClosedRange<Int> = 1...2, features: Int = 1 << 20, alternateSign: Bool = true,
    norm: Norm = .l2, binary: Bool = false, lowercase: Bool = true, sublinearTF: Bool = false
  ) throws {
    guard ngramRange.lowerBound >= 1 else {
      throw LearnError(
        "the n-gram range \(ngramRange.lowerBound)...\(ngramRange.upperBound) must start at 1 or more"
      )
    }
    guard features >= 1, features <= Int(Int32.max) else {
      throw LearnError(
        "the number of hashed text features is \(features); it must be 1...\(Int32.max)")
    }
    self.ngramRange = ngramRange
    self.features = features
    self.alternateSign = alternateSign
    self.norm = norm
    self.binary = binary
    self.lowercase = lowercase
    self.sublinearTF = sublinearTF
    self.bucketMask = features & (features - 1) == 0 ? UInt32(features - 1) : nil
  }

  /// Reusable buffers for hashing one document after another without allocating.
  public struct Workspace: Sendable {
    var tokenizer = WordTokenizer()
    var keys: [UInt64] = []
    var keyCount = 0
    /// The columns of the last document's features, increasing.
    public internal(set) var indices: [Int32] = []
    /// The values of the last document's features.
    public internal(set) var values: [Double] = []

    /// Empty buffers.
    public init() {}
  }

  /// The features of `document`, left in `workspace.indices` and `workspace.values`.
  public func vectorize(_ document: String, into workspace: inout Workspace) {
    workspace.tokenizer.tokenize(document, lowercase: lowercase)
    hashNgrams(&workspace)
    Self.sortKeys(&workspace.keys, count: workspace.keyCount)
    sumDuplicates(&workspace)
    if sublinearTF && !binary { Self.applySublinear(&workspace.values) }
    Self.normalise(&workspace.values, norm)
  }

  /// The features of one document.
  public func transform(_ document: String) -> SparseRow {
    var workspace = Workspace()
    vectorize(document, into: &workspace)
    return SparseRow(indices: workspace.indices, values: workspace.values)
  }

  /// The features of every document, one row each in input order, hashed on `workers` threads.
  /// The result does not depend on the number of threads.
  public func transform(_ documents: [String], workers: Int = ReadOptions.defaultWorkers)
    -> SparseRows
  {
    let chunkSize = 2048
    let chunks = stride(from: 0, to: documents.count, by: chunkSize).map {
      $0..<min(documents.count, $0 + chunkSize)
    }
    let parts = ParallelMap.map(chunks, workers: workers) { range in
      var workspace = Workspace()
      var rows = SparseRows(columns: features)
      for index in range {
        vectorize(documents[index], into: &workspace)
        rows.append(indices: workspace.indices, values: workspace.values)
      }
      return rows
    }
    var rows = SparseRows(columns: features)
    rows.reserveCapacity(
      rows: documents.count, entries: parts.reduce(0) { $0 + $1.columnIndices.count })
    for part in parts { rows.append(contentsOf: part) }
    return rows
  }

  /// The n-grams of `document` in scikit-learn's order (all unigrams, then all bigrams, ...), as
  /// its `build_analyzer()` returns them; for inspection, since hashing never builds them.
  public func analyze(_ document: String) -> [String] {
    var tokenizer = WordTokenizer()
    tokenizer.tokenize(document, lowercase: lowercase)
    guard let lengths = lengths(tokens: tokenizer.count) else { return [] }
    var ngrams: [String] = []
    for length in lengths {
      for first in 0...(tokenizer.count - length) {
        let bytes = tokenizer.text[tokenizer.starts[first]..<tokenizer.ends[first + length - 1]]
        ngrams.append(String(decoding: bytes, as: UTF8.self))
      }
    }
    return ngrams
  }

  /// The n-gram lengths a document of `tokens` tokens has, if any.
  private func lengths(tokens: Int) -> ClosedRange<Int>? {
    let longest = min(ngramRange.upperBound, tokens)
    return ngramRange.lowerBound <= longest ? ngramRange.lowerBound...longest : nil
  }

  /// Hashes every n-gram of the tokenized document into a sort key: column << 1 | (h ≥ 0).
  private func hashNgrams(_ workspace: inout Workspace) {
    workspace.keyCount = 0
    let tokens = workspace.tokenizer.count
    guard tokens > 0, let lengths = lengths(tokens: tokens) else { return }
    let total = lengths.reduce(0) { $0 + tokens - $1 + 1 }
    if workspace.keys.count < total {
      workspace.keys.append(contentsOf: repeatElement(0, count: total - workspace.keys.count))
    }
    let modulus = UInt32(features)
    let mask = bucketMask
    workspace.tokenizer.text.withUnsafeBytes { text in
      guard let base = text.baseAddress else { return }
      workspace.tokenizer.starts.withUnsafeBufferPointer { starts in
        workspace.tokenizer.ends.withUnsafeBufferPointer { ends in
          workspace.keys.withUnsafeMutableBufferPointer { keys in
            var next = 0
            for length in lengths {
              for first in 0...(tokens - length) {
                let start = starts[first]
                let count = ends[first + length - 1] - start
                let hash = Int32(bitPattern: MurmurHash3.hash(base + start, count: count, seed: 0))
                let column = Self.column(of: hash, modulus: modulus, mask: mask)
                keys[next] = UInt64(column) << 1 | (hash >= 0 ? 1 : 0)
                next += 1
              }
            }
          }
        }
      }
    }
    workspace.keyCount = total
  }

  /// The column of a signed hash: `abs(h) % features`. For `Int32.min` scikit-learn computes
  /// `(2^31 - 1 - (features - 1)) % features`, which is 2^31 mod `features`, i.e. `|h|` taken
  /// as the unsigned magnitude 2^31; so one formula covers every hash.
  @inline(__always)
  static func column(of hash: Int32, modulus: UInt32, mask: UInt32?) -> UInt32 {
    let magnitude = hash.magnitude
    if let mask { return magnitude & mask }
    return magnitude % modulus
  }

  /// Sorts the first `count` keys: by insertion when few (typical documents give a few dozen).
  private static func sortKeys(_ keys: inout [UInt64], count: Int) {
    guard count > 1 else { return }
    keys.withUnsafeMutableBufferPointer { all in
      var buffer = UnsafeMutableBufferPointer(rebasing: all[..<count])
      guard count <= 48 else {
        buffer.sort()
        return
      }
      for index in 1..<count {
        let key = buffer[index]
        var position = index
        while position > 0, buffer[position - 1] > key {
          buffer[position] = buffer[position - 1]
          position -= 1
        }
        buffer[position] = key
      }
    }
  }

  /// Adds up the ±1 of each column (exact: small integers), as `sum_duplicates` does.
  private func sumDuplicates(_ workspace: inout Workspace) {
    let count = workspace.keyCount
    workspace.indices.removeAll(keepingCapacity: true)
    workspace.values.removeAll(keepingCapacity: true)
    workspace.indices.append(contentsOf: repeatElement(0, count: count))
    workspace.values.append(contentsOf: repeatElement(0, count: count))
    let signed = alternateSign
    let binary = binary
    var columns = 0
    workspace.keys.withUnsafeBufferPointer { keys in
      workspace.indices.withUnsafeMutableBufferPointer { indices in
        workspace.values.withUnsafeMutableBufferPointer { values in
          var index = 0
          while index < count {
            let column = keys[index] >> 1
            var sum = 0
            repeat {
              sum += !signed || keys[index] & 1 == 1 ? 1 : -1
              index += 1
            } while index < count && keys[index] >> 1 == column
            indices[columns] = Int32(truncatingIfNeeded: column)
            values[columns] = binary ? 1 : Double(sum)
            columns += 1
          }
        }
      }
    }
    workspace.indices.removeLast(count - columns)
    workspace.values.removeLast(count - columns)
  }

  /// `v → sign(v)·(1 + ln|v|)`, leaving zeros at 0.
  private static func applySublinear(_ values: inout [Double]) {
    for index in values.indices where values[index] != 0 {
      let value = values[index]
      let scaled = 1 + log(abs(value))
      values[index] = value < 0 ? -scaled : scaled
    }
  }

  /// scikit-learn's in-place CSR row normalisation: sum in column order, skip an all-zero row,
  /// divide each value by the norm.
  private static func normalise(_ values: inout [Double], _ norm: Norm) {
    var total = 0.0
    switch norm {
    case .none:
      return
    case .l2:
      for value in values { total += value * value }
      guard total != 0 else { return }
      total = total.squareRoot()
    case .l1:
      for value in values { total += abs(value) }
      guard total != 0 else { return }
    }
    for index in values.indices { values[index] /= total }
  }
}
