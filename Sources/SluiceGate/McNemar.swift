#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// McNemar's exact test of "the two classifiers are equally accurate" on paired rows.
///
/// The statistic is min(b, c), with b the rows only the candidate gets right and c those
/// only the baseline gets right; the two-sided p-value is min(1, 2·P(X ≤ min(b, c))) for
/// X ~ Binomial(b + c, 1/2), as statsmodels' `mcnemar(table, exact=True)`.
public enum McNemar {
  /// The discordant counts and the exact two-sided p-value.
  public struct Result: Sendable, Equatable {
    /// Rows the candidate classifies correctly and the baseline does not.
    public var candidateOnly: Int
    /// Rows the baseline classifies correctly and the candidate does not.
    public var baselineOnly: Int
    /// The exact two-sided p-value.
    public var pValue: Double
  }

  /// Tests paired correctness vectors of equal length.
  public static func test(candidateCorrect: [Bool], baselineCorrect: [Bool]) -> Result {
    var b = 0
    var c = 0
    for index in 0..<min(candidateCorrect.count, baselineCorrect.count) {
      let candidate = candidateCorrect[index]
      let baseline = baselineCorrect[index]
      if candidate && !baseline { b += 1 }
      if baseline && !candidate { c += 1 }
    }
    return Result(candidateOnly: b, baselineOnly: c, pValue: exactPValue(b, c))
  }

  /// min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, 1/2).
  public static func exactPValue(_ b: Int, _ c: Int) -> Double {
    min(1, 2 * binomialHalfCDF(min(b, c), b + c))
  }

  /// P(X ≤ k) for X ~ Binomial(n, 1/2), summed in log space from the largest term down.
  static func binomialHalfCDF(_ k: Int, _ n: Int) -> Double {
    if k >= n { return 1 }
    if k < 0 { return 0 }
    let logTotal = Double(n) * log(2.0)
    let logN = logGamma(Double(n) + 1)
    var sum = 0.0
    // Terms grow with i up to n/2, so adding from i = k downwards sums the largest first.
    var i = k
    while i >= 0 {
      let term = exp(logN - logGamma(Double(i) + 1) - logGamma(Double(n - i) + 1) - logTotal)
      sum += term
      if term < sum * 1e-18 { break }
      i -= 1
    }
    return min(sum, 1)
  }

  private static func logGamma(_ x: Double) -> Double {
    let value: Double = lgamma(x)
    return value
  }
}
