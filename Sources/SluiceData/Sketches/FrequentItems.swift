import SluiceCore
import SluiceTable

/// The most frequent byte strings of a stream: a Misra–Gries summary, mergeable as in Agarwal,
/// Cormode, Huang, Phillips, Wei and Yi, "Mergeable summaries" (2012).
///
/// Guarantee: for every item, `count(of:)` ≤ true count ≤ `count(of:)` + `maximumError`, and
/// `maximumError` ≤ (N − Σ kept counts) / (capacity + 1) < N / capacity, for N = `total`,
/// after any sequence of adds and merges. While at most 2 × capacity distinct items were seen
/// nothing has been dropped and every count is exact (`maximumError` = 0).
///
/// Up to 2 × capacity counters are kept; when a new item finds them all taken, the
/// (capacity + 1)-th largest count c is subtracted from every counter and those reaching 0 are
/// dropped (Agarwal et al.'s merge step). That removes at least (capacity + 1)·c of counted
/// mass while the error grows by c, which is what keeps the bound, and it drops at least
/// capacity counters at once, so a stream of distinct items costs O(1) amortised per add (one
/// linear-time selection per capacity new items) instead of Misra–Gries' O(capacity) per
/// decrement.
///
/// Deterministic: the kept set depends only on the multiset of counts, never on table layout;
/// merges visit the other summary in its canonical order (count descending, then bytes).
public struct FrequentItems: Sendable {
  /// The default capacity.
  public static let defaultCapacity = 64
  /// The accepted capacities.
  public static let capacityRange = 1...(1 << 20)

  /// The accuracy parameter m: errors stay below N / (m + 1).
  public private(set) var capacity: Int
  /// Number of items added (N).
  public private(set) var total = 0
  /// Total subtracted from the counters so far: the most any count can be under the truth.
  public private(set) var maximumError = 0
  private var table: FrequentItemTable
  private var scratch: [Int] = []

  /// An empty summary; `capacity` is clamped to `capacityRange`.
  public init(capacity: Int = FrequentItems.defaultCapacity) {
    self.capacity = Swift.min(
      Swift.max(capacity, Self.capacityRange.lowerBound), Self.capacityRange.upperBound)
    table = FrequentItemTable(limit: 2 * self.capacity)
  }

  /// Adds one occurrence of the item `bytes`.
  @inline(__always)
  public mutating func add(bytes: UnsafeBufferPointer<UInt8>) {
    add(bytes, hash: FieldDigest(bytes).hash)
  }

  /// Adds one occurrence of `bytes` whose `FieldDigest` hash the caller already has (e.g.
  /// shared with `DistinctCounter`); any other hash would split the item's count.
  @inline(__always)
  public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) {
    prepareForAdds()
    addOwned(bytes, hash: hash)
  }

  /// Makes the counters this summary's own, for a run of `addOwned` calls.
  public mutating func prepareForAdds() { table.makeUnique() }

  /// `add(_:hash:)` after `prepareForAdds`, with no copy of this summary made since: skips
  /// the ownership check each add would otherwise make.
  @inline(__always)
  public mutating func addOwned(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) {
    total += 1
    countOwned(bytes, hash: hash, weight: 1)
  }

  /// Adds one occurrence of `item` (e.g. `string.utf8`).
  public mutating func add(_ item: some Collection<UInt8>) {
    let done: Void? = item.withContiguousStorageIfAvailable { add(bytes: $0) }
    if done == nil { Array(item).withUnsafeBufferPointer { add(bytes: $0) } }
  }

  /// Counts `weight` occurrences in a table made this summary's own.
  @inline(__always)
  private mutating func countOwned(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, weight: Int) {
    if let entry = table.find(hash, bytes) {
      table.incrementUnique(entry, by: weight)
      return
    }
    if table.isFull { reduce() }
    table.insertUnique(hash, bytes, count: weight)
  }

  /// Subtracts the (capacity + 1)-th largest count from all counters, dropping those at zero.
  private mutating func reduce() {
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: table.counts)
    let cut = Self.select(capacity, inDescending: &scratch)
    maximumError += cut
    table.subtract(cut)
  }

  /// The element that would sit at `rank` (0-based) if `values` were sorted descending
  /// (Hoare's quickselect with a median-of-three pivot; reorders `values`).
  static func select(_ rank: Int, inDescending values: inout [Int]) -> Int {
    var low = 0
    var high = values.count - 1
    while low < high {
      let middle = low + (high - low) / 2
      if values[middle] > values[low] { values.swapAt(middle, low) }
      if values[high] > values[low] { values.swapAt(high, low) }
      if values[high] > values[middle] { values.swapAt(high, middle) }
      let pivot = values[middle]
      var i = low
      var j = high
      while i <= j {
        while values[i] > pivot { i += 1 }
        while pivot > values[j] { j -= 1 }
        if i <= j {
          values.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      if rank <= j {
        high = j
      } else if rank >= i {
        low = i
      } else {
        return values[rank]
      }
    }
    return values[rank]
  }

  /// Folds `other` in; the result has the smaller of the two capacities.
  public mutating func merge(_ other: FrequentItems) {
    if other.capacity < capacity {
      var narrowed = FrequentItems(capacity: other.capacity)
      narrowed.absorb(self)
      self = narrowed
    }
    absorb(other)
  }

  private mutating func absorb(_ other: FrequentItems) {
    total += other.total
    maximumError += other.maximumError
    prepareForAdds()
    for entry in other.canonicalOrder() {
      Array(other.table.bytes(entry)).withUnsafeBufferPointer {
        countOwned($0, hash: other.table.hash(entry), weight: other.table.tally(entry))
      }
    }
  }

  /// Entry indices by count descending, then bytes ascending.
  private func canonicalOrder() -> [Int] {
    (0..<table.count).sorted { a, b in
      let countA = table.tally(a)
      let countB = table.tally(b)
      if countA != countB { return countA > countB }
      return table.bytes(a).lexicographicallyPrecedes(table.bytes(b))
    }
  }

  /// Number of distinct items currently counted.
  public var trackedCount: Int { table.count }

  /// The counted occurrences of `item`: a lower bound, within `maximumError` of the truth
  /// (0 when the item is not tracked).
  public func count(of item: some Collection<UInt8>) -> Int {
    let bytes = Array(item)
    return bytes.withUnsafeBufferPointer { buffer in
      table.find(FieldDigest(buffer).hash, buffer).map { table.tally($0) } ?? 0
    }
  }

  /// The `k` items with the largest counts (ties by bytes ascending), as UTF-8 text (invalid
  /// sequences become U+FFFD), each with its counted occurrences and the error bound.
  public func top(_ k: Int) -> [(value: String, count: Int, error: Int)] {
    canonicalOrder().prefix(Swift.max(k, 0)).map { entry in
      (String(decoding: table.bytes(entry), as: UTF8.self), table.tally(entry), maximumError)
    }
  }

  /// The `k` items with the largest counts as raw bytes, ordered like `top`.
  public func topItems(_ k: Int) -> [(bytes: [UInt8], count: Int)] {
    canonicalOrder().prefix(Swift.max(k, 0)).map { (Array(table.bytes($0)), table.tally($0)) }
  }

  /// The summary as JSON: counts keyed by item text; items that are not valid UTF-8 go to
  /// "binary_counts", keyed by their base64.
  public var json: JSONValue {
    var text: [String: JSONValue] = [:]
    var binary: [String: JSONValue] = [:]
    for entry in 0..<table.count {
      let bytes = table.bytes(entry)
      let count = JSONValue.int(Int64(table.tally(entry)))
      if let string = String(validating: bytes, as: UTF8.self) {
        text[string] = count
      } else {
        binary[SketchCoding.base64(Array(bytes))] = count
      }
    }
    var members: [String: JSONValue] = [
      "kind": "frequent-items",
      "capacity": .int(Int64(capacity)),
      "n": .int(Int64(total)),
      "error": .int(Int64(maximumError)),
      "counts": .object(text),
    ]
    if !binary.isEmpty { members["binary_counts"] = .object(binary) }
    return .object(members)
  }

  /// Reads a summary written by `json`, checking the error invariant; throws
  /// `CoreError.invalidData` otherwise.
  public init(json: JSONValue) throws(CoreError) {
    let fields = try SketchCoding.Fields(json, sketch: "frequent items", kind: "frequent-items")
    self.init(capacity: try fields.int("capacity", in: Self.capacityRange))
    total = try fields.int("n", in: 0...Int.max)
    maximumError = try fields.int("error", in: 0...Int.max)
    var items: [([UInt8], Int)] = []
    guard let text = try fields.value("counts").objectValue else {
      throw fields.invalid("counts", "must be an object")
    }
    for (key, value) in text { items.append((Array(key.utf8), try Self.entryCount(value, fields))) }
    if let raw = fields.members["binary_counts"] {
      guard let binary = raw.objectValue else {
        throw fields.invalid("binary_counts", "must be an object")
      }
      for (key, value) in binary {
        guard let bytes = SketchCoding.bytes(base64: key),
          String(validating: bytes, as: UTF8.self) == nil
        else { throw fields.invalid("binary_counts", "keys must be base64 of non-UTF-8 bytes") }
        items.append((bytes, try Self.entryCount(value, fields)))
      }
    }
    guard items.count <= table.limit else {
      throw fields.invalid("counts", "hold more than 2 × capacity items")
    }
    var counted = 0
    for (_, count) in items {
      let (sum, overflow) = counted.addingReportingOverflow(count)
      guard !overflow else { throw fields.invalid("counts", "overflow") }
      counted = sum
    }
    let (bound, overflow) = maximumError.multipliedReportingOverflow(by: capacity + 1)
    guard counted <= total, !overflow, bound <= total - counted else {
      throw fields.invalid("error", "is inconsistent with 'n' and the counts")
    }
    items.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.lexicographicallyPrecedes($1.0) }
    for (bytes, count) in items {
      bytes.withUnsafeBufferPointer { table.insertUnique(FieldDigest($0).hash, $0, count: count) }
    }
  }

  private static func entryCount(
    _ value: JSONValue, _ fields: SketchCoding.Fields
  ) throws(CoreError) -> Int {
    guard let wide = value.intValue, let count = Int(exactly: wide), count >= 1 else {
      throw fields.invalid("counts", "must map items to positive integers")
    }
    return count
  }
}

extension FrequentItems: Equatable {
  /// Same capacity, totals and counted items (table layout ignored).
  public static func == (a: FrequentItems, b: FrequentItems) -> Bool {
    guard a.capacity == b.capacity, a.total == b.total, a.maximumError == b.maximumError,
      a.trackedCount == b.trackedCount
    else { return false }
    return a.topItems(a.trackedCount).elementsEqual(b.topItems(b.trackedCount)) {
      $0.bytes == $1.bytes && $0.count == $1.count
    }
  }
}
