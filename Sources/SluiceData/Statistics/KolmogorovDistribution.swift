#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The finite-`n` distribution of the two-sided one-sample Kolmogorov–Smirnov statistic `D_n`:
/// the survival function of scipy's `kstwo` distribution (`scipy.stats._ksstats.kolmogn`).
///
/// Simard & L'Ecuyer (2011) pick among several exact and approximate methods by `n` and
/// `n·x²`; each branch below mirrors theirs as scipy implements it, so that the p-values agree
/// with `ks_2samp(..., method='asymp')` to rounding, not just to the method's accuracy.
enum KolmogorovDistribution {
  private static let scaleUp = 0x1p128
  private static let scaleDown = 0x1p-128
  private static let scaleExponent = 128

  /// `kstwo.sf(x, n)`: 1 at or below the support's lower end `0.5/n`, 0 at or above 1, and NaN
  /// when `n` is not a positive integer (scipy's `argcheck`).
  static func survival(statistic x: Double, n: Double) -> Double {
    guard n >= 1, n == n.rounded(), !x.isNaN else { return .nan }
    if x <= 0.5 / n { return 1 }
    if x >= 1 { return 0 }
    guard n < 0x1p53 else { return .nan }
    return survival(n: Int(n), x: x)
  }

  /// `P(D_n > x)` for `n >= 1` (`kolmogn(n, x, cdf=False)`).
  static func survival(n: Int, x: Double) -> Double {
    if x >= 1 { return 0 }
    if x <= 0 { return 1 }
    let t = Double(n) * x
    if t <= 1 {
      // Ruben–Gambino: for 1/2n <= x <= 1/n the CDF is n!/n^n · (2t-1)^n.
      if t <= 0.5 { return 1 }
      let probability: Double
      if n <= 140 {
        var product = 1.0
        let step = 1.0 / Double(n)
        for i in 1...n { product *= Double(i) * step * (2 * t - 1) }
        probability = product
      } else {
        probability = exp(logFactorialOverPower(n) + Double(n) * log(2 * t - 1))
      }
      return clip(1 - probability)
    }
    if t >= Double(n - 1) { return clip(2 * pow(1 - x, Double(n))) }
    if x >= 0.5 { return clip(2 * SmirnovDistribution.survival(n: n, x: x)) }

    let nxSquared = t * x
    if n <= 140 {
      if nxSquared <= 0.754693 { return clip(1 - durbinMatrixCDF(n: n, d: x)) }
      if nxSquared <= 4 { return clip(1 - pomeranzCDF(n: n, x: x)) }
      return clip(2 * SmirnovDistribution.survival(n: n, x: x))
    }
    if nxSquared >= 370 { return 0 }
    if nxSquared >= 2.2 { return clip(2 * SmirnovDistribution.survival(n: n, x: x)) }
    let cdf: Double
    if n <= 100_000 && Double(n) * pow(x, 1.5) <= 1.4 {
      cdf = durbinMatrixCDF(n: n, d: x)
    } else {
      cdf = pelzGoodCDF(n: n, x: x)
    }
    return clip(1 - cdf)
  }

  private static func clip(_ p: Double) -> Double { p.isNaN ? p : min(max(p, 0), 1) }

  /// `log(n! / n^n)` by Stirling's series with `n·log(n)` removed analytically.
  static func logFactorialOverPower(_ n: Int) -> Double {
    let coefficients = [
      -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
      8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
      -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ]
    let rn = 1.0 / Double(n)
    var series = 0.0
    for c in coefficients { series = series * (rn / Double(n)) + c }
    return log(Double(n)) / 2 - Double(n) + log(2 * Double.pi) / 2 + rn * series
  }

  /// `P(D_n <= d)` by Durbin's matrix method in the Marsaglia–Tsang–Wang form: the `k`-th
  /// diagonal entry of `H^n` for a `(2k-1)`-square matrix, rescaled by powers of 2^128.
  static func durbinMatrixCDF(n: Int, d: Double) -> Double {
    if d >= 1 { return 1 }
    let nd = Double(n) * d
    if nd <= 0.5 { return 0 }
    let k = Int(nd.rounded(.up))
    let h = Double(k) - nd
    let m = 2 * k - 1

    var v = [Double](repeating: 0, count: m)
    var w = [Double](repeating: 0, count: m)
    var factorial = 1.0
    for j in 1...m {
      w[j - 1] = factorial
      factorial /= Double(j)
      v[j - 1] = (1 - pow(h, Double(j))) * factorial
    }
    let tail = pow(max(2 * h - 1, 0), Double(m)) - 2 * pow(h, Double(m))
    v[m - 1] = (1 + tail) * factorial

    var matrix = [Double](repeating: 0, count: m * m)
    for column in 1..<max(m, 1) {
      for row in (column - 1)..<m { matrix[row * m + column] = w[row - column + 1] }
    }
    for row in 0..<m { matrix[row * m] = v[row] }
    for column in 0..<m { matrix[(m - 1) * m + column] = v[m - 1 - column] }

    var power = [Double](repeating: 0, count: m * m)
    for i in 0..<m { power[i * m + i] = 1 }
    var scratch = [Double](repeating: 0, count: m * m)
    var exponent = 0
    var matrixExponent = 0
    var remaining = n
    let diagonal = (k - 1) * m + (k - 1)
    while remaining > 0 {
      if remaining % 2 == 1 {
        multiply(power, matrix, into: &scratch, size: m)
        swap(&power, &scratch)
        exponent += matrixExponent
      }
      multiply(matrix, matrix, into: &scratch, size: m)
      swap(&matrix, &scratch)
      matrixExponent *= 2
      if abs(matrix[diagonal]) > scaleUp {
        for i in matrix.indices { matrix[i] /= scaleUp }
        matrixExponent += scaleExponent
      }
      remaining /= 2
    }

    var p = power[diagonal]
    for i in 1...n {
      p = Double(i) * p / Double(n)
      if abs(p) < scaleDown {
        p *= scaleUp
        exponent -= scaleExponent
      }
    }
    if exponent != 0 { p = Double(sign: .plus, exponent: exponent, significand: p) }
    return clip(p)
  }

  private static func multiply(
    _ a: [Double], _ b: [Double], into result: inout [Double], size m: Int
  ) {
    for i in 0..<m {
      for j in 0..<m { result[i * m + j] = 0 }
      for l in 0..<m {
        let left = a[i * m + l]
        if left == 0 { continue }
        for j in 0..<m { result[i * m + j] += left * b[l * m + j] }
      }
    }
  }

  /// The interval of non-zero entries in row `i` of Pomeranz's recursion.
  private static func pomeranzBounds(
    _ i: Int, n: Int, ll: Int, ceilF: Int, roundF: Int
  ) -> (Int, Int) {
    var j1: Int
    var j2: Int
    if i == 0 {
      j1 = -ll - ceilF - 1
      j2 = ll + ceilF - 1
    } else {
      let half = (i + 1) / 2
      if (i + 1) % 2 == 0 {
        if half == n + 1 {
          j1 = n - ll - ceilF - 1
          j2 = n + ll + ceilF - 1
        } else {
          j1 = half - 1 - ll - roundF - 1
          j2 = half + ll - 1 + ceilF - 1
        }
      } else {
        j1 = half - 1 - ll - 1
        j2 = half + ll + roundF - 1
      }
    }
    return (max(j1 + 2, 0), min(j2, n))
  }

  /// `P(D_n <= x)` by Pomeranz's recursion: `2n+1` convolutions of a short row with one of three
  /// truncated Poisson weight sequences.
  static func pomeranzCDF(n: Int, x: Double) -> Double {
    let t = Double(n) * x
    let ll = Int(t.rounded(.down))
    let f = t - Double(ll)
    let g = min(f, 1 - f)
    let ceilF = f > 0 ? 1 : 0
    let roundF = f > 0.5 ? 1 : 0
    let powerCount = 2 * (ll + 1)
    var gPower = [Double](repeating: 1, count: powerCount)
    var twoGPower = [Double](repeating: 1, count: powerCount)
    var oneMinusTwoGPower = [Double](repeating: 1, count: powerCount)
    let gOverN = g / Double(n)
    let twoGOverN = 2 * g / Double(n)
    let oneMinusTwoGOverN = (1 - 2 * g) / Double(n)
    for m in 1..<powerCount {
      gPower[m] = gPower[m - 1] * gOverN / Double(m)
      twoGPower[m] = twoGPower[m - 1] * twoGOverN / Double(m)
      oneMinusTwoGPower[m] = oneMinusTwoGPower[m - 1] * oneMinusTwoGOverN / Double(m)
    }

    var previous = [Double](repeating: 0, count: powerCount)
    var current = [Double](repeating: 0, count: powerCount)
    current[0] = 1
    var previousStart = 0
    var currentStart = 0
    var exponent = 0
    var (j1, j2) = pomeranzBounds(0, n: n, ll: ll, ceilF: ceilF, roundF: roundF)
    for i in 1..<(2 * n + 2) {
      let k1 = j1
      swap(&previous, &current)
      swap(&previousStart, &currentStart)
      for index in current.indices { current[index] = 0 }
      (j1, j2) = pomeranzBounds(i, n: n, ll: ll, ceilF: ceilF, roundF: roundF)
      let weights: [Double]
      if i == 1 || i == 2 * n + 1 {
        weights = gPower
      } else {
        weights = i % 2 == 1 ? twoGPower : oneMinusTwoGPower
      }
      let length = j2 - k1 + 1
      guard length > 0 else { continue }
      // Entries conv[j1-k1 ..< j2-k1+1] of the full convolution of the previous row's window
      // with the first `length` weights.
      let sourceStart = k1 - previousStart
      let sourceEnd = min(sourceStart + length, powerCount)
      let weightCount = min(length, powerCount)
      let outputStart = j1 - k1
      let outputCount = j2 - j1 + 1
      var largest = -Double.infinity
      for out in 0..<max(outputCount, 0) {
        let position = outputStart + out
        var total = 0.0
        let lower = max(0, position - (weightCount - 1))
        let upper = min(position, sourceEnd - sourceStart - 1)
        if lower <= upper {
          for s in lower...upper { total += previous[sourceStart + s] * weights[position - s] }
        }
        current[out] = total
        largest = max(largest, total)
      }
      if largest > 0 && largest < scaleDown {
        for index in current.indices { current[index] *= scaleUp }
        exponent -= scaleExponent
      }
      currentStart = previousStart + j1 - k1
    }

    var answer = current[n - currentStart]
    for m in 1...n {
      if abs(answer) > scaleUp {
        answer *= scaleDown
        exponent += scaleExponent
      }
      answer *= Double(m)
    }
    if exponent != 0 { answer = Double(sign: .plus, exponent: exponent, significand: answer) }
    return clip(answer)
  }

  /// The Pelz–Good approximation to `P(D_n <= x)`: the Li-Chien/Korolyuk expansion in
  /// `1/sqrt(n)` with each term rewritten through Jacobi theta identities to converge for
  /// small `z = x·sqrt(n)`.
  static func pelzGoodCDF(n: Int, x: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let pi2 = Double.pi * Double.pi
    let pi4 = pi2 * pi2
    let pi6 = pi4 * pi2
    let z = Double(n).squareRoot() * x
    let z2 = z * z
    let z3 = z2 * z
    let z4 = z2 * z2
    let z6 = z4 * z2
    let qLog = -pi2 / 8 / z2
    if qLog < -708 { return 0 }
    var q = exp(qLog)

    let k1a = -z2
    let k1b = pi2 / 4
    let k2a = 6 * z6 + 2 * z4
    let k2b = (2 * z4 - 5 * z2) * pi2 / 4
    let k2c = pi4 * (1 - 2 * z2) / 16
    let k3d = pi6 * (5 - 30 * z2) / 64
    let k3c = pi4 * (-60 * z2 + 212 * z4) / 16
    let k3b = pi2 * (135 * z4 - 96 * z6) / 4
    let k3a = -30 * z6 - 90 * pow(z, 8)

    var k = (0.0, 0.0, 0.0, 0.0)
    let maxK = Int((16 * z / Double.pi).rounded(.up))
    var index = maxK
    while index >= 1 {
      let odd = Double(2 * index - 1)
      let odd2 = odd * odd
      let odd4 = odd2 * odd2
      let odd6 = odd4 * odd2
      let qPower = pow(q, Double(8 * index))
      k.0 = k.0 * qPower + 1
      k.1 = k.1 * qPower + (k1a + k1b * odd2)
      k.2 = k.2 * qPower + (k2a + k2b * odd2 + k2c * odd4)
      k.3 = k.3 * qPower + (k3a + k3b * odd2 + k3c * odd4 + k3d * odd6)
      index -= 1
    }
    let root2Pi = (2 * Double.pi).squareRoot()
    k.0 = k.0 * q * root2Pi / z
    k.1 = k.1 * q * root2Pi / (6 * z4)
    k.2 = k.2 * q * root2Pi / (72 * pow(z, 7))
    k.3 = k.3 * q * root2Pi / (6480 * pow(z, 10))

    q = exp(-pi2 / 2 / z2)
    var k2Extra = 0.0
    var k3Extra = 0.0
    let root3z = 3.0.squareRoot() * z
    index = maxK
    while index >= 1 {
      let kk = Double(index)
      let k2 = kk * kk
      let qk = pow(q, k2)
      let kPi = Double.pi * kk
      k2Extra += k2 * qk
      k3Extra += (root3z + kPi) * (root3z - kPi) * k2 * qk
      index -= 1
    }
    k.2 += k2Extra * (pi2 * root2Pi / (-36 * z3))
    k.3 += k3Extra * (pi2 * root2Pi / (216 * z6))
    let rootN = Double(n).squareRoot()
    return k.0 + k.1 / rootN + k.2 / Double(n) + k.3 / (Double(n) * rootN)
  }
}
