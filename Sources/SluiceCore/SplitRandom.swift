/// The one seeded generator of Sluice (split-data's shuffles, evaluate's and gate's bootstrap,
/// plot sampling): SplitMix64 with Lemire's bounded draw, identical on every platform.
///
/// `next()` adds 0x9e3779b97f4a7c15 to the state and returns `mix(state)`. `below(m)` takes
/// the high 64 bits of `next() * m` (a 128-bit product), redrawing while the low 64 bits are
/// below `(2^64 - m) mod m`, so every value in `0..<m` is equally likely. Like `SplitHash`,
/// this is part of the output format and never changes.
public struct SplitRandom: Sendable {
  /// The generator's state (the seed's bits before the first draw).
  public private(set) var state: UInt64

  /// Creates a generator whose state starts at `state`.
  public init(state: UInt64) {
    self.state = state
  }

  /// Creates a generator from a command-line seed (its two's-complement bits).
  public init(seed: Int64) {
    state = UInt64(bitPattern: seed)
  }

  /// Creates the generator of one independent stream of `seed` (e.g. one bootstrap round):
  /// the two are mixed into the state and one draw is discarded.
  public init(seed: UInt64, stream: UInt64) {
    state = seed &* 0x9E37_79B9_7F4A_7C15 ^ (stream &+ 1) &* 0xD1B5_4A32_D192_ED03
    _ = next()
  }

  /// The SplitMix64 output function (Steele, Lea and Flood 2014), a bijection that spreads
  /// every input bit over the output: the one copy in Sluice, also the finalizer of
  /// `SplitHash`, the quantile sketch's coin and `meta.data_hash`'s lanes. Inlinable because
  /// those callers run it once per value in other modules.
  @inlinable
  public static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9e37_79b9_7f4a_7c15
    return Self.mix(state)
  }

  /// A uniform integer in `0..<bound`; `bound` must be positive.
  public mutating func below(_ bound: UInt64) -> UInt64 {
    var product = next().multipliedFullWidth(by: bound)
    if product.low < bound {
      let threshold = (0 &- bound) % bound
      while product.low < threshold {
        product = next().multipliedFullWidth(by: bound)
      }
    }
    return product.high
  }

  /// A uniform integer in `0..<bound` as an `Int`; `bound` must be positive.
  public mutating func below(_ bound: Int) -> Int {
    Int(below(UInt64(bound)))
  }

  /// A uniform double in [0, 1) (the top 53 bits of a draw).
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Moves `k` elements chosen uniformly at random to the front of `items` (the first `k`
  /// steps of a Fisher–Yates shuffle: step `i` swaps `items[i]` with `items[i + below(n - i)]`).
  ///
  /// A smaller `k` with the same state picks a prefix of what a larger `k` picks.
  public mutating func choose<Element>(_ k: Int, from items: inout [Element]) {
    let count = items.count
    for index in 0..<min(k, count) {
      let other = index + Int(below(UInt64(count - index)))
      items.swapAt(index, other)
    }
  }
}
