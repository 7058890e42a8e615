/// An open-addressing map from 64-bit hashes to the line where each was first seen: the
/// uniqueness check's memory, much cheaper per lookup than `[UInt64: Int]`.
struct LineIndex: Sendable {
  private var keys: [UInt64]
  private var lines: [Int]
  private var mask: Int
  private(set) var count = 0

  init(capacity: Int = 1024) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keys = [UInt64](repeating: 0, count: size)
    lines = [Int](repeating: 0, count: size)
    mask = size - 1
  }

  /// The line already recorded for `hash`, or nil after recording `line` for it.
  @inline(__always)
  mutating func firstLine(of hash: UInt64, else line: Int) -> Int? {
    let key = hash == 0 ? 1 : hash
    if (count + 1) * 2 > keys.count { grow() }
    var index = Int(truncatingIfNeeded: key >> 7) & mask
    while true {
      let slot = keys[index]
      if slot == key { return lines[index] }
      if slot == 0 {
        keys[index] = key
        lines[index] = line
        count += 1
        return nil
      }
      index = (index + 1) & mask
    }
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldLines = lines
    keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
    lines = [Int](repeating: 0, count: oldKeys.count * 2)
    mask = keys.count - 1
    count = 0
    for (key, line) in zip(oldKeys, oldLines) where key != 0 { _ = firstLine(of: key, else: line) }
  }
}
