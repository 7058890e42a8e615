import SluiceCore

/// An error reading a table (or a value in it), with the exact place it was found.
///
/// Locations use 1-based physical lines, 1-based field numbers as the column and the 0-based
/// byte offset from the start of the input.
public struct TableError: DiagnosticError, Equatable, Sendable {
  /// What went wrong.
  public enum Kind: String, Sendable, Equatable {
    /// A quoted field runs to the end of the input (or past the record size limit).
    case unterminatedQuote = "unterminated-quote"
    /// A quote character inside a field that did not start with one.
    case strayQuote = "stray-quote"
    /// Something other than a delimiter or a line end after a closing quote.
    case textAfterQuote = "text-after-quote"
    /// A record with more or fewer fields than the header.
    case fieldCount = "field-count"
    /// Bytes that are not valid UTF-8.
    case invalidUTF8 = "invalid-utf8"
    /// A NUL byte: the input is binary data, not text.
    case nulByte = "nul-byte"
    /// Two header fields with the same name.
    case duplicateHeader = "duplicate-header"
    /// A header field that is empty.
    case emptyHeader = "empty-header"
    /// A JSON Lines record that is not a flat JSON object.
    case invalidJSON = "invalid-json"
    /// One record longer than the reader's record size limit.
    case recordTooLong = "record-too-long"
    /// The input has no header row (it is empty).
    case emptyInput = "empty-input"
    /// A number too large for a double (`1e400`) in a column of numbers.
    case outOfRange = "out-of-range"
  }

  /// The class of the error, stable for reports and tests.
  public var kind: Kind
  /// The human-readable message, lower-case, saying what was expected.
  public var message: String
  /// Where the error was found.
  public var location: SourceLocation?

  /// Creates an error of `kind` at `location`.
  public init(_ kind: Kind, _ message: String, at location: SourceLocation?) {
    self.kind = kind
    self.message = message
    self.location = location
  }

  /// Reader errors are always bad input data.
  public var exitCode: ExitCode { .dataError }
}
