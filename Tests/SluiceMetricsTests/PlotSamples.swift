import Foundation

@testable import SluiceMetrics

/// Deterministic prediction sets for the plot tests.
enum PlotSamples {
  /// A SplitMix64 stream of uniforms in [0, 1).
  struct Uniforms {
    var state: UInt64
    mutating func next() -> Double {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
    }
  }

  /// A binary set of `rows` rows with informative scores in [0, 1].
  static func binary(rows: Int = 600, seed: UInt64 = 1, weights: Bool = false) -> PredictionSet {
    var random = Uniforms(state: seed)
    var set = PredictionSet(task: .binary, classes: ["no", "yes"])
    for row in 0..<rows {
      let positive = random.next() < 0.4
      let noise = random.next()
      let score = positive ? 0.25 + 0.75 * noise * noise.squareRoot() : 0.7 * noise * noise
      set.ids.append("r\(row)")
      set.labels.append(positive ? 1 : 0)
      set.positiveScores.append((score * 1000).rounded() / 1000)
      set.predicted.append(score >= 0.5 ? 1 : 0)
    }
    if weights { set.weights = (0..<rows).map { Double($0 % 4) * 0.5 } }
    return set
  }

  /// A three-class set whose class names need XML escaping.
  static func multiclass(rows: Int = 450, seed: UInt64 = 2) -> PredictionSet {
    var random = Uniforms(state: seed)
    let classes = ["<cat & dog>", "bird \"tweety\"", "fish"]
    var set = PredictionSet(task: .multiclass, classes: classes)
    for row in 0..<rows {
      let truth = Int(random.next() * 3)
      var scores = (0..<3).map { _ in random.next() }
      scores[truth] += 0.8
      let total = scores.reduce(0, +)
      let probabilities = scores.map { $0 / total }
      set.ids.append(String(row + 1))
      set.labels.append(Int32(truth))
      let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
      set.predicted.append(Int32(best))
      set.probabilities += probabilities
    }
    return set
  }

  /// A regression set of `rows` rows with heteroscedastic residuals.
  static func regression(rows: Int = 7000, seed: UInt64 = 3) -> PredictionSet {
    var random = Uniforms(state: seed)
    var set = PredictionSet(task: .regression)
    for row in 0..<rows {
      let x = random.next() * 100
      let noise = (random.next() + random.next() + random.next() - 1.5) * (5 + x / 5)
      set.ids.append("id-\(row)")
      set.values.append(20 + 3 * x)
      set.targets.append(20 + 3 * x + noise)
    }
    return set
  }

  /// A fresh empty temporary directory.
  static func temporaryDirectory(_ name: String) throws -> String {
    let path =
      NSTemporaryDirectory()
      + "sluice-plots-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}
