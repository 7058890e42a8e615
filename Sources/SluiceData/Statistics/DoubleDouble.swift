#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An unevaluated sum `hi + lo` of two doubles carrying about 106 bits of significand.
///
/// The one-sided Smirnov sum raises numbers close to 1 to powers in the thousands, which
/// multiplies a double's rounding error by the exponent; carrying the base in two words keeps
/// the terms good to a few ulps, as scipy's `double_double` does for the same reason.
struct DoubleDouble: Sendable {
  var hi: Double
  var lo: Double

  init(_ hi: Double, _ lo: Double = 0) {
    self.hi = hi
    self.lo = lo
  }

  /// The value rounded to a double.
  var value: Double { hi }

  var isFinite: Bool { hi.isFinite }

  /// `a + b` and its rounding error, for `|a| >= |b|`.
  @inline(__always)
  static func quickTwoSum(_ a: Double, _ b: Double) -> (Double, Double) {
    let s = a + b
    return (s, b - (s - a))
  }

  /// `a + b` and its rounding error, for any order of magnitudes.
  @inline(__always)
  static func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
    let s = a + b
    let c = s - a
    let d = b - c
    let e = s - c
    return (s, (a - e) + d)
  }

  /// `a * b` and its rounding error, exact: by Dekker's product while both factors are well
  /// inside the exponent range, else by the fused multiply-add.
  ///
  /// Both give the exact error, so the same bits; Dekker's needs no FMA instruction, which the
  /// baseline x86-64 target lacks (there `addingProduct` is a call into libm, and the
  /// Smirnov sum makes millions of them per drift column).
  @inline(__always)
  static func twoProduct(_ a: Double, _ b: Double) -> (Double, Double) {
    let p = a * b
    let magnitudeA = abs(a)
    let magnitudeB = abs(b)
    guard magnitudeA > 0x1p-450, magnitudeA < 0x1p450, magnitudeB > 0x1p-450,
      magnitudeB < 0x1p450
    else { return (p, (-p).addingProduct(a, b)) }
    let (aHigh, aLow) = split(a)
    let (bHigh, bLow) = split(b)
    return (p, ((aHigh * bHigh - p) + aHigh * bLow + aLow * bHigh) + aLow * bLow)
  }

  /// Veltkamp's split of `a` into two halves of 26 significant bits, `a == high + low`.
  @inline(__always)
  private static func split(_ a: Double) -> (Double, Double) {
    let t = 134_217_729.0 * a  // 2^27 + 1
    let high = t - (t - a)
    return (high, a - high)
  }

  /// `significand · 2^exponent`, bit for bit as `Double(sign: .plus, exponent:significand:)`
  /// computes it: while `2^exponent` is a normal double that initializer makes exactly this
  /// one multiplication, but through a general path that cost more than the arithmetic here.
  @inline(__always)
  static func timesPowerOfTwo(_ significand: Double, _ exponent: Int) -> Double {
    guard exponent >= -1022, exponent <= 1023 else {
      return Double(sign: .plus, exponent: exponent, significand: significand)
    }
    return significand * Double(bitPattern: UInt64(exponent + 1023) << 52)
  }

  static prefix func - (x: DoubleDouble) -> DoubleDouble { DoubleDouble(-x.hi, -x.lo) }

  @inline(__always)
  static func + (lhs: DoubleDouble, rhs: DoubleDouble) -> DoubleDouble {
    var (s1, s2) = twoSum(lhs.hi, rhs.hi)
    let (t1, t2) = twoSum(lhs.lo, rhs.lo)
    s2 += t1
    (s1, s2) = quickTwoSum(s1, s2)
    s2 += t2
    (s1, s2) = quickTwoSum(s1, s2)
    return DoubleDouble(s1, s2)
  }

  @inline(__always)
  static func + (lhs: DoubleDouble, rhs: Double) -> DoubleDouble {
    var (s1, s2) = twoSum(lhs.hi, rhs)
    s2 += lhs.lo
    (s1, s2) = quickTwoSum(s1, s2)
    return DoubleDouble(s1, s2)
  }

  static func - (lhs: DoubleDouble, rhs: DoubleDouble) -> DoubleDouble { lhs + (-rhs) }

  static func - (lhs: DoubleDouble, rhs: Double) -> DoubleDouble { lhs + (-rhs) }

  @inline(__always)
  static func * (lhs: DoubleDouble, rhs: DoubleDouble) -> DoubleDouble {
    var (p1, p2) = twoProduct(lhs.hi, rhs.hi)
    p2 += lhs.hi * rhs.lo + lhs.lo * rhs.hi
    (p1, p2) = quickTwoSum(p1, p2)
    return DoubleDouble(p1, p2)
  }

  @inline(__always)
  static func * (lhs: DoubleDouble, rhs: Double) -> DoubleDouble {
    let (p1, e1) = twoProduct(lhs.hi, rhs)
    let (p2, e2) = twoProduct(lhs.lo, rhs)
    let (s, e) = quickTwoSum(p1, e2 + p2 + e1)
    return DoubleDouble(s, e)
  }

  static func * (lhs: Double, rhs: DoubleDouble) -> DoubleDouble { rhs * lhs }

  @inline(__always)
  static func / (lhs: DoubleDouble, rhs: DoubleDouble) -> DoubleDouble {
    var q1 = lhs.hi / rhs.hi
    var r = lhs - rhs * q1
    var q2 = r.hi / rhs.hi
    r = r - rhs * q2
    let q3 = r.hi / rhs.hi
    (q1, q2) = quickTwoSum(q1, q2)
    return DoubleDouble(q1, q2) + q3
  }

  static func / (lhs: DoubleDouble, rhs: Double) -> DoubleDouble { lhs / DoubleDouble(rhs) }

  static func / (lhs: Double, rhs: DoubleDouble) -> DoubleDouble { DoubleDouble(lhs) / rhs }

  /// The largest integer not above the value.
  func floor() -> DoubleDouble {
    let high = hi.rounded(.down)
    guard high == hi else { return DoubleDouble(high, 0) }
    let (s, e) = DoubleDouble.quickTwoSum(high, lo.rounded(.down))
    return DoubleDouble(s, e)
  }

  /// The value times `2^exponent`.
  @inline(__always)
  func scaled(by exponent: Int) -> DoubleDouble {
    DoubleDouble(
      Self.timesPowerOfTwo(hi, exponent), Self.timesPowerOfTwo(lo, exponent))
  }

  /// The value split as `mantissa * 2^exponent` with `0.5 <= |mantissa.hi| < 1` (or `== 1`
  /// when the low word pulls the value below a power of two).
  @inline(__always)
  func frexp() -> (mantissa: DoubleDouble, exponent: Int) {
    guard hi.isFinite, hi != 0 else { return (self, 0) }
    // A normal double's exponent is its biased exponent field; subnormals take the library's.
    let field = Int(hi.exponentBitPattern)
    var exponent = (field == 0 ? Int(hi.exponent) + 1023 : field) - 1022
    var man = Self.timesPowerOfTwo(hi, -exponent)
    var low = Self.timesPowerOfTwo(lo, -exponent)
    if abs(man) == 0.5 && man * low < 0 {
      man *= 2
      low *= 2
      exponent -= 1
    }
    return (DoubleDouble(man, low), exponent)
  }

  /// `self^m` from `pow` on the high word, corrected for the low word to first order or
  /// through `expm1(m·log1p(lo/hi))` when that correction is large.
  func power(_ m: Int) -> DoubleDouble {
    if m <= 0 {
      return m == 0 ? DoubleDouble(1) : 1.0 / power(-m)
    }
    if hi == 0 && lo == 0 { return DoubleDouble(0) }
    let answer = pow(hi, Double(m))
    let r = lo / hi
    var adjust = Double(m) * r
    if abs(adjust) > 1e-8 {
      if abs(adjust) < 1e-4 {
        adjust += (Double(m) * r) * ((Double(m - 1) / 2.0) * r)
      } else {
        adjust = expm1(Double(m) * log1p(r))
      }
    }
    return DoubleDouble(answer) + answer * adjust
  }
}
