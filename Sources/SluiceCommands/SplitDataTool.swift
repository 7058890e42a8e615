import SluiceCore
import SluiceData
import SluiceTable

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `split-data`: a deterministic train/test split, by key hash or by seeded shuffle.
public enum SplitDataTool {
  static let spec = CommandSpec(
    name: "split-data",
    overview:
      "Split a table into train and test files deterministically: same input and seed, same bytes. With --key a row's side is a hash of its key, so it never moves when rows are added or reordered (the right choice when data accumulates). Without --key exactly round(F x rows) rows go to test, chosen by a seeded shuffle (held in memory), optionally keeping the classes of a --stratify column in proportion. Reads CSV, TSV or JSON Lines; always writes CSV with the input's column names as the header (JSON Lines keys become the header; with --no-header none is written). Rows keep their input order in both files.",
    usage: [
      "split-data DATA --test-fraction F [--seed N] [--key COL | --stratify COL] --train-out FILE --test-out FILE [table options]"
    ],
    arguments: [
      ArgumentSpec(
        "data", help: "The table to split: CSV, TSV or JSON Lines ('-' for standard input).")
    ],
    options: [
      OptionSpec(
        ["--test-fraction"], value: "f",
        help: "Share of rows for the test file, strictly between 0 and 1 (required)."),
      OptionSpec(
        ["--seed"], value: "n", help: "Seed of the key hash or of the shuffle.", default: "0"),
      OptionSpec(
        ["--key"], value: "col",
        help:
          "Send a row to test when hash(seed, key bytes) / 2^64 < f (FNV-1a 64, SplitMix64 mix; see docs/formats.md); streams in constant memory; a missing key is an error."
      ),
      OptionSpec(
        ["--stratify"], value: "col",
        help:
          "Exact test rows per class of this column (missing values are a class); not with --key."
      ),
      OptionSpec(
        ["--train-out"], value: "file",
        help: "Where to write the training rows as CSV (required; '-' for standard output)."),
      OptionSpec(
        ["--test-out"], value: "file",
        help: "Where to write the test rows as CSV (required; '-' for standard output)."),
    ] + TableOptions.specs,
    examples: [
      Example(
        "split-data examples/penguins/penguins.csv --test-fraction 0.2 --seed 7 --train-out train.csv --test-out test.csv",
        "Put exactly round(0.2 x 344) = 69 rows, chosen by seed 7, in test.csv and the other 275 in train.csv."
      ),
      Example(
        "split-data examples/penguins/penguins.csv --test-fraction 0.2 --stratify species --train-out train.csv --test-out test.csv",
        "The same, with each species in test in proportion to its size (and on both sides)."),
      Example(
        "split-data events.jsonl --test-fraction 0.1 --key user_id --train-out train.csv --test-out test.csv",
        "About 10% of users, with all their rows, in test; a user never changes side as events accumulate."
      ),
      Example(
        "split-data data.tsv --test-fraction 0.25 --train-out train.csv --test-out - | wc -l",
        "Write the test rows to standard output (printed only once both sides are complete)."),
    ],
    exitCodes: [
      (.success, "both files written"),
      (.usage, "usage error"),
      (.dataError, "bad input data: unreadable table, unknown column, or a row without a key"),
      (.noInput, "input missing or unreadable"),
      (.internalError, "internal error"),
      (.cannotCreateOutput, "cannot create an output (neither output is left behind)"),
      (.ioError, "I/O error"),
    ])

  /// The tool.
  public static let tool = Tool(spec: spec) { invocation in
    let arguments = invocation.arguments
    let path = arguments.positionals[0]
    let settings = try readSettings(arguments)
    let trainPath = try arguments.required("--train-out")
    let testPath = try arguments.required("--test-out")
    try checkDistinct(trainPath, testPath)
    let options = try TableOptions.readOptions(arguments)
    let reader = try TableOptions.open(path, options: options, invocation: invocation)
    var split = settings
    split.writeHeader = options.hasHeader || reader.format == .jsonl
    // Both sides appear together or not at all; standard output is written last.
    let outputs = OutputSet(stdout: invocation.stdout)
    let train = CSVWriter(output: try outputs.output(trainPath))
    let test = CSVWriter(output: try outputs.output(testPath))
    let summary = try SplitJob.run(reader, settings: split, train: train, test: test)
    train.flush()
    test.flush()
    try outputs.commit()
    invocation.note("split-data: \(summary.description)")
    if !summary.oneSidedClasses.isEmpty {
      let names = summary.oneSidedClasses.prefix(10).map(\.display).joined(separator: ", ")
      let more = summary.oneSidedClasses.count > 10 ? ", ..." : ""
      invocation.warn(
        "\(Plural.count(summary.oneSidedClasses.count, "class", plural: "classes")) of '\(split.stratify ?? "")' with 2 or more rows \(summary.oneSidedClasses.count == 1 ? "is" : "are") on one side only (\(names)\(more)): the test fraction leaves too few test rows for every class"
      )
    }
    return .success
  }

  /// Reads and validates the split options.
  static func readSettings(_ arguments: ParsedArguments) throws(CoreError) -> SplitSettings {
    guard let fraction = try arguments.double("--test-fraction") else {
      throw .usage("missing required option '--test-fraction'")
    }
    guard fraction > 0 && fraction < 1 else {
      throw .usage(
        "invalid value '\(arguments.string("--test-fraction") ?? "")' for '--test-fraction': expected a number strictly between 0 and 1"
      )
    }
    let seed = try arguments.int("--seed") ?? 0
    let key = arguments.string("--key")
    let stratify = arguments.string("--stratify")
    if key != nil && stratify != nil {
      throw .usage(
        "'--key' and '--stratify' cannot be combined: with a key each row's side depends on its key alone, so class counts cannot be adjusted; use one or the other"
      )
    }
    return SplitSettings(
      fraction: fraction, seed: Int64(seed), key: key, stratify: stratify)
  }

  /// Refuses two outputs that are the same file, or both standard output.
  static func checkDistinct(_ train: String, _ test: String) throws(CoreError) {
    if train == "-" && test == "-" {
      throw .usage("'--train-out' and '--test-out' cannot both be '-' (standard output)")
    }
    var first = stat()
    var second = stat()
    let same =
      train == test
      || (stat(train, &first) == 0 && stat(test, &second) == 0
        && first.st_dev == second.st_dev && first.st_ino == second.st_ino)
    if same {
      throw .usage("'--train-out' and '--test-out' must be different files (both are '\(test)')")
    }
  }
}
