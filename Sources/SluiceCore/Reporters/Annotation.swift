/// A message attached to a place in a file, shown inline by CI systems.
public struct Annotation: Sendable, Equatable {
  /// How serious the annotation is.
  public enum Level: String, Sendable, Equatable, CaseIterable {
    /// A failure.
    case error
    /// A problem that does not fail the check.
    case warning
    /// Information.
    case notice
  }

  /// The annotation's severity.
  public var level: Level
  /// The file it refers to, relative to the repository root for GitHub to link it.
  public var file: String?
  /// The 1-based line in `file`.
  public var line: Int?
  /// The 1-based column in `line`.
  public var column: Int?
  /// A short title shown above the message.
  public var title: String?
  /// The message; may span lines.
  public var message: String

  /// Creates an annotation.
  public init(
    level: Level, file: String? = nil, line: Int? = nil, column: Int? = nil,
    title: String? = nil, message: String
  ) {
    self.level = level
    self.file = file
    self.line = line
    self.column = column
    self.title = title
    self.message = message
  }
}
