import SluiceCore

/// A rule that cannot be parsed, located at its line and column.
public struct GateRuleError: DiagnosticError, Equatable {
  /// What is wrong, e.g. "expected an operator (>=, >, <=, <), found '=='".
  public var message: String
  /// Where it is wrong.
  public var location: SourceLocation?
  /// 65 for a rules file (bad input), 64 for a `--rule` on the command line (misuse).
  public var exitCode: ExitCode

  /// Creates the error.
  public init(message: String, location: SourceLocation, exitCode: ExitCode = .dataError) {
    self.message = message
    self.location = location
    self.exitCode = exitCode
  }
}
