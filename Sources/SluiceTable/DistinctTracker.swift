/// Tracks distinct values of a column up to a limit: the exact set while it is small (the
/// domain of a categorical column), and whether any value repeats (a key column).
struct DistinctTracker: Sendable {
  /// Values kept verbatim, in first-seen order, up to `valueLimit + 1` of them.
  private(set) var values: [[UInt8]] = []
  private var valueHashes: [UInt64] = []
  private(set) var hashes = HashSet64()
  /// Some value occurred twice.
  private(set) var duplicateSeen = false
  /// Tracking stopped: more than `valueLimit` values and a repeat, or more than `hashLimit`.
  private(set) var saturated = false
  let valueLimit: Int
  let hashLimit: Int

  init(valueLimit: Int, hashLimit: Int = 1 << 19) {
    self.valueLimit = valueLimit
    self.hashLimit = hashLimit
  }

  /// Distinct values counted when tracking stopped.
  private(set) var seenAtLeast = 0

  /// Number of distinct values seen (a lower bound once saturated).
  var count: Int { saturated ? seenAtLeast : hashes.count }

  /// Adds one value; a value with a space past the value limit stops tracking, because
  /// identifiers hold no spaces and free text needs no domain.
  @inline(__always)
  mutating func insert(_ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, spaced: Bool = false) {
    if saturated { return }
    if hashes.insert(hash) {
      if values.count <= valueLimit {
        values.append(Array(bytes))
        valueHashes.append(hash)
      }
      if hashes.count > hashLimit || spaced && hashes.count > valueLimit { saturate() }
    } else {
      duplicateSeen = true
      if hashes.count > valueLimit { saturate() }
    }
  }

  private mutating func saturate() {
    saturated = true
    seenAtLeast = max(seenAtLeast, hashes.count)
    hashes = HashSet64()
    values.removeAll()
    valueHashes.removeAll()
  }

  /// Adds what `later` saw after what this tracker saw.
  mutating func merge(_ later: DistinctTracker) {
    duplicateSeen = duplicateSeen || later.duplicateSeen
    if saturated { return }
    if later.saturated {
      seenAtLeast = max(hashes.count, later.seenAtLeast)
      saturate()
      return
    }
    for (value, hash) in zip(later.values, later.valueHashes) where values.count <= valueLimit {
      if !hashes.contains(hash) {
        values.append(value)
        valueHashes.append(hash)
      }
    }
    for hash in later.hashes.elements where !hashes.insert(hash) {
      duplicateSeen = true
    }
    if hashes.count > hashLimit || (duplicateSeen && hashes.count > valueLimit) { saturate() }
  }
}
