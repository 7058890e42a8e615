/// A position in an input file that a diagnostic refers to.
public struct SourceLocation: Sendable, Equatable {
  /// The file name as given by the user (or "<stdin>").
  public var file: String
  /// The 1-based line number.
  public var line: Int
  /// The 1-based column number, counted in Unicode scalars.
  public var column: Int
  /// The 0-based byte offset into the file, when known.
  public var byteOffset: Int?

  /// Creates a location.
  public init(file: String, line: Int, column: Int, byteOffset: Int? = nil) {
    self.file = file
    self.line = line
    self.column = column
    self.byteOffset = byteOffset
  }
}

/// An error that knows its exit code and how to describe itself to a user.
public protocol DiagnosticError: Error {
  /// The exit status the process ends with when this error escapes a tool.
  var exitCode: ExitCode { get }
  /// A short, specific message whose first word is lower-case.
  var message: String { get }
  /// The input position the error refers to, if any.
  var location: SourceLocation? { get }
}

extension DiagnosticError {
  /// By default an error refers to no input position.
  public var location: SourceLocation? { nil }
}

/// Renders diagnostics in the one format all Sluice tools share.
public enum Diagnostic {
  /// Renders `file:line:col: error: message` or `tool: error: message` (no trailing newline).
  ///
  /// The message and file name are passed through `escapeControls`, so the result is one line.
  public static func render(error: any DiagnosticError, tool: String) -> String {
    let message = escapeControls(error.message)
    if let location = error.location {
      let file = escapeControls(location.file)
      return "\(file):\(location.line):\(location.column): error: \(message)"
    }
    return "\(tool): error: \(message)"
  }

  /// Renders the three-line misuse text for `spec` (no trailing newline).
  public static func renderMisuse(message: String, tool: String, spec: CommandSpec) -> String {
    let usage = spec.usage.first ?? spec.name
    return "\(tool): error: \(escapeControls(message))\nUsage: \(usage)\nSee '\(spec.name) --help'."
  }

  /// Renders a warning line `tool: warning: message` (no trailing newline, one line).
  public static func renderWarning(_ message: String, tool: String) -> String {
    "\(tool): warning: \(escapeControls(message))"
  }

  /// `text` with every control character written as an escape: `\n`, `\r`, `\t`, `\\u{1B}`.
  ///
  /// Diagnostics quote user data (values, column and file names), and every diagnostic is
  /// one line: a value holding a line break must not start a line of its own, which a CI
  /// runner would read as a command (GitHub Actions runs `::error::...` at a line start),
  /// nor may an escape sequence move a terminal's cursor.
  public static func escapeControls(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var output = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case _ where isControl(scalar):
        output += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      default: output.unicodeScalars.append(scalar)
      }
    }
    return output
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }
}
