import SluiceCore
import SluiceTable

/// `validate-data`: schema inference now; checks, profiles and drift as they land.
public enum ValidateDataTool {
  static let inferSpec = CommandSpec(
    name: "validate-data infer",
    overview:
      "Infer a schema from a table: each column's type (boolean, integer, float, string, datetime), role (numeric, categorical, text, key, ignored), nullability, range, length bounds and, for string columns with few values, the allowed values. The schema is JSON with sorted keys, meant to be committed and edited.",
    usage: ["validate-data infer DATA [-o schema.json] [--max-categories N] [table options]"],
    arguments: [
      ArgumentSpec(
        "data", help: "The table to read: CSV, TSV or JSON Lines ('-' for standard input).")
    ],
    options: [
      OptionSpec(
        ["-o", "--output"], value: "file", help: "Write the schema here ('-' for standard output).",
        default: "-"),
      OptionSpec(
        ["--max-categories"], value: "n",
        help: "String columns with at most n distinct values get an allowed-values list.",
        default: "100"),
    ] + TableOptions.specs,
    examples: [
      Example(
        "validate-data infer examples/penguins/penguins.csv -o schema.json",
        "Write the inferred schema of the penguins table to schema.json."),
      Example(
        "gunzip -c events.csv.gz | validate-data infer - --null '' --null '?'",
        "Infer from standard input, reading only empty fields and '?' as missing."),
    ])

  static let infer = Tool(spec: inferSpec) { invocation in
    let arguments = invocation.arguments
    let path = arguments.positionals[0]
    let options = try TableOptions.readOptions(arguments)
    let maxCategories = try arguments.int("--max-categories") ?? 100
    guard maxCategories >= 0 else {
      throw CoreError.usage(
        "invalid value '\(maxCategories)' for '--max-categories': expected 0 or more")
    }
    let output = try AtomicOutput(
      path: arguments.string("--output") ?? "-", stdout: invocation.stdout)
    let reader = try TableReader(path: path, options: options)
    let result = try TypeInference.run(
      reader, settings: TypeInference.Settings(maxCategories: maxCategories))
    output.write(CanonicalJSON.encode(SchemaDocument.make(result, maxCategories: maxCategories)))
    try output.commit()
    if !output.isStandardOutput {
      invocation.stderr.write(
        "validate-data: inferred \(summary(result)) from \(result.rowCount) rows of \(reader.displayName); wrote \(output.path)\n"
      )
    }
    return .success
  }

  /// "8 columns (5 numeric, 3 categorical)".
  static func summary(_ result: TypeInference.Result) -> String {
    var counts: [ColumnRole: Int] = [:]
    for column in result.columns { counts[column.role, default: 0] += 1 }
    let parts = ColumnRole.allCases.compactMap { role in
      counts[role].map { "\($0) \(role.rawValue)" }
    }
    return "\(result.columns.count) columns (\(parts.joined(separator: ", ")))"
  }

  static let planned: [(String, String, String)] = [
    (
      "check", "Check a table against a schema and report every violation with its line.",
      "validate-data check DATA --schema schema.json"
    ),
    (
      "profile", "Profile every column in one pass with mergeable sketches.",
      "validate-data profile DATA [-o profile.json]"
    ),
    (
      "merge", "Merge shard profiles into one.",
      "validate-data merge P1.json P2.json ... [-o profile.json]"
    ),
    (
      "drift", "Compare a table with a reference table or profile and report drift.",
      "validate-data drift DATA --reference REF"
    ),
  ]

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
      ]),
    subcommands: [infer]
      + planned.map { word, overview, usage in
        Tool(
          spec: CommandSpec(
            name: "validate-data \(word)",
            overview: "\(overview) Not implemented yet in this version of Sluice.",
            usage: [usage],
            examples: [Example(usage, overview)])
        ) { _ in throw CoreError.usage("not implemented yet") }
      })
}
