import SluiceTable

/// A buffer's base address handed to worker threads that each touch elements of their own
/// (disjoint ranges), which Swift cannot check, hence `@unchecked`.
struct SharedBuffer<Element>: @unchecked Sendable {
  var base: UnsafeMutablePointer<Element>

  init?(_ buffer: UnsafeMutableBufferPointer<Element>) {
    guard let base = buffer.baseAddress else { return nil }
    self.base = base
  }
}

/// Work over `0..<count` cut into at most `workers` consecutive ranges, each done by one
/// thread. Only for per-element work whose results do not depend on where the cuts fall.
enum ChunkedWork {
  /// Below this many elements a thread hand-off costs more than it saves.
  static let minimum = 65_536

  /// The consecutive ranges `0..<count` is cut into for `workers` threads.
  static func ranges(_ count: Int, workers: Int) -> [Range<Int>] {
    let parts = count < minimum ? 1 : max(1, workers)
    let size = max(1, (count + parts - 1) / parts)
    return stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
  }

  /// Runs `body` on every range of `0..<count`, on up to `workers` threads.
  static func run(
    _ count: Int, workers: Int, _ body: @escaping @Sendable (Range<Int>) -> Void
  ) {
    let chunks = ranges(count, workers: workers)
    _ = ParallelMap.map(chunks, workers: chunks.count, body)
  }
}
