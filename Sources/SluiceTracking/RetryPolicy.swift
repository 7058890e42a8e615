import SluiceCore

/// How long and how often MLflow requests are tried: the numbers `--help` and docs/mlflow.md
/// state. The environment variables are MLflow's own client's, so one setting serves both.
public struct RetryPolicy: Sendable, Equatable {
  /// Retries after the first attempt (MLFLOW_HTTP_REQUEST_MAX_RETRIES).
  public var retries = 3
  /// The first wait between attempts in seconds, doubled each time
  /// (MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR): 1, 2, 4 s by default.
  public var backoff = 1.0
  /// One request's time limit in seconds (MLFLOW_HTTP_REQUEST_TIMEOUT).
  public var timeout = 30.0
  /// All MLflow traffic of one tool run, retries included (SLUICE_MLFLOW_DEADLINE).
  public var deadline = 300.0

  /// The defaults.
  public init() {}

  /// The policy the environment sets; a malformed value is a usage error.
  public init(environment: [String: String]) throws(CoreError) {
    func number(_ name: String, range: ClosedRange<Double>) throws(CoreError) -> Double? {
      guard let text = environment[name], !text.isEmpty else { return nil }
      guard let value = Double(text), range.contains(value) else {
        throw .usage(
          "invalid value '\(text)' for \(name): expected a number from"
            + " \(NumberText.short(range.lowerBound, digits: 6)) to"
            + " \(NumberText.short(range.upperBound, digits: 6))")
      }
      return value
    }
    if let value = try number("MLFLOW_HTTP_REQUEST_MAX_RETRIES", range: 0...10) {
      retries = Int(value)
    }
    backoff = try number("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", range: 0...60) ?? backoff
    timeout = try number("MLFLOW_HTTP_REQUEST_TIMEOUT", range: 0.1...3600) ?? timeout
    deadline = try number("SLUICE_MLFLOW_DEADLINE", range: 0.1...86400) ?? deadline
  }

  /// The wait before retry `n` (1-based).
  func wait(beforeRetry n: Int) -> Double {
    backoff * Double(1 << min(n - 1, 16))
  }
}
