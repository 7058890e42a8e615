import SluiceBundle
import SluiceCore
import SluiceTracking

/// `--mlflow` and `--experiment`: the options every tool that logs to MLflow shares
/// (train, evaluate, gate, package-model), and the logging they switch on (docs/mlflow.md).
enum TrackingOptions {
  /// The option specs.
  static let specs: [OptionSpec] = [
    OptionSpec(
      ["--mlflow"], value: "uri",
      help:
        "Log params, metrics, tags and artifacts to this MLflow tracking server, http(s)://HOST:PORT or 'databricks' (default: MLFLOW_TRACKING_URI). MLFLOW_RUN_ID continues that run; the run id and URL go to standard error. Auth: MLFLOW_TRACKING_TOKEN, MLFLOW_TRACKING_USERNAME/_PASSWORD. Local outputs are written first; an unreachable server, a timeout, HTTP 429 or 5xx is retried 3 times (after 1, 2 and 4 s; MLFLOW_HTTP_REQUEST_MAX_RETRIES, MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR), each request has 30 s (MLFLOW_HTTP_REQUEST_TIMEOUT) and all MLflow requests 300 s (SLUICE_MLFLOW_DEADLINE); then, or at once on another 4xx, exit 74. See docs/mlflow.md."
    ),
    OptionSpec(
      ["--experiment"], value: "name",
      help:
        "The MLflow experiment of a new run, created when missing (default: MLFLOW_EXPERIMENT_NAME, else MLflow's Default experiment)."
    ),
  ]

  /// Where to log, read and checked before any work so a usage error costs nothing.
  final class Target {
    let server: MLflowServer
    let policy: RetryPolicy
    let experiment: String?
    let experimentID: String?
    let runID: String?
    private var shared: MLflowClient?

    init(
      server: MLflowServer, policy: RetryPolicy, experiment: String?, experimentID: String?,
      runID: String?
    ) {
      self.server = server
      self.policy = policy
      self.experiment = experiment
      self.experimentID = experimentID
      self.runID = runID
    }

    /// The one client of this tool run (its deadline covers every request), whose retries
    /// are noted on standard error.
    func client(_ invocation: Invocation) -> MLflowClient {
      if let shared { return shared }
      let client = MLflowClient(server: server, policy: policy)
      let stderr = invocation.stderr
      let tool = invocation.toolName
      client.onRetry = { line in
        stderr.write(Diagnostic.renderWarning("MLflow: " + line, tool: tool) + "\n")
      }
      shared = client
      return client
    }
  }

  /// The tracking target the options and environment name, or nil when there is none.
  static func target(_ arguments: ParsedArguments, environment: [String: String])
    throws(CoreError) -> Target?
  {
    let uri = arguments.string("--mlflow") ?? environment["MLFLOW_TRACKING_URI"]
    guard let uri, !uri.isEmpty else {
      if arguments.flag("--experiment") {
        throw .usage("'--experiment' needs --mlflow URI (or MLFLOW_TRACKING_URI)")
      }
      return nil
    }
    let experiment = arguments.string("--experiment") ?? environment["MLFLOW_EXPERIMENT_NAME"]
    return Target(
      server: try MLflowServer(uri: uri, environment: environment),
      policy: try RetryPolicy(environment: environment),
      experiment: experiment?.isEmpty == false ? experiment : nil,
      experimentID: environment["MLFLOW_EXPERIMENT_ID"].flatMap { $0.isEmpty ? nil : $0 },
      runID: environment["MLFLOW_RUN_ID"].flatMap { $0.isEmpty ? nil : $0 })
  }

  /// Every setting given (or defaulted) on the command line as a param, keyed by the option's
  /// name without dashes; paths (file and dir values) are left out, since the same step run
  /// from another directory must not re-log a param with another value, which MLflow refuses.
  static func settings(
    _ arguments: ParsedArguments, spec: CommandSpec, into record: inout TrackingRecord
  ) {
    let skipped: Set<String> = ["mlflow", "experiment", "quiet", "output"]
    for option in spec.options {
      let key = String(option.displayName.drop { $0 == "-" })
      if skipped.contains(key) { continue }
      if option.isFlag {
        if arguments.flag(option.displayName) { record.param(key, "true") }
        continue
      }
      let value = option.valueName ?? ""
      if value == "file" || value == "dir" || value.hasPrefix("file") { continue }
      let values = arguments.strings(option.displayName)
      if !values.isEmpty {
        record.param(key, values.joined(separator: option.repeatable ? ";" : ""))
      }
    }
  }

  /// Logs `record` to the target's run: opens (or continues) the run, says its id and URL on
  /// standard error, logs params, metrics, tags and artifacts, and marks the run finished.
  @discardableResult
  static func log(_ record: TrackingRecord, to target: Target?, invocation: Invocation)
    throws(CoreError) -> TrackingRun?
  {
    guard let target else { return nil }
    let run = try TrackingRun.open(
      client: target.client(invocation), experiment: target.experiment,
      experimentID: target.experimentID, runID: target.runID)
    invocation.note("\(invocation.toolName): MLflow run \(run.runID): \(run.url)")
    var record = record
    record.tags += commonTags(tool: invocation.toolName)
    try run.log(record)
    if !record.artifacts.isEmpty { _ = try run.upload(record.artifacts) }
    try run.finish()
    return run
  }

  /// The tags every step sets: Sluice's version, the tool, and the git commit and branch
  /// (MLflow's own mlflow.source.git.* tags too, which its UI shows).
  static func commonTags(tool: String) -> [(key: String, value: String)] {
    var tags: [(key: String, value: String)] = [
      ("sluice.version", sluiceVersion), ("sluice.tool", tool),
      ("mlflow.source.name", tool), ("mlflow.source.type", "LOCAL"),
    ]
    if let commit = GitInfo.headCommit() {
      tags += [("sluice.git.commit", commit), ("mlflow.source.git.commit", commit)]
    }
    let environment = ProcessEnvironment.current
    let branch =
      GitInfo.branch() ?? environment["GITHUB_HEAD_REF"].flatMap { $0.isEmpty ? nil : $0 }
      ?? environment["GITHUB_REF_NAME"] ?? environment["CI_COMMIT_REF_NAME"]
    if let branch, !branch.isEmpty {
      tags += [("sluice.git.branch", branch), ("mlflow.source.git.branch", branch)]
    }
    return tags
  }
}
