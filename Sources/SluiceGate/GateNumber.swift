import SluiceCore

/// Number formatting for gate reports: deterministic and short.
public enum GateNumber {
  /// Shortest round-trip text of `value`, `NaN`/`inf` for non-finite values.
  public static func plain(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return CanonicalJSON.formatDouble(value) ?? "NaN"
  }

  /// `value` rounded to `digits` significant digits for tables (full precision is in JSON).
  public static func short(_ value: Double, digits: Int = 4) -> String {
    guard value.isFinite, value != 0 else { return plain(value) }
    let magnitude = Int((abs(value)).log10Floor)
    let decimals = digits - 1 - magnitude
    if decimals <= 0 { return plain(value.rounded()) }
    if decimals > 15 { return plain(value) }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    return plain(rounded)
  }

  /// `value` with an explicit sign (`+0.012`, `-0.3`), rounded like `short`.
  public static func signed(_ value: Double, digits: Int = 4) -> String {
    let text = short(value, digits: digits)
    return value > 0 ? "+" + text : text
  }
}

extension Double {
  /// ⌊log10(self)⌋ for a positive finite value, computed without libm rounding surprises.
  fileprivate var log10Floor: Double {
    var exponent = 0.0
    var x = self
    while x >= 10 {
      x /= 10
      exponent += 1
    }
    while x < 1 {
      x *= 10
      exponent -= 1
    }
    return exponent
  }
}
