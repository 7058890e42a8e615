#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a report everywhere a tool run asked for: report files and, on GitHub Actions,
/// annotations and the step summary.
///
/// Files: each of `fileFormats` is written (atomically, "-" meaning standard output) to the
/// path given for it. GitHub: when `GITHUB_ACTIONS` is `true`, the annotations are written as
/// workflow commands to standard error, because standard output carries data and the
/// runner reads commands from both streams (its `ScriptHandler` and `ContainerActionHandler`
/// attach an `OutputManager` with the command manager to stdout and to stderr alike); each
/// command is one write of one whole line. When `GITHUB_STEP_SUMMARY` names a file, the
/// Markdown report is appended to it, shortened so the file stays within GitHub's 1 MiB
/// per-step limit. A step summary that cannot be written only draws a warning: it is a
/// convenience, and the files the run was asked for have already been written.
/// Pass `ProcessEnvironment.current` as the environment outside tests.
public enum ReportWriter {
  /// The report file formats, each selected by its own `--NAME <file>` option.
  public static let fileFormats: [ReportFileFormat] = [
    ReportFileFormat(
      JSONReporter(), help: "Write the full result as JSON to <file> ('-' for standard output)."),
    ReportFileFormat(
      MarkdownReporter(),
      help: "Write a Markdown report sized for a PR comment to <file> ('-' for standard output)."),
    ReportFileFormat(
      JUnitReporter(), help: "Write the checks as JUnit XML to <file> ('-' for standard output)."),
  ]

  /// The `--json`, `--markdown`, `--junit` options every reporting command accepts.
  public static var options: [OptionSpec] { fileFormats.map(\.option) }

  /// GitHub's limit on one step's summary file, in bytes.
  public static let stepSummaryLimit = 1 << 20

  /// Writes `report` to the files named by the report options in `arguments`, then to
  /// GitHub as `environment` says.
  public static func write(
    _ report: Report, arguments: ParsedArguments, environment: [String: String],
    stdout: ByteWriter, stderr: ByteWriter
  ) throws(CoreError) {
    var paths: [String: String] = [:]
    for format in fileFormats {
      if let path = arguments.string(format.option.displayName) { paths[format.name] = path }
    }
    try write(report, paths: paths, environment: environment, stdout: stdout, stderr: stderr)
  }

  /// Writes `report` to `paths` (format name → file, "-" for `stdout`), then to GitHub as
  /// `environment` says; fails before writing anything if two formats share a destination.
  public static func write(
    _ report: Report, paths: [String: String], environment: [String: String],
    stdout: ByteWriter, stderr: ByteWriter
  ) throws(CoreError) {
    var jobs: [(path: String, text: String)] = []
    var claimed: [String: String] = [:]
    for name in paths.keys.sorted() {
      guard let path = paths[name] else { continue }
      guard let format = fileFormats.first(where: { $0.name == name }) else {
        throw .internalError("unknown report format '\(name)'")
      }
      let option = format.option.displayName
      if let other = claimed[path] {
        let target = path == "-" ? "standard output" : "'\(path)'"
        throw .usage("'\(other)' and '\(option)' cannot both write to \(target)")
      }
      claimed[path] = option
      jobs.append((path, format.reporter.render(report)))
    }
    var outputs: [AtomicOutput] = []
    for job in jobs {
      let output = try AtomicOutput(path: job.path, stdout: stdout)
      output.write(job.text)
      outputs.append(output)
    }
    for output in outputs { try output.commit() }
    if environment["GITHUB_ACTIONS"] == "true" {
      writeAnnotations(report, to: stderr)
    }
    if let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
      appendStepSummary(report, to: path, stderr: stderr)
    }
  }

  /// Writes the workflow commands for `report`'s annotations, one line per write.
  static func writeAnnotations(_ report: Report, to stderr: ByteWriter) {
    let text = GitHubActionsReporter().render(report)
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      stderr.write(String(line) + "\n")
    }
  }

  /// Appends the Markdown report to the step summary at `path`, within the 1 MiB limit.
  static func appendStepSummary(_ report: Report, to path: String, stderr: ByteWriter) {
    let tool = String(report.tool.split(separator: " ").first ?? Substring(report.tool))
    func warn(_ reason: String) {
      let message = "cannot add the report to the step summary '\(path)': \(reason)"
      stderr.write(Diagnostic.renderWarning(message, tool: tool) + "\n")
    }
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { return warn(systemErrorDescription(currentErrno())) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return warn(systemErrorDescription(currentErrno())) }
    let existing = Int(info.st_size)
    // A blank line keeps this report from running into the previous one's last block.
    let separator = existing > 0 ? "\n" : ""
    let budget = stepSummaryLimit - existing - separator.utf8.count
    let markdown = MarkdownReporter(maxCharacters: budget, measure: .utf8Bytes).render(report)
    guard !markdown.isEmpty else { return warn("it is already full") }
    let writer = ByteWriter(fileDescriptor: descriptor, bufferSize: 0)
    writer.write(separator + markdown)
    writer.flush()
    if let code = writer.failure { warn(systemErrorDescription(code)) }
  }
}
