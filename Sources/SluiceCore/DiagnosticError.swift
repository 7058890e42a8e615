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
  public static func render(error: any DiagnosticError, tool: String) -> String {
    if let location = error.location {
      return "\(location.file):\(location.line):\(location.column): error: \(error.message)"
    }
    return "\(tool): error: \(error.message)"
  }

  /// Renders the three-line misuse text for `spec` (no trailing newline).
  public static func renderMisuse(message: String, tool: String, spec: CommandSpec) -> String {
    let usage = spec.usage.first ?? spec.name
    return "\(tool): error: \(message)\nUsage: \(usage)\nSee '\(spec.name) --help'."
  }

  /// Renders a warning line `tool: warning: message` (no trailing newline).
  public static func renderWarning(_ message: String, tool: String) -> String {
    "\(tool): warning: \(message)"
  }
}
