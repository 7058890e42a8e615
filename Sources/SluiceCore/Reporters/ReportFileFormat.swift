/// A report format that can be written to a file chosen with a command-line option.
public struct ReportFileFormat: Sendable {
  /// The reporter that renders the file.
  public var reporter: any Reporter
  /// The option naming the file: `--` followed by the reporter's name, taking a file.
  public var option: OptionSpec

  /// Creates a file format whose option is `--NAME <file>` with the given help text.
  public init(_ reporter: any Reporter, help: String) {
    self.reporter = reporter
    self.option = OptionSpec(["--" + type(of: reporter).name], value: "file", help: help)
  }

  /// The format's name, e.g. "json".
  public var name: String { type(of: reporter).name }
}
