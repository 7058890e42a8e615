import SluiceCore

/// Reads from MLflow's Model Registry.
public enum ModelRegistry {
  /// A `models:/NAME@ALIAS` or `models:/NAME/VERSION` URI split into its parts.
  public static func parse(_ uri: String) -> (name: String, alias: String?, version: String?)? {
    guard uri.hasPrefix("models:/") else { return nil }
    let rest = String(uri.dropFirst("models:/".count))
    if let at = rest.lastIndex(of: "@") {
      let name = String(rest[..<at])
      let alias = String(rest[rest.index(after: at)...])
      return name.isEmpty || alias.isEmpty ? nil : (name, alias, nil)
    }
    guard let slash = rest.lastIndex(of: "/") else { return nil }
    let name = String(rest[..<slash])
    let version = String(rest[rest.index(after: slash)...])
    return name.isEmpty || version.isEmpty ? nil : (name, nil, version)
  }

  /// The metrics the source run of a registered model version logged, as a metrics
  /// document gate reads (`MetricNames.document`); with a description of where they came
  /// from, e.g. `models:/churn@champion (version 3, run abc...)`.
  public static func metrics(_ uri: String, client: MLflowClient) throws(CoreError) -> (
    document: JSONValue, description: String
  ) {
    guard let (name, alias, version) = parse(uri) else {
      throw .usage(
        "invalid model URI '\(uri)': expected models:/NAME@ALIAS or models:/NAME/VERSION")
    }
    let answer: JSONValue
    if let alias {
      answer = try client.call(
        "GET", "registered-models/alias", query: [("name", name), ("alias", alias)])
    } else {
      answer = try client.call(
        "GET", "model-versions/get", query: [("name", name), ("version", version ?? "")])
    }
    guard let runID = answer["model_version"]?["run_id"]?.stringValue, !runID.isEmpty else {
      throw .invalidData("\(uri): the registered version has no source run to read metrics from")
    }
    let found = answer["model_version"]?["version"]?.stringValue ?? version ?? "?"
    let run = try client.call("GET", "runs/get", query: [("run_id", runID)])
    var metrics: [String: Double] = [:]
    for metric in run["run"]?["data"]?["metrics"]?.arrayValue ?? [] {
      if let key = metric["key"]?.stringValue, let value = metric["value"]?.doubleValue {
        metrics[key] = value
      }
    }
    return (MetricNames.document(metrics), "\(uri) (version \(found), run \(runID))")
  }
}
