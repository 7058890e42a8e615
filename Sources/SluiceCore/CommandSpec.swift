/// Describes a command (or subcommand): its help text and the arguments it accepts.
public struct CommandSpec: Sendable {
  /// The full command name, e.g. "validate-data infer".
  public var name: String
  /// One or two sentences saying what the command does.
  public var overview: String
  /// Usage lines without the "Usage:" prefix; the first is shown on misuse.
  public var usage: [String]
  /// Positional arguments, in order.
  public var arguments: [ArgumentSpec]
  /// Options, excluding the implicit `--help` and `--version`.
  public var options: [OptionSpec]
  /// Worked examples.
  public var examples: [Example]
  /// Subcommands (filled in by `Tool(spec:subcommands:run:)`).
  public var subcommands: [CommandSpec]
  /// The exit-code table shown in help.
  public var exitCodes: [(ExitCode, String)]

  /// Creates a command description.
  public init(
    name: String, overview: String, usage: [String], arguments: [ArgumentSpec] = [],
    options: [OptionSpec] = [], examples: [Example] = [], subcommands: [CommandSpec] = [],
    exitCodes: [(ExitCode, String)] = CommandSpec.standardExitCodes
  ) {
    self.name = name
    self.overview = overview
    self.usage = usage
    self.arguments = arguments
    self.options = options
    self.examples = examples
    self.subcommands = subcommands
    self.exitCodes = exitCodes
  }

  /// Every exit code with its standard meaning.
  public static let standardExitCodes: [(ExitCode, String)] = ExitCode.allCases.map {
    ($0, $0.meaning)
  }

  /// The declared options followed by the implicit `--help` and `--version`.
  public var allOptions: [OptionSpec] { options + [.help, .version] }

  /// The word that selects this command as a subcommand (the last word of `name`).
  public var commandWord: String {
    String(name.split(separator: " ").last ?? Substring(name))
  }
}
