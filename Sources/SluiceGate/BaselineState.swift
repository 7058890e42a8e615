/// Where baseline values come from, if anywhere.
public enum BaselineState: Sendable {
  /// A baseline metrics document.
  case document(MetricsDocument)
  /// No baseline (first run, or none given); the reason is reported.
  case none(String)
}
