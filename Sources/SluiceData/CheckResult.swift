import SluiceCore

/// The outcome of checking a table against a schema.
public struct CheckResult: Sendable {
  /// Data rows read (malformed records not included).
  public var rows: Int
  /// The first findings by place in the file, at most the `maxErrors` asked for.
  public var findings: [Finding]
  /// Every finding counted, listed or not.
  public var totalFindings: Int
  /// Findings per rule and column ("" for dataset-level findings).
  public var counts: [String: [String: Int]]
  /// Set when an unterminated quote ended the scan before the end of the input.
  public var scanStopped: Bool

  /// Columns with values outside the range observed where the schema was inferred (drift
  /// signals, not findings: they leave the data valid), in schema order.
  public var outsideObserved: [ObservedRangeNote] = []

  /// Whether the data satisfies the schema.
  public var isValid: Bool { totalFindings == 0 }
}

/// Values of one column outside the schema's `observed` range: a drift signal, not a finding.
public struct ObservedRangeNote: Sendable, Equatable {
  /// The column.
  public var column: String
  /// The range the schema observed.
  public var observedMinimum: NumericLimit?
  public var observedMaximum: NumericLimit?
  /// Values below and above it.
  public var below = 0
  public var above = 0
  /// The most extreme values seen outside it.
  public var lowest = Double.infinity
  public var highest = -Double.infinity
  /// Line of the first value outside it.
  public var firstLine: Int?

  /// Counts one value outside the range (`bits` says which side).
  mutating func add(_ value: Double, bits: ViolationBits, line: Int) {
    if bits & ColumnRule.belowObservedBit != 0 {
      below += 1
      lowest = Swift.min(lowest, value)
    }
    if bits & ColumnRule.aboveObservedBit != 0 {
      above += 1
      highest = Swift.max(highest, value)
    }
    if firstLine == nil { firstLine = line }
  }

  /// Adds the counts of a later chunk.
  mutating func merge(_ later: ObservedRangeNote) {
    below += later.below
    above += later.above
    lowest = Swift.min(lowest, later.lowest)
    highest = Swift.max(highest, later.highest)
    if firstLine == nil { firstLine = later.firstLine }
  }

  /// "12 values above the observed max 5.2 (up to 6.1)", both sides when both apply.
  public var message: String {
    func shown(_ value: Double) -> String {
      // Integer columns show integers, as their bounds do.
      if value == value.rounded(), abs(value) < 9.0e15 { return String(Int64(value)) }
      return CanonicalJSON.formatDouble(value) ?? String(value)
    }
    var parts: [String] = []
    if below > 0, let bound = observedMinimum {
      parts.append(
        "\(Plural.count(below, "value")) below the observed min \(ColumnRule.describe(bound)) (down to \(shown(lowest)))"
      )
    }
    if above > 0, let bound = observedMaximum {
      parts.append(
        "\(Plural.count(above, "value")) above the observed max \(ColumnRule.describe(bound)) (up to \(shown(highest)))"
      )
    }
    return parts.joined(separator: " and ")
  }

  var json: JSONValue {
    var fields: [String: JSONValue] = [
      "column": .string(column), "below": .int(Int64(below)), "above": .int(Int64(above)),
      "message": .string(message),
    ]
    if let bound = observedMinimum { fields["observed_min"] = bound.json }
    if let bound = observedMaximum { fields["observed_max"] = bound.json }
    if below > 0, lowest.isFinite { fields["lowest"] = .double(lowest) }
    if above > 0, highest.isFinite { fields["highest"] = .double(highest) }
    if let firstLine { fields["first_line"] = .int(Int64(firstLine)) }
    return .object(fields)
  }
}
