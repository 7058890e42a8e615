import SluiceCore
import SluiceTable

/// `validate-data`: schema inference now; checks, profiles and drift as they land.
public enum ValidateDataTool {
  /// "8 columns (5 numeric, 3 categorical)".
  static func summary(_ result: TypeInference.Result) -> String {
    var counts: [ColumnRole: Int] = [:]
    for column in result.columns { counts[column.role, default: 0] += 1 }
    let parts = ColumnRole.allCases.compactMap { role in
      counts[role].map { "\($0) \(role.rawValue)" }
    }
    return "\(Plural.count(result.columns.count, "column")) (\(parts.joined(separator: ", ")))"
  }

  /// The exit codes of a subcommand that writes a file and reaches no verdict (never 1).
  static func writerExitCodes(input: String) -> [(ExitCode, String)] {
    [
      (.success, "success"), (.usage, "usage error"),
      (.dataError, "\(input) is malformed"), (.noInput, "\(input) is missing or unreadable"),
      (.internalError, "internal error"), (.cannotCreateOutput, "cannot create the output"),
      (.ioError, "I/O error"),
    ]
  }

  /// The tool with its subcommands.
  public static let tool = Tool(
    spec: CommandSpec(
      name: "validate-data",
      overview:
        "Validate tabular data before training: infer a schema, check data against it, profile columns and detect drift.",
      usage: ["validate-data <subcommand> [options]"],
      examples: [
        Example(
          "validate-data infer data.csv -o schema.json", "Infer a schema to commit and edit."),
        Example("validate-data infer --help", "Show the options of a subcommand."),
      ],
      exitCodes: [
        (.success, "success; check: the data is valid; drift: no drift"),
        (.negativeVerdict, "check: the data violates the schema; drift: drift"),
        (.usage, "usage error"), (.dataError, "malformed data, schema or profile"),
        (.noInput, "an input is missing or unreadable"), (.internalError, "internal error"),
        (.cannotCreateOutput, "cannot create an output file"), (.ioError, "I/O error"),
      ]),
    subcommands: [infer, check, profile, merge, drift])
}
