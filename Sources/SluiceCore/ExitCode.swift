/// The process exit statuses used by every Sluice tool (sysexits-style).
public enum ExitCode: Int32, Sendable, CaseIterable {
  /// The command succeeded or the check passed.
  case success = 0
  /// The command ran correctly but reached a negative verdict (invalid data, drift, gate failed).
  case negativeVerdict = 1
  /// The command line was malformed.
  case usage = 64
  /// An input file was read but its contents were invalid.
  case dataError = 65
  /// An input file is missing or unreadable.
  case noInput = 66
  /// An internal error (a bug) occurred.
  case internalError = 70
  /// An output file could not be created.
  case cannotCreateOutput = 73
  /// Reading or writing failed part-way.
  case ioError = 74

  /// A one-line human description of the status.
  public var meaning: String {
    switch self {
    case .success: "success / check passed"
    case .negativeVerdict: "negative verdict (invalid data, drift, gate failed)"
    case .usage: "usage error"
    case .dataError: "bad input data"
    case .noInput: "input missing or unreadable"
    case .internalError: "internal error"
    case .cannotCreateOutput: "cannot create output"
    case .ioError: "I/O error"
    }
  }
}
