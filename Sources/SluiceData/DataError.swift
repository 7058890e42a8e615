import SluiceCore

/// An error in a schema, profile or other SluiceData document, naming the file and the
/// field (`columns[3].type`) so the user can fix it by hand.
public struct DataError: DiagnosticError, Equatable, Sendable {
  /// The file the problem is in.
  public var file: String
  /// The dotted path of the offending field, or "" for the whole document.
  public var path: String
  /// What is wrong and what was expected.
  public var detail: String

  /// Creates an error at `path` in `file`.
  public init(file: String, path: String, _ detail: String) {
    self.file = file
    self.path = path
    self.detail = detail
  }

  /// The message: `path: detail` with the file prefix added by the renderer.
  public var message: String {
    let place = path.isEmpty ? file : "\(file): \(path)"
    return "\(place): \(detail)"
  }

  /// A bad document is bad input data.
  public var exitCode: ExitCode { .dataError }
}
