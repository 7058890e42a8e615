/// SplitMix64 (Steele, Lea & Flood 2014): small, fast and identical on every platform.
public struct SplitMix64: Sendable {
  private var state: UInt64

  /// Creates the generator.
  public init(seed: UInt64) {
    state = seed
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in 0..<bound by multiply-shift (bias below 2⁻³², irrelevant for resampling).
  public mutating func index(below bound: Int) -> Int {
    Int(UInt64(bound).multipliedFullWidth(by: next()).high)
  }

  /// A uniform double in [0, 1).
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }
}
