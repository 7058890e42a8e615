#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A command-line tool: a spec, a run closure and optional subcommands.
///
/// All command-line conventions live here: `-h`/`--help` (anywhere before `--`) prints the
/// matched command's help and does nothing else; `--version` alone prints `tool 0.1.0`, and
/// among other arguments is a usage error (it would otherwise hide the work asked for, exit
/// 0 with nothing done); misuse prints a three-line
/// message and exits 64; a `DiagnosticError` is rendered and ends the process with its
/// exit code; anything else is an internal error (70). A subcommand is selected only by
/// the first argument; a tool with subcommands and no `run` requires one.
public struct Tool: Sendable {
  /// The body of a command.
  public typealias Run = @Sendable (Invocation) throws -> ExitCode

  /// The command description (its `subcommands` mirror `subcommands` below).
  public var spec: CommandSpec
  /// The body run when no subcommand is selected; nil means a subcommand is required.
  public var run: Run?
  /// The subcommands, each selected by the last word of its `spec.name`.
  public var subcommands: [Tool]

  /// Creates a tool without subcommands.
  public init(spec: CommandSpec, run: @escaping Run) {
    self.spec = spec
    self.run = run
    self.subcommands = []
  }

  /// Creates a tool with subcommands; `run`, if given, handles arguments naming none.
  public init(spec: CommandSpec, subcommands: [Tool], run: Run? = nil) {
    var spec = spec
    spec.subcommands = subcommands.map(\.spec)
    self.spec = spec
    self.run = run
    self.subcommands = subcommands
  }

  /// Runs the tool on the process's arguments and exits.
  public func main() -> Never {
    signal(SIGPIPE, SIG_IGN)
    let status = execute(
      Array(CommandLine.arguments.dropFirst()), stdout: .standardOutput, stderr: .standardError)
    exit(status)
  }

  /// Runs the tool in-process on `args` (without the program name); returns the exit status.
  public func execute(_ args: [String], stdout: ByteWriter, stderr: ByteWriter) -> Int32 {
    let toolName = String(spec.name.split(separator: " ").first ?? Substring(spec.name))
    let status = dispatch(args, toolName: toolName, stdout: stdout, stderr: stderr)
    stdout.flush()
    if let code = stdout.failure {
      if code == EPIPE { return ExitCode.success.rawValue }
      let error = CoreError.io(path: "<stdout>", reason: systemErrorDescription(code))
      stderr.write(Diagnostic.render(error: error, tool: toolName) + "\n")
      stderr.flush()
      return ExitCode.ioError.rawValue
    }
    stderr.flush()
    return status
  }

  private func dispatch(
    _ args: [String], toolName: String, stdout: ByteWriter, stderr: ByteWriter
  ) -> Int32 {
    if let first = args.first,
      let child = subcommands.first(where: { $0.spec.commandWord == first })
    {
      return child.dispatch(
        Array(args.dropFirst()), toolName: toolName, stdout: stdout, stderr: stderr)
    }
    let options = args.prefix { $0 != "--" }
    if options.contains("-h") || options.contains("--help") {
      stdout.write(HelpFormatter.render(spec))
      return ExitCode.success.rawValue
    }
    do {
      if options.contains("--version") {
        try checkVersionAlone(args)
        stdout.write("\(toolName) \(sluiceVersion)\n")
        return ExitCode.success.rawValue
      }
      let arguments = try parse(args)
      if arguments.flag("--help") {
        stdout.write(HelpFormatter.render(spec))
        return ExitCode.success.rawValue
      }
      guard let run else { throw CoreError.internalError("no run closure for '\(spec.name)'") }
      let invocation = Invocation(
        arguments: arguments, spec: spec, toolName: toolName, stdout: stdout, stderr: stderr)
      return try run(invocation).rawValue
    } catch let error as any DiagnosticError {
      if error.exitCode == .usage && error.location == nil {
        let text = Diagnostic.renderMisuse(message: error.message, tool: toolName, spec: spec)
        stderr.write(text + "\n")
      } else {
        stderr.write(Diagnostic.render(error: error, tool: toolName) + "\n")
      }
      return error.exitCode.rawValue
    } catch {
      stderr.write("\(toolName): error: internal error: \(error)\n")
      return ExitCode.internalError.rawValue
    }
  }

  /// Refuses `--version` among other arguments: a command line that names work to do must
  /// never exit 0 having done none (`--model-version` mistyped as `--version` in CI).
  private func checkVersionAlone(_ args: [String]) throws(CoreError) {
    guard args.contains(where: { $0 != "--version" }) else { return }
    let names = spec.options.flatMap(\.names).filter { $0.hasPrefix("--") && $0 != "--version" }
    let suggestion =
      names.first { $0.hasSuffix("version") } ?? names.first { $0.contains("version") }
    let hint = suggestion.map { "; did you mean '\($0)'?" } ?? ""
    throw .usage("'--version' takes no other arguments\(hint)")
  }

  /// Parses `args`; for a tool that needs a subcommand, reports the missing or unknown one.
  private func parse(_ args: [String]) throws(CoreError) -> ParsedArguments {
    guard run == nil && !subcommands.isEmpty else {
      return try ArgumentParser.parse(args, spec: spec)
    }
    let arguments = try ArgumentParser.parseOptions(args, spec: spec)
    if arguments.flag("--help") { return arguments }
    let words = subcommands.map(\.spec.commandWord)
    guard let word = arguments.positionals.first else {
      throw .usage("missing subcommand; expected one of: \(words.joined(separator: ", "))")
    }
    if let suggestion = ArgumentParser.closestMatch(to: word, among: words) {
      throw .usage("unknown subcommand '\(word)'; did you mean '\(suggestion)'?")
    }
    throw .usage("unknown subcommand '\(word)'; expected one of: \(words.joined(separator: ", "))")
  }
}
