import SluiceCore
import SluiceMetrics
import SluiceTable

extension EvaluateTool {
  /// The validated numeric options.
  struct Settings {
    var threshold: Double
    var task: EvaluationTask?
    var bootstrap: Bootstrap.Settings?
    var minSliceSize: Int
    var read: ReadOptions

    init(_ arguments: ParsedArguments) throws(CoreError) {
      threshold = try arguments.double("--threshold") ?? 0.5
      guard threshold > 0 && threshold < 1 else {
        throw .usage(
          "invalid value '\(arguments.string("--threshold") ?? "")' for '--threshold': expected 0 < t < 1"
        )
      }
      if let name = arguments.string("--task"), name != "auto" {
        guard let task = EvaluationTask(rawValue: name) else {
          throw .usage(
            "invalid value '\(name)' for '--task': expected auto, binary, multiclass or regression")
        }
        self.task = task
      }
      read = try TableOptions.readOptions(arguments)
      minSliceSize = try arguments.int("--min-slice-size") ?? 30
      guard minSliceSize >= 1 else {
        throw .usage("invalid value '\(minSliceSize)' for '--min-slice-size': expected 1 or more")
      }
      if let rounds = try arguments.int("--bootstrap") {
        guard rounds >= 2 && rounds <= 1_000_000 else {
          throw .usage("invalid value '\(rounds)' for '--bootstrap': expected 2 to 1000000")
        }
        let seedText = arguments.string("--seed") ?? "0"
        guard let seed = UInt64(seedText), seed <= UInt64(Int64.max) else {
          throw .usage("invalid value '\(seedText)' for '--seed': expected a non-negative integer")
        }
        let confidence = try arguments.double("--confidence") ?? 0.95
        guard confidence > 0 && confidence < 1 else {
          throw .usage("invalid value '\(confidence)' for '--confidence': expected 0 < c < 1")
        }
        bootstrap = Bootstrap.Settings(
          rounds: rounds, seed: seed, confidence: confidence, workers: read.workers)
      } else if arguments.flag("--seed") || arguments.flag("--confidence") {
        throw .usage("--seed and --confidence need --bootstrap N")
      }
    }
  }
}
