/// SluiceMetrics: evaluation metrics, bootstrap intervals, slices and plots for `evaluate`.
public enum SluiceMetrics {
  /// The version of the metrics.json format written by `evaluate`.
  public static let metricsFormatVersion: Int64 = 1
}
