import SluiceCore
import SluiceData
import SluiceTable

extension ValidateDataTool {
  static let inferSpec = CommandSpec(
    name: "validate-data infer",
    overview:
      "Infer a schema from a table: each column's type (boolean, integer, float, string, datetime), role (numeric, categorical, text, key, ignored), nullability, the observed range of numbers (a drift signal for check, not a limit), length bounds and, for string columns with few values, the allowed values. The schema is JSON with sorted keys, meant to be committed and edited.",
    usage: [
      "validate-data infer DATA [-o schema.json] [--update schema.json] [--max-categories N] [table options]"
    ],
    arguments: [
      ArgumentSpec(
        "data",
        help:
          "The table to read: CSV, TSV or JSON Lines, gzip-compressed or not ('-' for standard input)."
      )
    ],
    options: [
      OptionSpec(
        ["-o", "--output"], value: "file", help: "Write the schema here ('-' for standard output).",
        default: "-"),
      OptionSpec(
        ["--update"], value: "schema.json",
        help:
          "Keep every column and setting of this schema as written; refresh observations and add new columns."
      ),
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
        "validate-data infer events.csv.gz --null '' --null '?'",
        "Infer from a gzip-compressed table, reading only empty fields and '?' as missing."),
    ],
    exitCodes: ValidateDataTool.writerExitCodes(input: "the data (or --update schema)"))

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
    let reader = try TableOptions.open(path, options: options, invocation: invocation)
    let result = try TypeInference.run(
      reader, settings: TypeInference.Settings(maxCategories: maxCategories))
    var schema = SchemaInference.schema(from: result, maxCategories: maxCategories)
    TableOptions.warnDecimalCommas(
      result.columns.filter(\.profile.looksLikeDecimalComma).map(\.name), invocation)
    if let previousPath = arguments.string("--update") {
      // `--update schema.json -o schema.json` rewrites the schema in place, by design.
      let bytes = try InputFile.readAll(previousPath, replaceable: true)
      let previous = try SchemaCodec.decode(bytes, file: previousPath)
      schema = SchemaInference.update(previous, with: schema)
    }
    // The dialect is an observation of this read, refreshed by --update like rows.observed.
    schema.delimiter =
      reader.format == .csv && reader.delimiter != UInt8(ascii: ",")
      ? String(Character(Unicode.Scalar(reader.delimiter))) : nil
    schema.decimal = options.decimal == UInt8(ascii: ",") ? "," : nil
    output.write(CanonicalJSON.encode(SchemaCodec.encode(schema)))
    try output.commit()
    if !output.isStandardOutput {
      invocation.note(
        "validate-data: inferred \(summary(result)) from \(Plural.count(result.rowCount, "row")) of \(reader.displayName); wrote \(output.path)"
      )
    }
    return .success
  }

}
