extension PlotCurves {
  /// A reliability diagram: `calibration_curve(n_bins=15, strategy="uniform")`.
  ///
  /// The bins are the 15 equal-width bins of `ece`; a probability on an inner edge belongs to
  /// the lower bin (`np.searchsorted(bins[1:-1], p)`), and empty bins are left out.
  public struct Calibration: Sendable, Equatable {
    /// The number of equal-width bins on [0, 1].
    public static let binCount = 15

    /// The zero-based index of each non-empty bin.
    public var bins: [Int]
    /// The mean predicted probability in each bin (`prob_pred`).
    public var meanPredicted: [Double]
    /// The fraction of positives in each bin (`prob_true`).
    public var fractionPositive: [Double]
    /// The number of rows in each bin.
    public var counts: [Int]
    /// The total weight in each bin (equal to `counts` without weights).
    public var totalWeights: [Double]

    /// The curve of probabilities `scores` (each in [0, 1]) against truth `positive`.
    ///
    /// scikit-learn's `calibration_curve` has no sample weights; with `weights` the means
    /// and fractions are weighted means, and without them the numbers equal scikit-learn's.
    public init(positive: [Bool], scores: [Double], weights: [Double]?) {
      let binCount = Self.binCount
      // np.linspace(0, 1, 16)[k] is exactly k * (1 / 15); only the 14 inner edges matter.
      let step = 1.0 / Double(binCount)
      let edges = (1..<binCount).map { Double($0) * step }
      var sums = [Double](repeating: 0, count: binCount)
      var trues = [Double](repeating: 0, count: binCount)
      var totals = [Double](repeating: 0, count: binCount)
      var rows = [Int](repeating: 0, count: binCount)
      for row in 0..<min(positive.count, scores.count) {
        let score = scores[row]
        let bin = Self.bin(of: score, edges: edges)
        rows[bin] += 1
        if let weights {
          let weight = row < weights.count ? weights[row] : 1
          sums[bin] += weight * score
          trues[bin] += positive[row] ? weight : 0
          totals[bin] += weight
        } else {
          sums[bin] += score
          trues[bin] += positive[row] ? 1 : 0
          totals[bin] += 1
        }
      }
      bins = []
      meanPredicted = []
      fractionPositive = []
      counts = []
      totalWeights = []
      for bin in 0..<binCount where rows[bin] != 0 && totals[bin] != 0 {
        bins.append(bin)
        meanPredicted.append(sums[bin] / totals[bin])
        fractionPositive.append(trues[bin] / totals[bin])
        counts.append(rows[bin])
        totalWeights.append(totals[bin])
      }
    }

    /// The expected calibration error of these bins: Σ (weight / total) · |fraction − mean|.
    public var expectedCalibrationError: Double? {
      let total = totalWeights.reduce(0, +)
      guard total > 0 else { return nil }
      var error = 0.0
      for index in bins.indices {
        error += totalWeights[index] / total * abs(fractionPositive[index] - meanPredicted[index])
      }
      return error
    }

    /// The number of inner edges strictly below `score` (`searchsorted`, side "left").
    static func bin(of score: Double, edges: [Double]) -> Int {
      let guess = score * Double(edges.count + 1)
      var bin = guess >= 0 ? Int(min(Double(edges.count), guess.rounded(.down))) : 0
      // The product can land one bin off near an edge; settle it against the edges.
      while bin > 0 && edges[bin - 1] >= score { bin -= 1 }
      while bin < edges.count && edges[bin] < score { bin += 1 }
      return bin
    }

    /// Whether every score is a probability, the precondition of the curve.
    public static func accepts(_ scores: [Double]) -> Bool {
      scores.allSatisfy { $0 >= 0 && $0 <= 1 }
    }
  }
}
