import Foundation
import SluiceCore

/// One MLflow run that a tool creates, or continues (`MLFLOW_RUN_ID`), and logs to.
public final class TrackingRun: @unchecked Sendable {
  /// The client the run talks through.
  public let client: MLflowClient
  /// The run's id.
  public let runID: String
  /// The run's experiment.
  public let experimentID: String
  /// The run's artifact root, e.g. `mlflow-artifacts:/1/<run>/artifacts`.
  public let artifactURI: String

  /// The run's page in the MLflow UI.
  public var url: String { client.server.runURL(experimentID: experimentID, runID: runID) }

  private init(client: MLflowClient, runID: String, experimentID: String, artifactURI: String) {
    self.client = client
    self.runID = runID
    self.experimentID = experimentID
    self.artifactURI = artifactURI
  }

  /// Continues run `runID`, or creates a run in the experiment named `experiment` (created
  /// when missing; MLflow's Default experiment, or `experimentID`, when no name is given).
  public static func open(
    client: MLflowClient, experiment: String?, experimentID: String? = nil, runID: String?
  ) throws(CoreError) -> TrackingRun {
    let info: JSONValue?
    if let runID {
      let answer = try client.call("GET", "runs/get", query: [("run_id", runID)])
      info = answer["run"]?["info"]
      if info?["lifecycle_stage"]?.stringValue == "deleted" {
        throw .io(path: client.server.baseURL, reason: "MLflow run \(runID) is deleted")
      }
    } else {
      var id = experimentID ?? "0"
      if let experiment { id = try findExperiment(named: experiment, client: client) }
      let now = Int64(Date().timeIntervalSince1970 * 1000)
      let answer = try client.call(
        "POST", "runs/create",
        body: .object(["experiment_id": .string(id), "start_time": .int(now)]))
      info = answer["run"]?["info"]
    }
    guard let runID = info?["run_id"]?.stringValue ?? info?["run_uuid"]?.stringValue,
      let experimentID = info?["experiment_id"]?.stringValue
    else {
      throw .io(path: client.server.baseURL, reason: "MLflow's answer holds no run id")
    }
    return TrackingRun(
      client: client, runID: runID, experimentID: experimentID,
      artifactURI: info?["artifact_uri"]?.stringValue ?? "")
  }

  /// The id of the experiment named `name`, creating it when there is none.
  static func findExperiment(named name: String, client: MLflowClient) throws(CoreError) -> String {
    for _ in 0..<2 {
      if let found = try client.callAllowing(
        ["RESOURCE_DOES_NOT_EXIST"], "GET", "experiments/get-by-name",
        query: [("experiment_name", name)]),
        let id = found["experiment"]?["experiment_id"]?.stringValue
      {
        return id
      }
      // Another job may create it between our two calls: then read it again.
      if let created = try client.callAllowing(
        ["RESOURCE_ALREADY_EXISTS"], "POST", "experiments/create",
        body: .object(["name": .string(name)])),
        let id = created["experiment_id"]?.stringValue
      {
        return id
      }
    }
    throw .io(path: client.server.baseURL, reason: "cannot find or create experiment '\(name)'")
  }

  /// Logs the record's params (under `<tool>.`), metrics and tags with `runs/log-batch`,
  /// within MLflow's limits per call (100 params, 100 tags, 1000 entries).
  public func log(_ record: TrackingRecord) throws(CoreError) {
    let now = Int64(Date().timeIntervalSince1970 * 1000)
    var seen: Set<String> = []
    var params: [JSONValue] = []
    for (key, value) in record.params {
      let name = MetricNames.sanitize(record.tool + "." + key)
      guard seen.insert(name).inserted else { continue }
      // MLflow keeps at most 6000 characters of a param value.
      params.append(.object(["key": .string(name), "value": .string(String(value.prefix(6000)))]))
    }
    let metrics: [JSONValue] = record.metrics.map { key, value in
      .object([
        "key": .string(MetricNames.sanitize(key)), "value": .double(value),
        "timestamp": .int(now), "step": .int(0),
      ])
    }
    let tags: [JSONValue] = record.tags.map { key, value in
      .object(["key": .string(key), "value": .string(String(value.prefix(8000)))])
    }
    var (p, m, t) = (params[...], metrics[...], tags[...])
    while !p.isEmpty || !m.isEmpty || !t.isEmpty {
      let batchParams = p.prefix(100)
      let batchTags = t.prefix(100)
      let batchMetrics = m.prefix(1000 - batchParams.count - batchTags.count)
      p = p.dropFirst(batchParams.count)
      t = t.dropFirst(batchTags.count)
      m = m.dropFirst(batchMetrics.count)
      try client.call(
        "POST", "runs/log-batch",
        body: .object([
          "run_id": .string(runID), "params": .array(Array(batchParams)),
          "metrics": .array(Array(batchMetrics)), "tags": .array(Array(batchTags)),
        ]))
    }
  }

  /// The run's artifact root as a path under the artifact proxy, or nil when the run's
  /// artifacts are not served by the tracking server (`mlflow server --serve-artifacts`).
  public var proxiedRoot: String? {
    let anchor = "/api/2.0/mlflow-artifacts/artifacts/"
    var rest: Substring
    if artifactURI.hasPrefix("mlflow-artifacts://") {
      rest = artifactURI.dropFirst("mlflow-artifacts://".count)
      guard let slash = rest.firstIndex(of: "/") else { return nil }
      rest = rest[slash...]
    } else if artifactURI.hasPrefix("mlflow-artifacts:") {
      rest = artifactURI.dropFirst("mlflow-artifacts:".count)
    } else if artifactURI.hasPrefix("http"), let range = artifactURI.range(of: anchor) {
      rest = artifactURI[range.upperBound...]
    } else {
      return nil
    }
    let path = rest.split(separator: "/").joined(separator: "/")
    return path.isEmpty ? nil : path
  }

  /// Uploads the artifacts through the artifact proxy (or, on Databricks, to the signed URLs
  /// the workspace hands out); returns the paths uploaded.
  public func upload(_ artifacts: [TrackingRecord.Artifact]) throws(CoreError) -> [String] {
    if client.server.isDatabricks && artifactURI.hasPrefix("dbfs:") {
      return try DatabricksArtifacts(client: client, runID: runID).upload(artifacts)
    }
    guard let root = proxiedRoot else {
      throw .io(
        path: client.server.baseURL,
        reason: "the run's artifact location '\(artifactURI)' is not behind the tracking"
          + " server's artifact proxy (start it with 'mlflow server --serve-artifacts')")
    }
    var uploaded: [String] = []
    for artifact in artifacts {
      switch artifact.source {
      case .bytes(let bytes):
        try client.upload(bytes, to: root + "/" + artifact.path)
        uploaded.append(artifact.path)
      case .file(let file):
        try client.upload(InputFile.readAll(file), to: root + "/" + artifact.path)
        uploaded.append(artifact.path)
      case .directory(let directory):
        for relative in Self.files(under: directory) {
          try client.upload(
            InputFile.readAll(directory + "/" + relative),
            to: root + "/" + artifact.path + "/" + relative)
          uploaded.append(artifact.path + "/" + relative)
        }
      }
    }
    return uploaded
  }

  /// Regular files under `directory`, relative and sorted.
  static func files(under directory: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
    var output: [String] = []
    while let next = enumerator.nextObject() as? String {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: directory + "/" + next, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        output.append(next)
      }
    }
    return output.sorted()
  }

  /// Marks the run finished (a later step under MLFLOW_RUN_ID may still log to it).
  public func finish() throws(CoreError) {
    let now = Int64(Date().timeIntervalSince1970 * 1000)
    try client.call(
      "POST", "runs/update",
      body: .object([
        "run_id": .string(runID), "run_uuid": .string(runID), "status": "FINISHED",
        "end_time": .int(now),
      ]))
  }

  /// Registers the MLflow model at the run's artifact `path` as a new version of `name`
  /// (created when missing) and points `alias` at it; returns the version.
  public func register(name: String, alias: String, path: String) throws(CoreError) -> String {
    _ = try client.callAllowing(
      ["RESOURCE_ALREADY_EXISTS"], "POST", "registered-models/create",
      body: .object(["name": .string(name)]))
    let answer = try client.call(
      "POST", "model-versions/create",
      body: .object([
        "name": .string(name), "source": .string(artifactURI + "/" + path),
        "run_id": .string(runID),
      ]))
    guard let version = answer["model_version"]?["version"]?.stringValue else {
      throw .io(path: client.server.baseURL, reason: "MLflow's answer holds no model version")
    }
    try client.call(
      "POST", "registered-models/alias",
      body: .object(["name": .string(name), "alias": .string(alias), "version": .string(version)]))
    return version
  }
}
