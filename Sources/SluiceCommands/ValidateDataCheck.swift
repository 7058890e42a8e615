import SluiceCore
import SluiceData
import SluiceTable

extension ValidateDataTool {
  static let checkSpec = CommandSpec(
    name: "validate-data check",
    overview:
      "Check a table against a schema in one pass: missing, extra or reordered columns, types, missing values, ranges a person wrote (min, max), allowed values, lengths, patterns, uniqueness, row counts and malformed rows. Values outside an inferred 'observed' range are warned about as a drift signal and are not findings. Every finding is counted; the first --max-errors are listed with their line, field, value and what was expected. Exit 0 when the data is valid, 1 when it is not.",
    usage: [
      "validate-data check DATA --schema schema.json [--max-errors N] [--json F] [--markdown F] [--junit F] [table options]"
    ],
    arguments: [
      ArgumentSpec(
        "data", help: "The table to check: CSV, TSV or JSON Lines ('-' for standard input).")
    ],
    options: [
      OptionSpec(
        ["--schema"], value: "file",
        help: "The schema to check against (from 'validate-data infer')."),
      OptionSpec(
        ["--max-errors"], value: "n", help: "List at most n findings (0: all); all are counted.",
        default: "100"),
    ] + ReportWriter.options + TableOptions.specs,
    examples: [
      Example(
        "validate-data check test.csv --schema schema.json",
        "Check test.csv; exit 1 and list the findings on standard error when it is invalid."),
      Example(
        "validate-data check new.csv --schema schema.json --junit check.xml --markdown check.md",
        "Also write a JUnit report (one test case per rule per column) and a Markdown table for a pull request comment."
      ),
    ],
    exitCodes: [
      (.success, "the data satisfies the schema"),
      (.negativeVerdict, "the data violates the schema (findings listed)"),
      (.usage, "usage error"),
      (
        .dataError,
        "the schema is malformed or of a newer format version, or the header is unreadable"
      ),
      (.noInput, "data or schema missing or unreadable"), (.internalError, "internal error"),
      (.cannotCreateOutput, "cannot create a report file"), (.ioError, "I/O error"),
    ])

  static let check = Tool(spec: checkSpec) { invocation in
    let arguments = invocation.arguments
    let path = arguments.positionals[0]
    let schemaPath = try arguments.required("--schema")
    let maxErrors = try arguments.int("--max-errors") ?? 100
    guard maxErrors >= 0 else {
      throw CoreError.usage("invalid value '\(maxErrors)' for '--max-errors': expected 0 or more")
    }
    var options = try TableOptions.readOptions(arguments)
    options.lenient = true
    let schema = try SchemaCodec.decode(InputFile.readAll(schemaPath), file: schemaPath)
    let reader = try TableOptions.open(path, options: options, invocation: invocation)
    let result = try SchemaChecker(schema: schema, maxErrors: maxErrors).check(reader)
    let report = result.report(data: reader.displayName, schema: schema, schemaPath: schemaPath)
    try ReportWriter.write(
      report, arguments: arguments, environment: ProcessEnvironment.current,
      stdout: invocation.stdout, stderr: invocation.stderr)
    invocation.note("validate-data: \(reader.displayName): \(result.summary)")
    for finding in result.findings.prefix(10) {
      let place =
        [reader.displayName] + [finding.line, finding.field].compactMap { $0.map(String.init) }
      invocation.note(
        "\(place.joined(separator: ":")): error: [\(finding.rule)] "
          + (finding.column.map { "\($0): " } ?? "") + finding.message)
    }
    for warning in result.observedRangeWarnings {
      invocation.warn(warning)
    }
    if result.findings.count > 10 {
      invocation.stderr.write(
        "... \(result.totalFindings - 10) more (see --json, --markdown or --junit)\n")
    }
    return result.isValid ? .success : .negativeVerdict
  }
}
