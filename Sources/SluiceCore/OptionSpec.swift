/// Describes one named option (or flag) a command accepts.
public struct OptionSpec: Sendable {
  /// All spellings, short and long, e.g. `["-o", "--output"]`.
  public var names: [String]
  /// The placeholder for the option's value, e.g. "file"; `nil` makes the option a flag.
  public var valueName: String?
  /// One line of help text.
  public var help: String
  /// Whether repeated occurrences are all collected (otherwise the last one wins).
  public var repeatable: Bool
  /// The value used when the option is absent, shown in help as `(default: x)`.
  public var defaultValue: String?

  /// Creates an option; pass `value:` to make it take a value.
  public init(
    _ names: [String], value: String? = nil, help: String, repeatable: Bool = false,
    default defaultValue: String? = nil
  ) {
    self.names = names
    self.valueName = value
    self.help = help
    self.repeatable = repeatable
    self.defaultValue = defaultValue
  }

  /// Whether the option is a flag (takes no value).
  public var isFlag: Bool { valueName == nil }

  /// The name used in messages: the first long name, else the first name.
  public var displayName: String {
    names.first { $0.hasPrefix("--") } ?? names.first ?? ""
  }

  /// The implicit `-h`/`--help` flag every command accepts.
  public static let help = OptionSpec(["-h", "--help"], help: "Show this help and exit.")
  /// The implicit `--version` flag every command accepts.
  public static let version = OptionSpec(["--version"], help: "Show the version and exit.")
}

/// Describes one positional argument a command accepts.
public struct ArgumentSpec: Sendable {
  /// The placeholder name, shown as `<name>`.
  public var name: String
  /// One line of help text.
  public var help: String
  /// Whether the argument may be omitted (optional arguments must come last).
  public var optional: Bool
  /// Whether the argument takes all remaining positionals (must be the last argument).
  public var variadic: Bool

  /// Creates a positional argument.
  public init(_ name: String, help: String, optional: Bool = false, variadic: Bool = false) {
    self.name = name
    self.help = help
    self.optional = optional
    self.variadic = variadic
  }
}

/// One worked example shown in a command's help.
public struct Example: Sendable {
  /// The full command line.
  public var command: String
  /// What the command does.
  public var explanation: String

  /// Creates an example from a command line and its explanation.
  public init(command: String, explanation: String) {
    self.command = command
    self.explanation = explanation
  }

  /// Creates an example (unlabelled shorthand).
  public init(_ command: String, _ explanation: String) {
    self.init(command: command, explanation: explanation)
  }
}
