import SluiceCore

/// Number formatting and axis ticks for plots, independent of locale and platform.
///
/// Plot files must be byte-identical across runs and machines, so numbers are formatted by
/// integer arithmetic on a rounded value rather than by `printf`-style formatters.
enum PlotNumber {
  /// `value` rounded half away from zero to `decimals` places, e.g. 0.5 → "0.50" (or "0.5"
  /// with `trimZeros`). Values beyond 1e15 / 10^decimals fall back to shortest round-trip
  /// form; NaN and infinities are spelled as everywhere (`NumberText.nonFinite`).
  static func fixed(_ value: Double, decimals: Int, trimZeros: Bool = false) -> String {
    guard value.isFinite else { return NumberText.nonFinite(value) }
    var scale: Int64 = 1
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * Double(scale)).rounded(.toNearestOrAwayFromZero)
    guard scaled < 1e15 else { return value.description }
    let units = Int64(scaled)
    var text = value < 0 && units != 0 ? "-" : ""
    text += String(units / scale)
    guard decimals > 0 else { return text }
    var fraction = String(units % scale)
    fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
    if trimZeros {
      while fraction.hasSuffix("0") { fraction.removeLast() }
      if fraction.isEmpty { return text }
    }
    return text + "." + fraction
  }

  /// A count with thousands separators, e.g. 1234567 → "1,234,567".
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
      result.append(digit)
    }
    return (value < 0 ? "-" : "") + result
  }

  /// A cell value: an integer when integral (weighted counts may not be), else 3 decimals.
  static func count(_ value: Double) -> String {
    if value.isFinite && value == value.rounded() && abs(value) < 1e15 {
      return grouped(Int(value))
    }
    return fixed(value, decimals: 3, trimZeros: true)
  }

  /// Evenly spaced "nice" ticks (steps of 1, 2 or 5 × 10ᵏ) covering [low, high].
  struct Ticks {
    /// The axis domain, widened to whole steps around the data.
    var low: Double
    /// The upper end of the domain.
    var high: Double
    /// The distance between ticks.
    var step: Double
    /// The tick positions, `low` to `high`.
    var values: [Double]

    /// Ticks for data spanning [low, high], aiming at about `target` intervals.
    init(low: Double, high: Double, target: Int = 5) {
      var low = low.isFinite ? low : 0
      var high = high.isFinite ? high : 1
      if high < low { swap(&low, &high) }
      if high == low {
        let pad = low == 0 ? 1 : abs(low) * 0.1
        low -= pad
        high += pad
      }
      if !((high - low) / Double(max(1, target))).isNormal {
        // A span too wide or too narrow for doubles: show the unit interval instead.
        low = 0
        high = 1
      }
      let raw = (high - low) / Double(max(1, target))
      var magnitude = 1.0
      while magnitude * 10 <= raw { magnitude *= 10 }
      while magnitude > raw { magnitude /= 10 }
      let factor = raw / magnitude
      let nice: Double = factor <= 1 ? 1 : factor <= 2 ? 2 : factor <= 5 ? 5 : 10
      let step = nice * magnitude
      self.step = step
      let first = (low / step).rounded(.down)
      let last = (high / step).rounded(.up)
      self.low = first * step
      self.high = last * step
      let count = Int(min(last - first, 50))
      values = (0...count).map { (first + Double($0)) * step }
    }

    /// Fixed ticks (used for probability axes).
    init(low: Double, high: Double, step: Double) {
      self.low = low
      self.high = high
      self.step = step
      let count = Int(((high - low) / step).rounded())
      values = (0...count).map { low + Double($0) * step }
    }

    /// The label of tick `value`: just enough decimals for the step, or exponent notation
    /// for very large or very small magnitudes.
    func label(_ value: Double) -> String {
      let largest = max(abs(low), abs(high))
      if largest >= 1e6 || step < 1e-4 {
        return PlotNumber.scientific(value, significant: 3)
      }
      var decimals = 0
      var unit = 1.0
      while unit > step * (1 + 1e-9) && decimals < 6 {
        unit /= 10
        decimals += 1
      }
      return PlotNumber.fixed(value, decimals: decimals)
    }
  }

  /// `value` as mantissa and exponent, e.g. 1250000 → "1.25e6".
  static func scientific(_ value: Double, significant: Int) -> String {
    guard value.isFinite, value != 0 else { return value == 0 ? "0" : fixed(value, decimals: 0) }
    var exponent = 0
    var mantissa = abs(value)
    while mantissa >= 10 {
      mantissa /= 10
      exponent += 1
    }
    while mantissa < 1 {
      mantissa *= 10
      exponent -= 1
    }
    var digits = fixed(mantissa, decimals: max(0, significant - 1), trimZeros: true)
    if digits == "10" {
      digits = "1"
      exponent += 1
    }
    return (value < 0 ? "-" : "") + digits + "e" + String(exponent)
  }
}
