import SluiceCore
import SluiceData
import SluiceTable

extension ValidateDataTool {
  static let driftSpec = CommandSpec(
    name: "validate-data drift",
    overview:
      "Compare a table with a reference, column by column: numeric columns by PSI on reference-quantile bins, the Kolmogorov-Smirnov test and the Wasserstein distance over the reference's standard deviation; categorical columns by PSI, the Jensen-Shannon distance, the chi-square test and the largest change in a category's share. Each column is judged by one method and threshold (defaults: PSI >= 0.2 for numeric, JS >= 0.1 for categorical); the dataset drifts when the share of drifted columns reaches --drift-share. A reference column missing from the data, or empty there, drifts. The reference is a data file, or a profile from 'validate-data profile' (a file ending in .json), so no raw reference data is needed; a table never drifts from its own profile. Exit 0 without drift, 1 with drift.",
    usage: [
      "validate-data drift DATA --reference REF [--schema schema.json] [--numeric-method M] [--categorical-method M] [--method-threshold M=V]... [--drift-share F] [--json F] [--markdown F] [--junit F]"
    ],
    arguments: [ArgumentSpec("data", help: "The current table ('-' for standard input).")],
    options: [
      OptionSpec(
        ["--reference"], value: "file",
        help: "The reference: a table, or a profile JSON from 'validate-data profile' (*.json)."),
      OptionSpec(
        ["--schema"], value: "file",
        help: "Take column roles and per-column 'drift' settings from this schema."),
      OptionSpec(
        ["--numeric-method"], value: "psi|ks|wasserstein", help: "Method for numeric columns.",
        default: "psi"),
      OptionSpec(
        ["--categorical-method"], value: "js|psi|chisquare|linf",
        help: "Method for categorical columns.", default: "js"),
      OptionSpec(
        ["--method-threshold"], value: "method=value",
        help:
          "Threshold of a method for every column it judges, e.g. psi=0.25 (defaults: psi 0.2, ks 0.05, wasserstein 0.1, js 0.1, chisquare 0.05, linf 0.1).",
        repeatable: true),
      OptionSpec(
        ["--column-method"], value: "column=method", help: "Judge one column by another method.",
        repeatable: true),
      OptionSpec(
        ["--column-threshold"], value: "column=value", help: "Threshold for one column.",
        repeatable: true),
      OptionSpec(
        ["--skip-column"], value: "column", help: "Do not compare this column.", repeatable: true),
      OptionSpec(
        ["--drift-share"], value: "f",
        help: "The dataset drifts when this share of compared columns drift.", default: "0.5"),
      OptionSpec(["--bins"], value: "n", help: "PSI bins for numeric columns.", default: "10"),
    ] + ReportWriter.options + TableOptions.specs,
    examples: [
      Example(
        "validate-data drift today.csv --reference train.csv",
        "Compare today's data with the training data; exit 1 on drift."),
      Example(
        "validate-data drift today.csv --reference train.profile.json --markdown drift.md",
        "Compare with a stored profile (no raw reference needed) and write a PR-ready table."),
      Example(
        "validate-data drift new.csv --reference old.csv --numeric-method ks --method-threshold ks=0.01",
        "Judge numeric columns by the KS test's p-value at 1%."),
    ],
    exitCodes: [
      (.success, "no drift"), (.negativeVerdict, "drift"), (.usage, "usage error"),
      (.dataError, "malformed data, schema or profile, or one of a newer format version"),
      (.noInput, "an input is missing"),
      (.internalError, "internal error"), (.cannotCreateOutput, "cannot create a report file"),
      (.ioError, "I/O error"),
    ])

  static let drift = Tool(spec: driftSpec) { invocation in
    let arguments = invocation.arguments
    let referencePath = try arguments.required("--reference")
    let options = try TableOptions.readOptions(arguments)
    var schema: Schema? = nil
    if let schemaPath = arguments.string("--schema") {
      schema = try SchemaCodec.decode(InputFile.readAll(schemaPath), file: schemaPath)
    }
    let settings = try driftSettings(arguments, schema: schema)
    let reference: DriftReference
    if referencePath.lowercased().hasSuffix(".json") {
      let document = try JSONParser.parse(InputFile.readAll(referencePath), file: referencePath)
      reference = .profile(try ProfileCodec.decode(document, file: referencePath))
    } else {
      reference = .data(
        try TableSample.collect(
          TableOptions.open(referencePath, options: options, invocation: invocation)))
    }
    let reader = try TableOptions.open(
      arguments.positionals[0], options: options, invocation: invocation)
    let current = try TableSample.collect(reader)
    let result = DriftDetector.compare(
      current: current, reference: reference, schema: schema, settings: settings,
      workers: options.workers)
    guard result.compared > 0 else {
      let reasons = Set(result.columns.compactMap(\.note)).sorted().joined(separator: "; ")
      throw CoreError.invalidData(
        "no column of \(reader.displayName) could be compared with \(referencePath)"
          + (reasons.isEmpty ? "" : " (\(reasons))"))
    }
    let report = result.report(current: reader.displayName, reference: referencePath)
    try ReportWriter.write(
      report, arguments: arguments, environment: ProcessEnvironment.current,
      stdout: invocation.stdout, stderr: invocation.stderr)
    invocation.note("validate-data: \(reader.displayName): \(result.summary)")
    for column in result.columns where column.drifted {
      guard let method = column.method, let statistic = column.statistic else {
        invocation.note("  \(column.name): \(column.note ?? "drifted")")
        continue
      }
      invocation.note(
        "  \(column.name): \(method.rawValue) \(statistic) (threshold \(column.threshold.map { String($0) } ?? ""))"
      )
    }
    return result.drifted ? .negativeVerdict : .success
  }

  static func method(_ text: String, option: String) throws(CoreError) -> DriftMethod {
    guard let method = DriftMethod(rawValue: text.lowercased()) else {
      let names = DriftMethod.allCases.map(\.rawValue).joined(separator: ", ")
      throw .usage("invalid value '\(text)' for '\(option)': expected one of \(names)")
    }
    return method
  }

  static func pair(_ text: String, option: String) throws(CoreError) -> (String, String) {
    guard let equals = text.lastIndex(of: "="), equals != text.startIndex else {
      throw .usage("invalid value '\(text)' for '\(option)': expected name=value")
    }
    return (String(text[..<equals]), String(text[text.index(after: equals)...]))
  }

  static func number(_ text: String, option: String) throws(CoreError) -> Double {
    guard let value = Double(text), value.isFinite, value >= 0 else {
      throw .usage("invalid value '\(text)' for '\(option)': expected a number, 0 or more")
    }
    return value
  }

  /// Settings from flags, over the schema's per-column `drift` objects.
  static func driftSettings(_ arguments: ParsedArguments, schema: Schema?) throws -> DriftSettings {
    var settings = DriftSettings()
    for column in schema?.columns ?? [] {
      if let text = column.drift["method"]?.stringValue {
        settings.columnMethods[column.name] = try method(
          text, option: "\(column.name).drift.method")
      }
      if let value = column.drift["threshold"]?.doubleValue {
        settings.columnThresholds[column.name] = value
      }
      if column.drift["skip"]?.boolValue == true { settings.skippedColumns.insert(column.name) }
    }
    if let text = arguments.string("--numeric-method") {
      settings.numericMethod = try method(text, option: "--numeric-method")
      guard settings.numericMethod.isNumeric else {
        throw CoreError.usage("'--numeric-method' takes psi, ks or wasserstein")
      }
    }
    if let text = arguments.string("--categorical-method") {
      settings.categoricalMethod = try method(text, option: "--categorical-method")
      guard !settings.categoricalMethod.isNumeric || settings.categoricalMethod == .psi else {
        throw CoreError.usage("'--categorical-method' takes js, psi, chisquare or linf")
      }
    }
    for text in arguments.strings("--method-threshold") {
      let (name, value) = try pair(text, option: "--method-threshold")
      settings.thresholds[try method(name, option: "--method-threshold")] = try number(
        value, option: "--method-threshold")
    }
    for text in arguments.strings("--column-method") {
      let (name, value) = try pair(text, option: "--column-method")
      settings.columnMethods[name] = try method(value, option: "--column-method")
    }
    for text in arguments.strings("--column-threshold") {
      let (name, value) = try pair(text, option: "--column-threshold")
      settings.columnThresholds[name] = try number(value, option: "--column-threshold")
    }
    for name in arguments.strings("--skip-column") { settings.skippedColumns.insert(name) }
    if let share = try arguments.double("--drift-share") {
      guard share > 0 && share <= 1 else {
        throw CoreError.usage("invalid value '\(share)' for '--drift-share': expected 0 < f <= 1")
      }
      settings.driftShare = share
    }
    if let bins = try arguments.int("--bins") {
      guard bins >= 2 && bins <= 1000 else {
        throw CoreError.usage("invalid value '\(bins)' for '--bins': expected 2 to 1000")
      }
      settings.bins = bins
    }
    return settings
  }
}
