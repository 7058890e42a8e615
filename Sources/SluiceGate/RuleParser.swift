import SluiceCore

/// Parses gate rules: one `METRIC OP EXPR [TAGS]` per line, `#` starting a comment.
///
/// EXPR is a number, `baseline`, `baseline + N`, `baseline - N`, `baseline + N%`,
/// `baseline - N%` (N percent of |baseline|) or `baseline * N`. The only tag is `optional`
/// (a missing metric is skipped rather than failing). Spaces between tokens are optional.
public enum RuleParser {
  /// Parses every rule of a rules file's `text`; errors name `file`, the line and column.
  public static func parse(_ text: String, file: String) throws(GateRuleError) -> [GateRule] {
    var rules: [GateRule] = []
    var lineNumber = 0
    // Split on scalars: in Swift "\r\n" is one Character and would not split on "\n".
    for line in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      var scalars = Array(line)
      if scalars.last == "\r" { scalars.removeLast() }
      if let rule = try parseLine(scalars, file: file, line: lineNumber, exitCode: .dataError) {
        rules.append(rule)
      }
    }
    return rules
  }

  /// Parses a rules file's bytes: like `parse(_:file:)`, after refusing invalid UTF-8 and NUL
  /// bytes at their line and column (decoding would turn them into U+FFFD and a rule on a
  /// metric nobody wrote).
  public static func parse(bytes: [UInt8], file: String) throws(GateRuleError) -> [GateRule] {
    var line = 1
    var lineStart = 0
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x0A {
        line += 1
        lineStart = index + 1
        index += 1
        continue
      }
      var width = 1
      if byte == 0 {
        width = 0
      } else if byte >= 0x80 {
        let end = min(bytes.count, index + 4)
        width = 0
        for candidate in 2...4 where index + candidate <= end {
          if String(validating: bytes[index..<(index + candidate)], as: UTF8.self) != nil {
            width = candidate
            break
          }
        }
      }
      if width == 0 {
        let what =
          byte == 0
          ? "a NUL byte" : "invalid UTF-8 byte 0x\(String(byte, radix: 16, uppercase: true))"
        throw GateRuleError(
          message: "\(what); a rules file is UTF-8 text",
          location: SourceLocation(
            file: file, line: line, column: index - lineStart + 1, byteOffset: index))
      }
      index += width
    }
    return try parse(String(decoding: bytes, as: UTF8.self), file: file)
  }

  /// Parses one `--rule` expression; `index` (1-based) tells which one in errors.
  public static func parseExpression(_ text: String, index: Int) throws(GateRuleError) -> GateRule {
    let file = "--rule \(index)"
    let scalars = Array(text.unicodeScalars)
    if scalars.contains("\n") {
      throw GateRuleError(
        message: "a --rule holds one rule; use --rules FILE for several",
        location: SourceLocation(file: file, line: 1, column: 1), exitCode: .usage)
    }
    guard let rule = try parseLine(scalars, file: file, line: 1, exitCode: .usage) else {
      throw GateRuleError(
        message: "empty rule", location: SourceLocation(file: file, line: 1, column: 1),
        exitCode: .usage)
    }
    return rule
  }

  private static func parseLine(
    _ scalars: [Unicode.Scalar], file: String, line: Int, exitCode: ExitCode
  ) throws(GateRuleError) -> GateRule? {
    var scanner = Scanner(scalars: scalars, file: file, line: line, exitCode: exitCode)
    scanner.skipBlanks()
    if scanner.atEnd { return nil }
    let start = scanner.location
    let metric = try scanner.metric()
    scanner.skipBlanks()
    let op = try scanner.comparison(after: metric)
    scanner.skipBlanks()
    let bound = try scanner.bound()
    var optional = false
    while true {
      scanner.skipBlanks()
      if scanner.atEnd { break }
      let column = scanner.index + 1
      let word = scanner.word()
      guard word == "optional" else {
        let shown = word.isEmpty ? String(scanner.current ?? " ") : word
        throw scanner.error(
          "unexpected '\(shown)' after the rule; the only tag is 'optional'", column: column)
      }
      optional = true
    }
    return GateRule(metric: metric, op: op, bound: bound, optional: optional, location: start)
  }

  /// A cursor over one line, producing located errors.
  private struct Scanner {
    let scalars: [Unicode.Scalar]
    let file: String
    let line: Int
    let exitCode: ExitCode
    var index = 0

    init(scalars: [Unicode.Scalar], file: String, line: Int, exitCode: ExitCode) {
      // A comment runs to the end of the line; metric paths never contain '#'.
      self.scalars = Array(scalars.prefix { $0 != "#" })
      self.file = file
      self.line = line
      self.exitCode = exitCode
    }

    var atEnd: Bool { index >= scalars.count }
    var current: Unicode.Scalar? { atEnd ? nil : scalars[index] }
    var location: SourceLocation { SourceLocation(file: file, line: line, column: index + 1) }

    func error(_ message: String, column: Int? = nil) -> GateRuleError {
      GateRuleError(
        message: message,
        location: SourceLocation(file: file, line: line, column: column ?? index + 1),
        exitCode: exitCode)
    }

    mutating func skipBlanks() {
      while let scalar = current, scalar == " " || scalar == "\t" { index += 1 }
    }

    static func isOperatorScalar(_ scalar: Unicode.Scalar) -> Bool {
      "<>=!≥≤".unicodeScalars.contains(scalar)
    }

    mutating func word() -> String {
      var text = String.UnicodeScalarView()
      while let scalar = current, scalar != " ", scalar != "\t", !Self.isOperatorScalar(scalar) {
        text.append(scalar)
        index += 1
      }
      return String(text)
    }

    mutating func identifier() -> String {
      var text = String.UnicodeScalarView()
      while let scalar = current, scalar.properties.isAlphabetic || scalar == "_" {
        text.append(scalar)
        index += 1
      }
      return String(text)
    }

    mutating func metric() throws(GateRuleError) -> String {
      let column = index + 1
      let name = word()
      guard !name.isEmpty else {
        throw error("expected a metric name before '\(current ?? " ")'")
      }
      let segments = name.split(separator: ".", omittingEmptySubsequences: false)
      if segments.contains(where: \.isEmpty) {
        throw error("empty segment in metric path '\(name)'", column: column)
      }
      if let bad = segments.first(where: { $0.contains("*") && $0 != "*" }) {
        throw error(
          "'*' must stand for a whole path segment, found '\(bad)' in '\(name)'", column: column)
      }
      return name
    }

    mutating func comparison(after metric: String) throws(GateRuleError) -> GateRule.Operator {
      let column = index + 1
      var text = String.UnicodeScalarView()
      while let scalar = current, Self.isOperatorScalar(scalar) {
        text.append(scalar)
        index += 1
      }
      let found = String(text)
      if let op = GateRule.Operator(rawValue: found) { return op }
      if found == "≥" { return .greaterOrEqual }
      if found == "≤" { return .lessOrEqual }
      let shown = found.isEmpty ? (atEnd ? "end of line" : "'\(current ?? " ")'") : "'\(found)'"
      throw error(
        "expected an operator (>=, >, <=, <) after '\(metric)', found \(shown)", column: column)
    }

    mutating func bound() throws(GateRuleError) -> GateRule.Threshold {
      let column = index + 1
      if atEnd {
        throw error("expected a number or 'baseline' after the operator, found end of line")
      }
      if let number = try number(percentAllowed: false) { return .absolute(number) }
      let name = identifier()
      guard name == "baseline" else {
        let shown = name.isEmpty ? String(current ?? " ") : name
        throw error(
          "expected a number or 'baseline' after the operator, found '\(shown)'", column: column)
      }
      skipBlanks()
      guard let scalar = current else { return .offset(0) }
      switch scalar {
      case "+", "-":
        index += 1
        skipBlanks()
        let numberColumn = index + 1
        guard let magnitude = try number(percentAllowed: true) else {
          throw error("expected a number after 'baseline \(scalar)'", column: numberColumn)
        }
        let value = scalar == "-" ? -magnitude : magnitude
        if current == "%" {
          index += 1
          return .relative(percent: value)
        }
        return .offset(value)
      case "*", "×":
        index += 1
        skipBlanks()
        let numberColumn = index + 1
        guard let factor = try number(percentAllowed: false) else {
          throw error("expected a number after 'baseline *'", column: numberColumn)
        }
        return .scaled(factor)
      case "±":
        throw error("'±' is ambiguous in a one-sided rule; write 'baseline - N' or 'baseline + N'")
      case "/":
        throw error("division is not supported; write 'baseline * F'")
      default:
        return .offset(0)
      }
    }

    /// An unsigned-or-signed decimal number at the cursor, or nil (cursor unchanged).
    mutating func number(percentAllowed: Bool) throws(GateRuleError) -> Double? {
      let start = index
      var text = ""
      if let sign = current, sign == "-" || sign == "+" {
        text.unicodeScalars.append(sign)
        index += 1
      }
      var digits = 0
      while let scalar = current, ("0"..."9").contains(scalar) || scalar == "." || scalar == "_" {
        if scalar != "_" { text.unicodeScalars.append(scalar) }
        if scalar != "." { digits += 1 }
        index += 1
      }
      if digits == 0 {
        index = start
        return nil
      }
      if let scalar = current, scalar == "e" || scalar == "E" {
        text.unicodeScalars.append(scalar)
        index += 1
        if let sign = current, sign == "-" || sign == "+" {
          text.unicodeScalars.append(sign)
          index += 1
        }
        while let scalar = current, ("0"..."9").contains(scalar) {
          text.unicodeScalars.append(scalar)
          index += 1
        }
      }
      guard let value = Double(text), value.isFinite else {
        throw error("invalid number '\(text)'", column: start + 1)
      }
      if current == "%" && !percentAllowed {
        throw error("'%' is only allowed in 'baseline + N%' or 'baseline - N%'")
      }
      if let scalar = current, scalar != " ", scalar != "\t", scalar != "%" {
        throw error("unexpected '\(scalar)' after the number \(text)")
      }
      return value
    }
  }
}
