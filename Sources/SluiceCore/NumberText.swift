/// Numbers as text outside JSON, for people (reports, tables, notes) and for CSV files, with one
/// spelling of the non-finite values everywhere: `nan`, `inf` and `-inf` (Python's spelling,
/// documented in docs/formats.md under Canonical JSON).
///
/// Canonical JSON has its own rule (`CanonicalJSON.formatDouble`: no NaN or infinity at all);
/// `exact` is that rule extended to the non-finite values. Nothing here depends on the locale.
public enum NumberText {
  /// The spelling of a non-finite `value`: `nan`, `inf` or `-inf`.
  public static func nonFinite(_ value: Double) -> String {
    value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf")
  }

  /// The shortest text that reads back as the same double (`0.1`, `3.0`, `1e-30`), for files
  /// that must round-trip such as predictions and plot data.
  public static func exact(_ value: Double) -> String {
    CanonicalJSON.formatDouble(value) ?? nonFinite(value)
  }

  /// Shortest round-trip text of `value`, integral values without a fraction (`3`, `0.25`).
  public static func plain(_ value: Double) -> String {
    guard value.isFinite else { return nonFinite(value) }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return exact(value)
  }

  /// `value` rounded to `digits` significant digits for tables and notes (the full precision
  /// belongs in the JSON files), e.g. `0.12346` for 0.123456789.
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
