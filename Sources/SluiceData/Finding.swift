import SluiceCore

/// One violation found in the data: which rule, where, the value and what was expected.
public struct Finding: Sendable, Equatable {
  /// The rule id (`type`, `null`, `min`, `field-count`, ...; see docs/formats.md).
  public var rule: String
  /// The column, or nil for a dataset-level finding.
  public var column: String?
  /// Physical line (1-based), when the finding has a place in the file.
  public var line: Int?
  /// Field number (1-based) in the line.
  public var field: Int?
  /// Byte offset from the start of the input.
  public var byteOffset: Int?
  /// The offending value, truncated to `Finding.valueLimit` characters.
  public var value: String?
  /// What was expected, in words.
  public var expected: String
  /// The whole message.
  public var message: String

  /// Values longer than this are cut (with "…") in findings.
  public static let valueLimit = 60

  /// Creates a finding.
  public init(
    rule: String, column: String?, line: Int?, field: Int?, byteOffset: Int? = nil,
    value: String? = nil, expected: String, message: String
  ) {
    self.rule = rule
    self.column = column
    self.line = line
    self.field = field
    self.byteOffset = byteOffset
    self.value = value
    self.expected = expected
    self.message = message
  }

  /// A value as shown in a finding: decoded as UTF-8 and cut to the limit.
  public static func shown(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let text = String(decoding: bytes, as: UTF8.self)
    guard text.count > valueLimit else { return text }
    return String(text.prefix(valueLimit)) + "…"
  }

  /// Orders findings by place in the file, dataset-level ones first.
  static func precedes(_ a: Finding, _ b: Finding) -> Bool {
    let left = (a.line ?? 0, a.field ?? 0)
    let right = (b.line ?? 0, b.field ?? 0)
    if left != right { return left < right }
    if a.rule != b.rule { return a.rule < b.rule }
    return (a.column ?? "") < (b.column ?? "")
  }

  /// The finding as JSON (absent fields omitted).
  public var json: JSONValue {
    var fields: [String: JSONValue] = [
      "rule": .string(rule), "expected": .string(expected), "message": .string(message),
    ]
    if let column { fields["column"] = .string(column) }
    if let line { fields["line"] = .int(Int64(line)) }
    if let field { fields["field"] = .int(Int64(field)) }
    if let byteOffset { fields["byte_offset"] = .int(Int64(byteOffset)) }
    if let value { fields["value"] = .string(value) }
    return .object(fields)
  }
}
