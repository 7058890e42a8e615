import SluiceCore
import SluiceData
import SluiceTable

extension ValidateDataTool {
  static let profileSpec = CommandSpec(
    name: "validate-data profile",
    overview:
      "Profile every column in one pass with fixed memory per column: count, missing, min, max, mean and variance (exact and mergeable), quantiles from a KLL sketch (rank error stated in the output), distinct count (HyperLogLog, ~1.6% standard error), the most frequent values, a histogram, lengths and boolean counts. Profiles of shards merge exactly with 'validate-data merge', and a stored profile can be the reference of 'validate-data drift'.",
    usage: ["validate-data profile DATA [-o profile.json] [--shard I/N] [table options]"],
    arguments: [
      ArgumentSpec(
        "data", help: "The table to profile: CSV, TSV or JSON Lines ('-' for standard input).")
    ],
    options: [
      OptionSpec(
        ["-o", "--output"], value: "file",
        help: "Write the profile here ('-' for standard output).",
        default: "-"),
      OptionSpec(
        ["--shard"], value: "I/N",
        help:
          "Profile only shard I of N: data rows I, I+N, I+2N, ... (the shards partition the table; merge their profiles with 'validate-data merge'). The shard's rows are copied to a temporary CSV first."
      ),
    ] + TableOptions.specs,
    examples: [
      Example(
        "validate-data profile train.csv -o train.profile.json",
        "Profile the training data, e.g. as the drift reference to ship with the model."),
      Example(
        "cat part-*.csv | validate-data profile - -o profile.json",
        "Profile a stream with fixed memory, however long it is."),
      Example(
        "validate-data profile big.csv --shard 2/4 -o shard-2.json",
        "Profile the second of four shards (e.g. in a CI matrix job); merge the four after."),
    ],
    exitCodes: ValidateDataTool.writerExitCodes(input: "the data"))

  static let profile = Tool(spec: profileSpec) { invocation in
    let arguments = invocation.arguments
    let options = try TableOptions.readOptions(arguments)
    let output = try AtomicOutput(
      path: arguments.string("--output") ?? "-", stdout: invocation.stdout)
    var reader = try TableOptions.open(
      arguments.positionals[0], options: options, invocation: invocation)
    var name = reader.displayName
    var shardCopy: AtomicOutput? = nil
    defer { shardCopy?.discard() }
    if let text = arguments.string("--shard") {
      let shard = try TableShard(parsing: text, option: "--shard")
      (reader, shardCopy) = try shardReader(reader, shard: shard, options: options)
      name = "shard \(shard.index)/\(shard.count) of \(name)"
    }
    let profile = try TableProfile.profile(reader)
    ProfileCodec.write(profile) { output.write($0) }
    try output.commit()
    TableOptions.warnDecimalCommas(
      zip(profile.names, profile.columns).filter(\.1.looksLikeDecimalComma).map(\.0), invocation)
    if !output.isStandardOutput {
      invocation.note(
        "validate-data: profiled \(Plural.count(profile.names.count, "column")) of \(Plural.count(profile.rows, "row")) of \(name); wrote \(output.path)"
      )
    }
    return .success
  }

  /// A reader of `shard`'s rows of `reader`, copied as CSV into a temporary file (removed
  /// when the returned output is discarded, or on a signal) and read with the same missing
  /// value tokens and decimal mark.
  static func shardReader(_ reader: TableReader, shard: TableShard, options: ReadOptions)
    throws -> (TableReader, AtomicOutput)
  {
    let directory = ProcessEnvironment.current["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    let copy = try AtomicOutput(path: directory + "/sluice-profile-shard.csv")
    let writer = CSVWriter(output: copy)
    _ = try shard.writeRows(of: reader, to: writer)
    writer.flush()
    try copy.prepare()
    guard let path = copy.temporaryPath else {
      throw CoreError.internalError("the shard's temporary copy has no path")
    }
    var copyOptions = options
    copyOptions.format = .csv
    copyOptions.delimiter = UInt8(ascii: ",")
    copyOptions.quote = .some(UInt8(ascii: "\""))
    copyOptions.hasHeader = true
    let shardReader = try TableReader(path: path, options: copyOptions)
    return (shardReader, copy)
  }

  static let mergeSpec = CommandSpec(
    name: "validate-data merge",
    overview:
      "Merge the profiles of shards of one table into the profile of the whole: counts, min, max, mean and variance are exactly those of profiling the concatenation, sketches stay within their stated error, in any merge order. Profile each shard in its own CI job, then merge once.",
    usage: ["validate-data merge PROFILE... [-o profile.json]"],
    arguments: [
      ArgumentSpec(
        "profiles", help: "Two or more profiles from 'validate-data profile'.", variadic: true)
    ],
    options: [
      OptionSpec(
        ["-o", "--output"], value: "file",
        help: "Write the merged profile here ('-' for standard output).",
        default: "-")
    ],
    examples: [
      Example(
        "validate-data merge shard-*.profile.json -o profile.json",
        "Combine the profiles of every shard into one.")
    ],
    exitCodes: ValidateDataTool.writerExitCodes(input: "a profile"))

  static let merge = Tool(spec: mergeSpec) { invocation in
    let arguments = invocation.arguments
    let paths = arguments.positionals
    guard !paths.isEmpty else { throw CoreError.usage("missing argument <profiles>") }
    let output = try AtomicOutput(
      path: arguments.string("--output") ?? "-", stdout: invocation.stdout)
    var merged: TableProfile? = nil
    for path in paths {
      let document = try JSONParser.parse(InputFile.readAll(path), file: path)
      let profile = try ProfileCodec.decode(document, file: path)
      if merged == nil {
        merged = profile
      } else {
        try merged?.merge(profile, file: path)
      }
    }
    guard let merged else { throw CoreError.usage("missing argument <profiles>") }
    ProfileCodec.write(merged) { output.write($0) }
    try output.commit()
    return .success
  }
}
