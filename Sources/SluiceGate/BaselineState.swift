/// Where baseline values come from, if anywhere.
public enum BaselineState: Sendable {
  /// A baseline metrics document.
  case document(MetricsDocument)
  /// No baseline: a first run (`--first-run`, or a baseline path in the working tree but not
  /// yet at the revision), or none given for absolute rules only; the reason is reported.
  case none(String)
}
