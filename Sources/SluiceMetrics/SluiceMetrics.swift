import SluiceCore

/// SluiceMetrics: evaluation metrics, bootstrap intervals, slices and plots for `evaluate`.
public enum SluiceMetrics {
  /// The version of the metrics.json format written by `evaluate`.
  public static let metricsFormatVersion: Int64 = 1

  /// Why a metrics document cannot be read by this Sluice: `evaluate`'s metrics.json (it
  /// carries `meta.sluice_metrics_version`) of a newer format. Nil for the current and older
  /// versions, and for metrics files of other tools (DVC, MLflow), which carry no Sluice
  /// version and are read as plain JSON.
  public static func versionProblem(_ document: JSONValue) -> String? {
    guard let meta = document["meta"] else { return nil }
    let key = "sluice_metrics_version"
    return FormatVersion.problem(in: meta, key: key, understood: metricsFormatVersion)
      .map { "meta.\(key): \($0)" }
  }
}
