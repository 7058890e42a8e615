import SluiceCore
import SluiceTable

/// `lineage.json`: where the model came from — the datasets (by file name, sha256 and row
/// count), the schema's hash, the model's training-data hash, and the git commit when packaged
/// in a git work tree. Names, not paths: the same files packaged from another directory give
/// the same bytes.
public enum Lineage {
  /// The version of the lineage.json format.
  public static let formatVersion: Int64 = 1

  /// One dataset's facts.
  public struct Dataset: Sendable, Equatable {
    /// The file's name (last path component).
    public var name: String
    /// SHA-256 of the file's bytes.
    public var sha256: String
    /// Data rows.
    public var rows: Int
  }

  /// Reads each data file once to hash it and count its rows.
  public static func datasets(_ paths: [String]) throws -> [Dataset] {
    try paths.map { path in
      let sha256 = try SHA256.hexOfFile(path)
      let reader = try TableReader(path: path)
      var rows = 0
      try reader.forEachRecord { _, status in
        if case .record = status { rows += 1 }
      }
      return Dataset(name: baseName(path), sha256: sha256, rows: rows)
    }
  }

  /// The lineage document.
  public static func json(
    datasets: [Dataset], schemaSHA256: String?, modelTraining: [String: JSONValue],
    gitCommit: String?, gitChanges: GitChanges? = nil
  ) -> JSONValue {
    var document: [String: JSONValue] = [
      "lineage_version": .int(formatVersion),
      "datasets": .array(
        datasets.map { dataset in
          var item: [String: JSONValue] = [
            "name": .string(dataset.name), "sha256": .string(dataset.sha256),
            "rows": .int(Int64(dataset.rows)),
          ]
          if let schemaSHA256 { item["schema_sha256"] = .string(schemaSHA256) }
          return .object(item)
        }),
      "schema_sha256": schemaSHA256.map { .string($0) } ?? .null,
      "git_commit": gitCommit.map { .string($0) } ?? .null,
    ]
    if gitCommit != nil, let gitChanges {
      document["git_dirty"] = .bool(gitChanges.isDirty)
      document["git_changed_files"] = .array(gitChanges.files.map { .string($0) })
      document["git_changed_file_count"] = .int(Int64(gitChanges.count))
    }
    var training: [String: JSONValue] = [:]
    for key in ["data_sha256", "rows"] where modelTraining[key] != nil {
      training[key] = modelTraining[key]
    }
    document["training"] = .object(training)
    return .object(document)
  }
}

/// The last component of a path.
func baseName(_ path: String) -> String {
  let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
  guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
  return String(trimmed[trimmed.index(after: slash)...])
}
