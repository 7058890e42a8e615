/// Everything a command's run closure receives.
public struct Invocation {
  /// The parsed command line of the matched (sub)command.
  public var arguments: ParsedArguments
  /// The (sub)command that matched.
  public var spec: CommandSpec
  /// The tool's name, e.g. "validate-data" (also for subcommands).
  public var toolName: String
  /// Where normal output goes; pass it to `AtomicOutput(path:stdout:)` for "-".
  public var stdout: ByteWriter
  /// Where diagnostics go.
  public var stderr: ByteWriter

  /// Creates an invocation (the tool runner does this; tests may too).
  public init(
    arguments: ParsedArguments, spec: CommandSpec, toolName: String, stdout: ByteWriter,
    stderr: ByteWriter
  ) {
    self.arguments = arguments
    self.spec = spec
    self.toolName = toolName
    self.stdout = stdout
    self.stderr = stderr
  }

  /// Writes `line` and a newline to standard error, control characters escaped
  /// (`Diagnostic.escapeControls`): for progress and finding lines that quote user data.
  public func note(_ line: String) {
    stderr.write(Diagnostic.escapeControls(line) + "\n")
  }

  /// Writes `tool: warning: message` to standard error.
  public func warn(_ message: String) {
    stderr.write(Diagnostic.renderWarning(message, tool: toolName) + "\n")
  }
}
