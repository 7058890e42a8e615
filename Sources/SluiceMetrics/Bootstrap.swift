import SluiceCore
import SluiceTable

/// Percentile bootstrap confidence intervals for every metric of a set.
///
/// Round `r` resamples the rows with replacement from its own generator, seeded from
/// (`seed`, `r`), so the intervals are byte-identical for any number of threads. A round is
/// a vector of row multiplicities evaluated with orderings sorted once (see `Evaluator`),
/// which makes it a few linear passes.
public enum Bootstrap {
  /// The settings of a bootstrap.
  public struct Settings: Sendable, Equatable {
    /// The number of resamples.
    public var rounds: Int
    /// The generator seed.
    public var seed: UInt64
    /// The two-sided coverage of each interval, e.g. 0.95.
    public var confidence: Double
    /// Worker threads; the result never depends on it.
    public var workers: Int

    /// Settings with the given values.
    public init(
      rounds: Int, seed: UInt64 = 0, confidence: Double = 0.95,
      workers: Int = ReadOptions.defaultWorkers
    ) {
      self.rounds = rounds
      self.seed = seed
      self.confidence = confidence
      self.workers = workers
    }
  }

  /// The intervals of a bootstrap.
  public struct Intervals: Sendable, Equatable {
    /// Metric -> [low, high]; absent when the metric was undefined in every round.
    public var bounds: [String: (Double, Double)]
    /// Metric -> the number of rounds in which it was undefined (only when non-zero).
    public var undefinedRounds: [String: Int]

    /// Whether two results are identical.
    public static func == (left: Intervals, right: Intervals) -> Bool {
      left.undefinedRounds == right.undefinedRounds
        && left.bounds.keys.sorted() == right.bounds.keys.sorted()
        && left.bounds.allSatisfy { name, bound in
          right.bounds[name].map { $0.0 == bound.0 && $0.1 == bound.1 } ?? false
        }
    }
  }

  /// The percentile intervals of every metric of `set` over `settings.rounds` resamples.
  public static func intervals(_ set: PredictionSet, settings: Settings) -> Intervals {
    let evaluator = Evaluator(set)
    let count = set.count
    let rounds = settings.rounds
    let blocks = max(1, min(rounds, settings.workers * 4))
    let ranges = (0..<blocks).map { block in
      (rounds * block / blocks)..<(rounds * (block + 1) / blocks)
    }
    let seed = settings.seed
    let replicates = ParallelMap.map(ranges, workers: settings.workers) { range in
      var multiplicity = [Int32](repeating: 0, count: count)
      return range.map { round -> MetricValues in
        var random = SplitRandom(seed: seed, stream: UInt64(round))
        multiplicity.withUnsafeMutableBufferPointer { counts in
          counts.update(repeating: 0)
          for _ in 0..<count { counts[random.below(count)] += 1 }
        }
        return evaluator.compute(multiplicity: multiplicity)
      }
    }.flatMap { $0 }
    var result = Intervals(bounds: [:], undefinedRounds: [:])
    let alpha = (1 - settings.confidence) / 2
    for name in MetricSuite.names(for: set.task) where name != "n" {
      var samples = replicates.compactMap { $0[name] }
      let missing = rounds - samples.count
      if missing > 0 { result.undefinedRounds[name] = missing }
      guard !samples.isEmpty else { continue }
      samples.sort()
      result.bounds[name] = (
        percentile(samples, alpha), percentile(samples, 1 - alpha)
      )
    }
    return result
  }

  /// numpy's default (linear) percentile of sorted `values` at fraction `q`.
  static func percentile(_ values: [Double], _ q: Double) -> Double {
    let position = q * Double(values.count - 1)
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, values.count - 1)
    let fraction = position - Double(lower)
    return values[lower] + (values[upper] - values[lower]) * fraction
  }
}
