/// The common failures every Sluice tool can report.
public enum CoreError: DiagnosticError, Equatable {
  /// The command line is malformed; rendered with the usage line (exit 64).
  case usage(String)
  /// An input file is missing or cannot be opened (exit 66).
  case missingInput(path: String, reason: String)
  /// An output file cannot be created or put in place (exit 73).
  case cannotCreateOutput(path: String, reason: String)
  /// Reading or writing failed part-way (exit 74); use path "<stdin>" or "<stdout>" for streams.
  case io(path: String, reason: String)
  /// Input was read but its contents are invalid (exit 65).
  case invalidData(String)
  /// A bug: an invariant did not hold (exit 70).
  case internalError(String)

  /// The exit status for this error.
  public var exitCode: ExitCode {
    switch self {
    case .usage: .usage
    case .missingInput: .noInput
    case .cannotCreateOutput: .cannotCreateOutput
    case .io: .ioError
    case .invalidData: .dataError
    case .internalError: .internalError
    }
  }

  /// The user-facing message.
  public var message: String {
    switch self {
    case .usage(let text): text
    case .missingInput(let path, let reason):
      "cannot read \(Self.describe(path, dash: "standard input")): \(reason)"
    case .cannotCreateOutput(let path, let reason):
      "cannot create \(Self.describe(path, dash: "standard output")): \(reason)"
    case .io(let path, let reason):
      "input/output error on \(Self.describe(path, dash: "standard output")): \(reason)"
    case .invalidData(let text): text
    case .internalError(let text): "internal error: \(text)"
    }
  }

  /// Quotes `path`; "-" reads as `dash`, "<stdin>"/"<stdout>" as the stream's name.
  private static func describe(_ path: String, dash: String) -> String {
    switch path {
    case "-": dash
    case "<stdin>": "standard input"
    case "<stdout>": "standard output"
    default: "'\(path)'"
    }
  }
}
