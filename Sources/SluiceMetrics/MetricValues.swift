/// One computed metric set, in a fixed order.
public struct MetricValues: Sendable, Equatable {
  /// The metric names in report order.
  public var names: [String]
  /// Each metric's value; nil when undefined.
  public var values: [String: Double?]
  /// Why each undefined metric is undefined.
  public var undefined: [String: String]
  /// Metrics given a conventional value where scikit-learn warns (its `zero_division`):
  /// metric -> what was substituted and why.
  public var notes: [String: String] = [:]

  /// An empty set.
  public init(
    names: [String] = [], values: [String: Double?] = [:], undefined: [String: String] = [:]
  ) {
    self.names = names
    self.values = values
    self.undefined = undefined
  }

  /// The value of `name`, nil when undefined or absent.
  public subscript(name: String) -> Double? { values[name] ?? nil }

  /// Records `value` for `name` (appending the name in order the first time).
  mutating func set(_ name: String, _ value: Double) {
    if values[name] == nil { names.append(name) }
    if value.isFinite {
      values[name] = .some(value)
    } else {
      values[name] = .some(nil)
      undefined[name] = "the value is not finite"
    }
  }

  /// Records `name` as undefined because of `reason`.
  mutating func setUndefined(_ name: String, _ reason: String) {
    if values[name] == nil { names.append(name) }
    values[name] = .some(nil)
    undefined[name] = reason
  }

  /// Records `value` for `name`, a convention scikit-learn applies with a warning.
  mutating func set(_ name: String, _ value: Double, note: String) {
    set(name, value)
    notes[name] = note
  }

  /// Records a value that may be undefined.
  mutating func set(_ name: String, _ result: MetricResult) {
    switch result {
    case .value(let value): set(name, value)
    case .undefined(let reason): setUndefined(name, reason)
    }
  }
}

/// A metric's outcome: a number, or the reason there is none.
enum MetricResult: Equatable {
  case value(Double)
  case undefined(String)
}
