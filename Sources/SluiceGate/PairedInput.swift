/// Paired predictions of the candidate and the baseline on the same rows.
public struct PairedInput {
  /// The number of aligned rows.
  public var rowCount: Int
  /// The metrics computable on row subsets, by name.
  public var metrics: [String: PairedMetric]
  /// Per-row correctness of each model, for McNemar's test.
  public var correctness: (candidate: [Bool], baseline: [Bool])?
  /// Per-row positive flags and scores, for DeLong's test.
  public var scores: (positive: [Bool], candidate: [Double], baseline: [Double])?
  /// The bootstrap procedure.
  public var bootstrap: PairedBootstrap

  /// Creates paired input.
  public init(
    rowCount: Int, metrics: [PairedMetric], bootstrap: PairedBootstrap,
    correctness: (candidate: [Bool], baseline: [Bool])? = nil,
    scores: (positive: [Bool], candidate: [Double], baseline: [Double])? = nil
  ) {
    self.rowCount = rowCount
    self.metrics = Dictionary(
      metrics.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    self.bootstrap = bootstrap
    self.correctness = correctness
    self.scores = scores
  }

  /// The paired metric a rule's path names: the path itself, or it without a leading
  /// `metrics.` or `overall.` (Sluice, MLflow exports); slices are not paired.
  public func metricName(for path: String) -> String? {
    for prefix in ["", "metrics.", "overall."] where path.hasPrefix(prefix) {
      let name = String(path.dropFirst(prefix.count))
      if metrics[name] != nil { return name }
    }
    return nil
  }
}
