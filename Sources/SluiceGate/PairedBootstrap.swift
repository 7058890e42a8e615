import SluiceCore

/// The seeded paired bootstrap of candidate − baseline.
///
/// Each round draws `count` row indices with replacement from a SplitMix64 stream (`SplitRandom`) seeded by
/// `seed`; every metric of both models is computed on those same rows, so the rows' shared
/// difficulty cancels in the difference. Rounds where either value is undefined (e.g. a
/// resample with one class for AUC) are dropped and counted.
public struct PairedBootstrap: Sendable {
  /// The number of resampling rounds.
  public var rounds: Int
  /// The seed of the row sampler.
  public var seed: UInt64

  /// Creates the procedure.
  public init(rounds: Int = 1000, seed: UInt64 = 0) {
    self.rounds = rounds
    self.seed = seed
  }

  /// For each metric (in order): the sorted differences of the rounds where both are defined.
  public func differences(count: Int, metrics: [PairedMetric]) -> [[Double]] {
    var output = [[Double]](repeating: [], count: metrics.count)
    guard count > 0 else { return output }
    var generator = SplitRandom(state: seed)
    var rows = [Int](repeating: 0, count: count)
    for _ in 0..<rounds {
      for index in 0..<count { rows[index] = generator.below(count) }
      for (position, metric) in metrics.enumerated() {
        if let candidate = metric.candidate(rows), let baseline = metric.baseline(rows),
          candidate.isFinite, baseline.isFinite
        {
          output[position].append(candidate - baseline)
        }
      }
    }
    return output.map { $0.sorted() }
  }

  /// The `q` quantile of sorted `values` with linear interpolation (numpy's default).
  public static func quantile(_ values: [Double], _ q: Double) -> Double {
    guard let first = values.first else { return .nan }
    if values.count == 1 { return first }
    let position = Double(values.count - 1) * min(max(q, 0), 1)
    let lower = Int(position)
    let upper = min(lower + 1, values.count - 1)
    return values[lower] + (position - Double(lower)) * (values[upper] - values[lower])
  }
}
