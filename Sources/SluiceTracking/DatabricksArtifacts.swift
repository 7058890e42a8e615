import SluiceCore

/// A run's artifacts written to a Databricks workspace, as MLflow's own client does there:
/// the workspace stores them in cloud storage outside any artifact proxy, so each file goes
/// to a signed URL from `POST /api/2.0/mlflow/artifacts/credentials-for-write` (mlflow's
/// databricks_artifacts.proto), with the headers that credential names.
struct DatabricksArtifacts {
  let client: MLflowClient
  let runID: String

  /// Paths asked for in one credentials call.
  static let batch = 100

  /// Uploads every file of `artifacts`; returns their paths.
  func upload(_ artifacts: [TrackingRecord.Artifact]) throws(CoreError) -> [String] {
    var files: [(path: String, source: () throws(CoreError) -> [UInt8])] = []
    for artifact in artifacts {
      switch artifact.source {
      case .bytes(let bytes):
        files.append((artifact.path, { () throws(CoreError) in bytes }))
      case .file(let file):
        files.append((artifact.path, { () throws(CoreError) in try InputFile.readAll(file) }))
      case .directory(let directory):
        for relative in TrackingRun.files(under: directory) {
          let file = directory + "/" + relative
          files.append(
            (
              artifact.path + "/" + relative,
              { () throws(CoreError) in try InputFile.readAll(file) }
            ))
        }
      }
    }
    var start = 0
    while start < files.count {
      let part = files[start..<min(files.count, start + Self.batch)]
      let answer = try client.call(
        "POST", "artifacts/credentials-for-write",
        body: .object([
          "run_id": .string(runID), "path": .array(part.map { .string($0.path) }),
        ]))
      let credentials = answer["credential_infos"]?.arrayValue ?? []
      for file in part {
        // Matched by path, not by position: the answer's order is not promised.
        guard let credential = credentials.first(where: { $0["path"]?.stringValue == file.path })
        else {
          throw .io(
            path: client.server.baseURL,
            reason: "the workspace gave no write credential for artifact '\(file.path)'")
        }
        try put(try file.source(), credential: credential, path: file.path)
      }
      start += part.count
    }
    return files.map(\.path)
  }

  /// Writes `bytes` with one credential: a plain PUT to an AWS or GCP signed URL or an Azure
  /// blob SAS URI (as a block blob), or ADLS Gen2's create, append and flush.
  func put(_ bytes: [UInt8], credential: JSONValue, path: String) throws(CoreError) {
    guard let url = credential["signed_uri"]?.stringValue, !url.isEmpty else {
      throw .io(
        path: client.server.baseURL,
        reason: "the write credential for artifact '\(path)' has no signed URI")
    }
    var headers: [(String, String)] = []
    for header in credential["headers"]?.arrayValue ?? [] {
      if let name = header["name"]?.stringValue, let value = header["value"]?.stringValue {
        headers.append((name, value))
      }
    }
    let type = credential["type"]?.stringValue ?? ""
    switch type {
    case "AWS_PRESIGNED_URL", "GCP_SIGNED_URL":
      try client.sendSigned("PUT", url: url, body: bytes, headers: headers)
    case "AZURE_SAS_URI":
      try client.sendSigned(
        "PUT", url: url, body: bytes, headers: headers + [("x-ms-blob-type", "BlockBlob")])
    case "AZURE_ADLS_GEN2_SAS_URI":
      try client.sendSigned(
        "PUT", url: Self.adding("resource=file", to: url), body: [], headers: headers)
      if !bytes.isEmpty {
        try client.sendSigned(
          "PATCH", url: Self.adding("action=append&position=0", to: url), body: bytes,
          headers: headers)
      }
      try client.sendSigned(
        "PATCH", url: Self.adding("action=flush&position=\(bytes.count)", to: url), body: [],
        headers: headers)
    default:
      throw .io(
        path: client.server.baseURL,
        reason: "the write credential for artifact '\(path)' is of a kind Sluice cannot use"
          + " ('\(Diagnostic.escapeControls(type))'): log artifacts with MLflow's client")
    }
  }

  /// `url` with `parameters` added to its query.
  static func adding(_ parameters: String, to url: String) -> String {
    url + (url.contains("?") ? "&" : "?") + parameters
  }
}
