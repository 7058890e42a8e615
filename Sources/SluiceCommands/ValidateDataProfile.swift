import SluiceCore
import SluiceData
import SluiceTable

extension ValidateDataTool {
  static let profileSpec = CommandSpec(
    name: "validate-data profile",
    overview:
      "Profile every column in one pass with fixed memory per column: count, missing, min, max, mean and variance (exact and mergeable), quantiles from a KLL sketch (rank error stated in the output), distinct count (HyperLogLog, ~1.6% standard error), the most frequent values, a histogram, lengths and boolean counts. Profiles of shards merge exactly with 'validate-data merge', and a stored profile can be the reference of 'validate-data drift'.",
    usage: ["validate-data profile DATA [-o profile.json] [table options]"],
    arguments: [
      ArgumentSpec(
        "data", help: "The table to profile: CSV, TSV or JSON Lines ('-' for standard input).")
    ],
    options: [
      OptionSpec(
        ["-o", "--output"], value: "file",
        help: "Write the profile here ('-' for standard output).",
        default: "-")
    ] + TableOptions.specs,
    examples: [
      Example(
        "validate-data profile train.csv -o train.profile.json",
        "Profile the training data, e.g. as the drift reference to ship with the model."),
      Example(
        "cat part-*.csv | validate-data profile - -o profile.json",
        "Profile a stream with fixed memory, however long it is."),
    ],
    exitCodes: ValidateDataTool.writerExitCodes(input: "the data"))

  static let profile = Tool(spec: profileSpec) { invocation in
    let arguments = invocation.arguments
    let options = try TableOptions.readOptions(arguments)
    let output = try AtomicOutput(
      path: arguments.string("--output") ?? "-", stdout: invocation.stdout)
    let reader = try TableOptions.open(
      arguments.positionals[0], options: options, invocation: invocation)
    let profile = try TableProfile.profile(reader)
    ProfileCodec.write(profile) { output.write($0) }
    try output.commit()
    if !output.isStandardOutput {
      invocation.note(
        "validate-data: profiled \(Plural.count(profile.names.count, "column")) of \(Plural.count(profile.rows, "row")) of \(reader.displayName); wrote \(output.path)"
      )
    }
    return .success
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
