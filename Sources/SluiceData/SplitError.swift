import SluiceCore

/// A problem `split-data` finds in its input; always bad input data (exit 65).
public enum SplitError: DiagnosticError, Equatable, Sendable {
  /// `--key` or `--stratify` names a column the table does not have.
  case unknownColumn(option: String, name: String, file: String, available: [String])
  /// A row has no value in the `--key` column, so it has no stable side.
  case missingKey(column: String, at: SourceLocation)

  /// Input problems are bad data.
  public var exitCode: ExitCode { .dataError }

  /// The message, naming the column (and the available ones) or the row's line.
  public var message: String {
    switch self {
    case .unknownColumn(let option, let name, let file, let available):
      let shown = available.prefix(30).joined(separator: ", ")
      let more = available.count > 30 ? ", ... (\(available.count - 30) more)" : ""
      let hint = ArgumentParser.closestMatch(to: name, among: available).map {
        "; did you mean '\($0)'?"
      }
      return "no column '\(name)' (from \(option)) in \(file); available columns: "
        + "\(shown)\(more)\(hint ?? "")"
    case .missingKey(let column, _):
      return
        "missing value in the key column '\(column)'; every row needs a key to have a stable side"
    }
  }

  /// The row of a missing key; nil for an unknown column.
  public var location: SourceLocation? {
    switch self {
    case .unknownColumn: nil
    case .missingKey(_, let location): location
    }
  }
}
