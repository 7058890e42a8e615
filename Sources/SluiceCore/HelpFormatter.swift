/// Renders the `--help` text of a command deterministically.
public enum HelpFormatter {
  /// Returns the full help text for `spec`, ending in a newline.
  public static func render(_ spec: CommandSpec) -> String {
    var out = "OVERVIEW: \(spec.overview)\n"
    out += "\nUSAGE:\n"
    for line in spec.usage.isEmpty ? [spec.name] : spec.usage {
      out += "  \(line)\n"
    }
    if !spec.arguments.isEmpty {
      out += "\nARGUMENTS:\n"
      out += table(spec.arguments.map { (argumentLabel($0), $0.help) })
    }
    out += "\nOPTIONS:\n"
    out += table(spec.allOptions.map { (optionLabel($0), optionHelp($0)) })
    if !spec.subcommands.isEmpty {
      out += "\nSUBCOMMANDS:\n"
      out += table(spec.subcommands.map { ($0.commandWord, $0.overview) })
    }
    if !spec.examples.isEmpty {
      out += "\nEXAMPLES:\n"
      for (index, example) in spec.examples.enumerated() {
        if index > 0 { out += "\n" }
        out += "  \(example.command)\n"
        out += "      \(example.explanation)\n"
      }
    }
    out += "\nEXIT CODES:\n"
    out += table(spec.exitCodes.map { (String($0.0.rawValue), $0.1) })
    return out
  }

  /// The left-column label of an option, e.g. `-o, --output <file>` or `    --seed <n>`.
  static func optionLabel(_ option: OptionSpec) -> String {
    let shorts = option.names.filter { !$0.hasPrefix("--") }
    let longs = option.names.filter { $0.hasPrefix("--") }
    var label = (shorts + longs).joined(separator: ", ")
    if shorts.isEmpty { label = "    " + label }
    if let value = option.valueName { label += " <\(value)>" }
    return label
  }

  /// The help column of an option, including repeatability and default.
  static func optionHelp(_ option: OptionSpec) -> String {
    var help = option.help
    if option.repeatable { help += " (repeatable)" }
    if let value = option.defaultValue { help += " (default: \(value))" }
    return help
  }

  /// The left-column label of a positional argument, e.g. `<data>` or `<files>...`.
  static func argumentLabel(_ argument: ArgumentSpec) -> String {
    "<\(argument.name)>" + (argument.variadic ? "..." : "")
  }

  /// Renders two aligned columns, indented by two spaces, continuation lines aligned.
  static func table(_ rows: [(String, String)]) -> String {
    let width = rows.map(\.0.count).max() ?? 0
    let indent = String(repeating: " ", count: width + 4)
    var out = ""
    for (label, help) in rows {
      var line = "  " + label
      let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
      if let first = lines.first, !first.isEmpty {
        line += String(repeating: " ", count: width - label.count + 2) + first
      }
      out += line + "\n"
      for continuation in lines.dropFirst() {
        out += continuation.isEmpty ? "\n" : indent + continuation + "\n"
      }
    }
    return out
  }
}
