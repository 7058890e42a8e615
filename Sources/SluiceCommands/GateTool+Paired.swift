import SluiceCore
import SluiceGate
import SluiceMetrics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The two models' predictions, aligned by id, as the gate's paired input.
struct PairedPredictions {
  var input: PairedInput
  var description: String
  var payload: JSONValue

  /// Reads `--predictions` and `--baseline-predictions` (both or neither): nil when neither,
  /// or with a note when the baseline's `REV:PATH` is in the working tree but not yet at REV
  /// (a first run; a path in neither is an error).
  static func load(_ arguments: ParsedArguments, target: String?) throws -> (
    PairedPredictions?, note: String?
  ) {
    do {
      return (try loadBoth(arguments, target: target), nil)
    } catch let absent as AbsentAtRevision {
      return (
        nil, "Baseline predictions: \(absent.reason); baseline rules are judged without them."
      )
    }
  }

  private static func loadBoth(_ arguments: ParsedArguments, target: String?) throws
    -> PairedPredictions?
  {
    let candidatePath = arguments.string("--predictions")
    let baselinePath = arguments.string("--baseline-predictions")
    guard candidatePath != nil || baselinePath != nil else { return nil }
    guard let candidatePath, let baselinePath else {
      throw CoreError.usage("'--predictions' and '--baseline-predictions' must be given together")
    }
    var options = PredictionsFile.Options(
      target: arguments.string("--target") ?? target ?? "target")
    options.idColumn = arguments.string("--id")
    options.idDefault = .rowColumn
    // Only options gate has: the predictions must be written as predict writes them.
    options.columnsHint =
      "gate reads a 'prediction' column and 'proba_<class>' columns, as predict writes them"
    options.taskHint = nil
    options.positive = arguments.string("--positive")
    options.read = try TableOptions.readOptions(arguments)
    let candidate: PredictionSet
    do {
      candidate = try read(candidatePath, option: "--predictions", options: options)
    } catch let absent as AbsentAtRevision {
      throw CoreError.missingInput(path: candidatePath, reason: absent.reason)
    }
    let baseline = try PairedInput.align(
      read(baselinePath, option: "--baseline-predictions", options: options), to: candidate,
      names: (candidatePath, baselinePath))
    let rounds = try arguments.int("--resamples") ?? 1000
    guard rounds >= 1 else {
      throw CoreError.usage("invalid value '\(rounds)' for '--resamples': expected 1 or more")
    }
    let seedText = arguments.string("--seed") ?? "0"
    guard let seed = UInt64(seedText) else {
      throw CoreError.usage("invalid value '\(seedText)' for '--seed': expected an integer ≥ 0")
    }
    let input = PairedInput(
      candidate: candidate, baseline: baseline,
      bootstrap: PairedBootstrap(rounds: rounds, seed: seed))
    let idText = options.idColumn.map { "id column '\($0)'" } ?? "row number"
    let description =
      "\(candidatePath) vs \(baselinePath), \(candidate.count) rows aligned by \(idText), \(rounds) resamples, seed \(seed)"
    let payload: JSONValue = .object([
      "candidate": .string(candidatePath), "baseline": .string(baselinePath),
      "rows": .int(Int64(candidate.count)), "task": .string(candidate.task.rawValue),
      "resamples": .int(Int64(rounds)), "seed": .string(seedText),
    ])
    return PairedPredictions(input: input, description: description, payload: payload)
  }

  /// Reads a predictions file, or `REV:PATH` through git when no such file exists.
  static func read(_ spec: String, option: String, options: PredictionsFile.Options) throws
    -> PredictionSet
  {
    if access(spec, F_OK) == 0 || !spec.contains(":") || spec == "-" {
      return try PredictionsFile.read(path: spec, options: options)
    }
    let (rev, path) = try GitBaseline.split(spec, option: option)
    switch try GitBaseline.read(rev: rev, path: path) {
    case .absent(let reason):
      throw AbsentAtRevision(reason: reason)
    case .found(let bytes):
      let extensionText =
        path.split(separator: "/").last.flatMap { name -> String? in
          guard let dot = name.lastIndex(of: ".") else { return nil }
          return String(name[dot...])
        } ?? ".csv"
      var template = Array("/tmp/sluice-gate-XXXXXX\(extensionText)".utf8CString)
      let descriptor = mkstemps(&template, Int32(extensionText.utf8.count))
      guard descriptor >= 0 else {
        throw CoreError.cannotCreateOutput(path: "/tmp", reason: "cannot create a temporary file")
      }
      let temporary = String(
        decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
      defer { unlink(temporary) }
      let writer = ByteWriter(fileDescriptor: descriptor, bufferSize: 0)
      writer.write(bytes)
      writer.flush()
      close(descriptor)
      return try PredictionsFile.read(path: temporary, options: options)
    }
  }
}

/// A predictions file named `REV:PATH` whose REV exists without PATH.
private struct AbsentAtRevision: Error {
  var reason: String
}
