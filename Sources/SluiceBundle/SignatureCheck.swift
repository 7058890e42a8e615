import SluiceCore
import SluiceTable

/// Checks a table against a bundle's signature before scoring: every input column present,
/// every value of its type, no missing value where the signature says none may be. Values
/// never seen in training (unknown categories) are not violations: the model handles them.
public enum SignatureCheck {
  /// One broken promise of the signature.
  public struct Violation: Sendable, Equatable {
    /// The input column.
    public var column: String
    /// What is wrong, e.g. "missing column" or "2 values are not numbers (first 'abc' on line 3)".
    public var message: String
  }

  /// Every violation of `signature` by `frame`, in signature order.
  public static func violations(frame: Frame, signature: Signature) -> [Violation] {
    var result: [Violation] = []
    for input in signature.inputs {
      guard let index = frame.index(of: input.name) else {
        result.append(
          Violation(column: input.name, message: "missing column (\(input.type.rawValue))"))
        continue
      }
      let column = frame.columns[index]
      var wrong = 0
      var firstWrong: (String, Int)?
      var missing = 0
      var firstMissing: Int?
      for row in 0..<frame.rows {
        if column.missing[row] {
          missing += 1
          if firstMissing == nil { firstMissing = frame.lines[row] }
          continue
        }
        let fits = column.withField(row) { accepts($0, type: input.type) }
        if !fits {
          wrong += 1
          if firstWrong == nil { firstWrong = (column.string(row) ?? "", frame.lines[row]) }
        }
      }
      if let (value, line) = firstWrong {
        let noun = wrong == 1 ? "value is not" : "values are not"
        result.append(
          Violation(
            column: input.name,
            message:
              "\(wrong) \(noun) \(description(input.type, plural: wrong != 1)) (first '\(value)' on line \(line))"
          ))
      }
      if !input.nullable, let line = firstMissing {
        let noun = missing == 1 ? "value is" : "values are"
        result.append(
          Violation(
            column: input.name,
            message:
              "\(missing) \(noun) missing, but the column is not nullable (first on line \(line))"))
      }
    }
    return result
  }

  /// Whether a present value fits `type` (booleans read as 1 and 0 in numeric columns, as
  /// the feature pipeline reads them).
  static func accepts(_ bytes: UnsafeBufferPointer<UInt8>, type: Signature.ValueType) -> Bool {
    switch type {
    case .string:
      return true
    case .boolean:
      return ValueParser.boolean(bytes) != nil
        || ValueParser.integer(bytes).map { $0 == 0 || $0 == 1 } == true
    case .long:
      return ValueParser.integer(bytes) != nil || ValueParser.boolean(bytes) != nil
    case .double, .float:
      if ValueParser.boolean(bytes) != nil { return true }
      let number = ValueParser.number(bytes)
      return number.kind != .string && number.double.isFinite
    }
  }

  static func description(_ type: Signature.ValueType, plural: Bool) -> String {
    switch type {
    case .string: return plural ? "strings" : "a string"
    case .boolean: return plural ? "booleans" : "a boolean"
    case .long: return plural ? "integers" : "an integer"
    case .double, .float: return plural ? "finite numbers" : "a finite number"
    }
  }
}
