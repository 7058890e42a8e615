import SluiceCore

/// An error in training or scoring data, a model file or its use, with a precise message.
public struct LearnError: DiagnosticError, Equatable, Sendable {
  /// What is wrong and what was expected.
  public var message: String
  /// Where, when a file and line are known.
  public var location: SourceLocation?

  /// Creates an error.
  public init(_ message: String, at location: SourceLocation? = nil) {
    self.message = message
    self.location = location
  }

  /// Bad training or scoring data, or a bad model file.
  public var exitCode: ExitCode { .dataError }
}
