#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The exact survival function of the one-sided one-sample Kolmogorov–Smirnov statistic
/// `D+_n`, the `scipy.special.smirnov(n, d)` of scipy.
///
/// Follows the Birnbaum–Tingey / Smirnov finite sum as evaluated by van Mulbregt
/// (arXiv:1802.06966) and scipy's `xsf` library: terms are formed in double-double with a
/// separately tracked binary exponent, because both the binomial coefficient and the powers
/// leave double range long before `n` reaches the sizes a CI drift check sees.
enum SmirnovDistribution {
  /// Above this `n` the sum is replaced by the `exp(-(6nx+1)^2 / 18n)` approximation, as
  /// scipy does.
  static let maximumComputedN = 1_000_000

  /// Keeps both words of an intermediate power normalised (scipy: `SM_MAX_EXPONENT`).
  private static let maximumExponent = 960

  /// `log(2^-1075)`: below it `exp` gives 0.
  private static let minimumLog = -7.451332191019412076235245305675398106812e2

  /// `P(D+_n >= x)`; NaN outside `n > 0`, `0 <= x <= 1`.
  static func survival(n: Int, x: Double) -> Double {
    guard n > 0, x >= 0, x <= 1 else { return .nan }
    if n == 1 { return 1 - x }
    if x == 0 { return 1 }
    if x == 1 { return 0 }

    let (alpha, nxFloor) = splitNX(n: n, x: x)
    var lowerLast = n - nxFloor - (alpha == 0 ? 0 : 1)
    var upperFirst = n - nxFloor
    // With n·x an integer the boundary term is zero and belongs to neither sum.
    if alpha == 0 {
      lowerLast -= 1
      upperFirst += 1
    }

    if nxFloor == 0 || (nxFloor == 1 && alpha == 0) {
      let t = (DoubleDouble(1) + x).power(n - 1).value
      return 1 - x * t
    }
    if -2 * Double(n) * x * x < minimumLog { return 0 }
    if nxFloor >= n - 1 { return (DoubleDouble(1) - x).power(n).value }
    if n > maximumComputedN {
      let logP = -pow(6.0 * Double(n) * x + 1, 2) / 18.0 / Double(n)
      return logP < -M_LN2 ? exp(logP) : 1 - (-expm1(logP))
    }

    // The upper sum alternates in sign and its terms grow past 1, so it is only used when it
    // has very few terms.
    let upperTerms = n - upperFirst + 1
    let useUpperSum =
      (upperTerms <= 1 && x < 0.5)
      || (n >= 10 && upperTerms <= 3 && x <= 0.5 / Double(n).squareRoot())

    var start = 0
    var step = 1
    var termCount = lowerLast + 1
    var sum: DoubleDouble
    if useUpperSum {
      start = n
      step = -1
      termCount = n - upperFirst + 1
      sum = ratioPower(DoubleDouble(1) + x, DoubleDouble(1), n - 1)
    } else {
      sum = ratioPower(DoubleDouble(1) - x, DoubleDouble(1), n) / x
    }

    var mantissa = DoubleDouble(1)
    var binaryExponent = 0
    advanceBinomial(&mantissa, &binaryExponent, n: n, j: 0)
    let middle = n / 2
    var j = 1
    while j < termCount {
      let v = start + j * step
      let term = sumTerm(n: n, x: x, v: v, mantissa: mantissa, binaryExponent: binaryExponent)
      let isZero = term.hi == 0 && term.lo == 0
      if term.isFinite && !isZero { sum = sum + term }
      if !isZero {
        let remaining = 4 * Double(termCount - j) * abs(term.hi)
        if remaining < Double.ulpOfOne * sum.hi && j != termCount - 1 { break }
      } else if j > middle {
        break
      }
      advanceBinomial(&mantissa, &binaryExponent, n: n, j: j)
      j += 1
    }
    let probability = (x * sum).value
    let sf = step < 0 ? 1 - probability : probability
    return min(max(sf, 0), 1)
  }

  /// `floor(n·x)` and the fractional part of `n·x`, both computed exactly.
  private static func splitNX(n: Int, x: Double) -> (alpha: Double, floor: Int) {
    let nx = Double(n) * DoubleDouble(x)
    let nxFloor = nx.floor()
    var alpha = (nx - nxFloor).hi
    var floorValue = Int(nxFloor.hi)
    if alpha == 1 {
      floorValue += 1
      alpha = 0
    }
    return (alpha, floorValue)
  }

  /// Multiplies the binomial `C(n, j)` held as `mantissa · 2^exponent` by `(n-j)/(j+1)`.
  private static func advanceBinomial(
    _ mantissa: inout DoubleDouble, _ exponent: inout Int, n: Int, j: Int
  ) {
    let ratio = DoubleDouble(Double(n - j)) / (Double(j) + 1.0)
    let (scaled, shift) = (mantissa * ratio).frexp()
    exponent += shift
    mantissa = scaled
  }

  /// `(a / c)^m`, with scipy's conventions for zero numerators and denominators.
  private static func ratioPower(_ a: DoubleDouble, _ c: DoubleDouble, _ m: Int) -> DoubleDouble {
    if m <= 0 {
      return m == 0 ? DoubleDouble(1) : ratioPower(c, a, -m)
    }
    let aIsZero = a.hi == 0 && a.lo == 0
    let cIsZero = c.hi == 0 && c.lo == 0
    if aIsZero { return cIsZero ? DoubleDouble(.nan, .nan) : DoubleDouble(0) }
    if cIsZero { return a.hi < 0 ? DoubleDouble(-.infinity) : DoubleDouble(.infinity) }
    return (a / c).power(m)
  }

  /// `C(n, v) · (1 - x - v/n)^(n-v) · (x + v/n)^(v-1)`.
  private static func sumTerm(
    n: Int, x: Double, v: Int, mantissa: DoubleDouble, binaryExponent: Int
  ) -> DoubleDouble {
    let below = DoubleDouble(Double(n - v)) / Double(n) - x
    let (t2, t2Exponent) = scaledPower(below, n - v)
    let above = DoubleDouble(Double(v)) / Double(n) + x
    let (t1, t1Exponent) = scaledPower(above, v - 1)
    let product = t1 * t2 * mantissa
    return product.scaled(by: binaryExponent + t1Exponent + t2Exponent)
  }

  /// `a^m` as a mantissa in [0.5, 1) and a binary exponent, so that neither overflows nor
  /// underflows for exponents in the millions.
  private static func scaledPower(_ a: DoubleDouble, _ m: Int) -> (DoubleDouble, Int) {
    if m <= 0 {
      if m == 0 { return (DoubleDouble(1), 0) }
      let (inverse, inverseExponent) = scaledPower(a, -m)
      let (mantissa, shift) = (1.0 / inverse).frexp()
      return (mantissa, -inverseExponent + shift)
    }
    let (y, yExponent) = a.frexp()
    if m == 1 { return (y, yExponent) }
    var chunk = maximumExponent
    // y^m for y in [0.5, 1) can leave the double range; split m so each partial power stays
    // above 2^-960.
    if Double(m) * (y.hi - 1) / y.hi < -Double(maximumExponent) * M_LN2 {
      let log2y = log(y.hi) / M_LN2
      if Double(m) * log2y <= -Double(maximumExponent) {
        let limit = -Double(maximumExponent) / log2y + 1
        chunk = Int(abs(limit + DoubleDouble.timesPowerOfTwo(limit, -52)) / 2)
      }
    }
    if m <= chunk {
      let (mantissa, shift) = y.power(m).frexp()
      return (mantissa, shift + m * yExponent)
    }
    let quotient = m / chunk
    let remainder = m % chunk
    let (yR, yRExponent) = scaledPower(y, remainder)
    let (yChunk, yChunkExponent) = scaledPower(y, chunk)
    let (yChunks, yChunksExponent) = scaledPower(yChunk, quotient)
    let (mantissa, shift) = (yR * yChunks).frexp()
    let total = shift + yChunksExponent + yChunkExponent * quotient + yRExponent + m * yExponent
    return (mantissa, total)
  }
}
