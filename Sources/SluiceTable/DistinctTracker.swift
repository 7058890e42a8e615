/// Tracks distinct values of a column up to a limit: the exact set while it is small (the
/// domain of a categorical column), and whether any value repeats (a key column).
struct DistinctTracker: Sendable {
  /// Values kept verbatim, in first-seen order, up to `valueLimit + 1` of them.
  private(set) var values: [[UInt8]] = []
  private var valueHashes: [UInt64] = []
  // Starts small and doubles: a column of 20 values must not hold 8 KB of empty slots per
  // chunk (a 100,000-column table reads in chunks of a few records).
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

  /// Tracking stopped on a value that cannot be part of an identifier.
  private(set) var stoppedOnKeyless = false

  /// No value was seen twice and none that rules out an identifier (past the hash limit this
  /// is "no repeat among the first `hashLimit` distinct values").
  var mayBeUnique: Bool { !duplicateSeen && !stoppedOnKeyless }

  /// Distinct values counted when tracking stopped.
  private(set) var seenAtLeast = 0

  /// Number of distinct values seen (a lower bound once saturated).
  var count: Int { saturated ? seenAtLeast : hashes.count }

  /// Adds one value. A value that cannot be part of an identifier (it holds a space, or is a
  /// float or a date-time) stops tracking once there are more values than the limit: such a
  /// column is never a key, and past the limit it has no domain either.
  @inline(__always)
  mutating func insert(_ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, keyless: Bool = false) {
    if saturated { return }
    if hashes.insert(hash) {
      if values.count <= valueLimit {
        values.append(Array(bytes))
        valueHashes.append(hash)
      }
      if hashes.count > hashLimit {
        saturate()
      } else if keyless && hashes.count > valueLimit {
        stoppedOnKeyless = true
        saturate()
      }
    } else {
      duplicateSeen = true
      if hashes.count > valueLimit { saturate() }
    }
  }

  /// Adds a value that cannot be part of an identifier, hashing it only while tracking.
  @inline(__always)
  mutating func insertKeyless(_ bytes: UnsafeBufferPointer<UInt8>) {
    if !saturated {
      insert(FieldDigest(bytes).hash, bytes, keyless: true)
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
    stoppedOnKeyless = stoppedOnKeyless || later.stoppedOnKeyless
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
