/// DeLong's test for two correlated ROC AUCs (the same rows scored by two models).
///
/// Placement values give each model's AUC and the covariance of the two AUCs (DeLong,
/// DeLong & Clarke-Pearson 1988); the difference's variance is
/// (S10₁₁ + S10₂₂ − 2·S10₁₂)/m + (S01₁₁ + S01₂₂ − 2·S01₁₂)/n with m positives, n negatives
/// and sample covariances (denominators m − 1, n − 1), as R's pROC
/// `roc.test(method = "delong", paired = TRUE)`. Ties count one half. Placements are
/// computed by sorting and binary search: O(N log N).
public enum DeLong {
  /// The two AUCs and the test of their difference.
  public struct Result: Sendable, Equatable {
    /// The candidate's AUC.
    public var candidateAUC: Double
    /// The baseline's AUC.
    public var baselineAUC: Double
    /// The standard error of candidate − baseline.
    public var standardError: Double
    /// (candidate − baseline) / standardError.
    public var z: Double
    /// The two-sided p-value of "the AUCs are equal".
    public var pValue: Double

    /// candidate − baseline.
    public var difference: Double { candidateAUC - baselineAUC }
  }

  /// Compares two score vectors on the same rows; nil without both classes.
  public static func test(positive: [Bool], candidate: [Double], baseline: [Double]) -> Result? {
    let count = min(positive.count, candidate.count, baseline.count)
    let positives = (0..<count).filter { positive[$0] }
    let negatives = (0..<count).filter { !positive[$0] }
    let m = positives.count
    let n = negatives.count
    guard m >= 2, n >= 2 else { return nil }
    let first = placements(candidate, positives, negatives)
    let second = placements(baseline, positives, negatives)
    let auc1 = mean(first.positive)
    let auc2 = mean(second.positive)
    let s10 = covariance(first.positive, second.positive)
    let s01 = covariance(first.negative, second.negative)
    let variance =
      (s10.0 + s10.2 - 2 * s10.1) / Double(m) + (s01.0 + s01.2 - 2 * s01.1) / Double(n)
    let difference = auc1 - auc2
    let error = max(variance, 0).squareRoot()
    let z: Double
    if error > 0 {
      z = difference / error
    } else {
      z = difference == 0 ? 0 : (difference > 0 ? .infinity : -.infinity)
    }
    let p = min(1, 2 * Normal.cdf(-abs(z)))
    return Result(
      candidateAUC: auc1, baselineAUC: auc2, standardError: error, z: z, pValue: p)
  }

  /// V10 (per positive: share of negatives ranked below it) and V01 (per negative: share of
  /// positives ranked above it).
  static func placements(_ scores: [Double], _ positives: [Int], _ negatives: [Int]) -> (
    positive: [Double], negative: [Double]
  ) {
    let positiveScores = positives.map { scores[$0] }.sorted()
    let negativeScores = negatives.map { scores[$0] }.sorted()
    let m = Double(positiveScores.count)
    let n = Double(negativeScores.count)
    let v10 = positives.map { index -> Double in
      let score = scores[index]
      let below = lowerBound(negativeScores, score)
      let equal = upperBound(negativeScores, score) - below
      return (Double(below) + 0.5 * Double(equal)) / n
    }
    let v01 = negatives.map { index -> Double in
      let score = scores[index]
      let upper = upperBound(positiveScores, score)
      let equal = upper - lowerBound(positiveScores, score)
      return (Double(positiveScores.count - upper) + 0.5 * Double(equal)) / m
    }
    return (v10, v01)
  }

  private static func lowerBound(_ sorted: [Double], _ value: Double) -> Int {
    var low = 0
    var high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      if sorted[middle] < value { low = middle + 1 } else { high = middle }
    }
    return low
  }

  private static func upperBound(_ sorted: [Double], _ value: Double) -> Int {
    var low = 0
    var high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      if sorted[middle] <= value { low = middle + 1 } else { high = middle }
    }
    return low
  }

  private static func mean(_ values: [Double]) -> Double {
    values.reduce(0, +) / Double(values.count)
  }

  /// (var x, cov x y, var y) with denominator count − 1.
  private static func covariance(_ x: [Double], _ y: [Double]) -> (Double, Double, Double) {
    let mx = mean(x)
    let my = mean(y)
    var sxx = 0.0
    var sxy = 0.0
    var syy = 0.0
    for index in x.indices {
      let dx = x[index] - mx
      let dy = y[index] - my
      sxx += dx * dx
      sxy += dx * dy
      syy += dy * dy
    }
    let denominator = Double(x.count - 1)
    return (sxx / denominator, sxy / denominator, syy / denominator)
  }
}
