import SluiceCore

/// `bundle.json`: what the bundle is and every file it holds (path, size, sha256), except
/// itself and `SHA256SUMS`, which covers it.
public struct BundleManifest: Sendable {
  /// One listed file.
  public struct File: Sendable, Equatable {
    /// Path relative to the bundle's top directory.
    public var path: String
    /// Size in bytes.
    public var size: UInt64
    /// Lower-case hex SHA-256.
    public var sha256: String

    /// Creates a file entry.
    public init(path: String, size: UInt64, sha256: String) {
      self.path = path
      self.size = size
      self.sha256 = sha256
    }
  }

  /// The manifest's own name inside the bundle.
  public static let fileName = "bundle.json"
  /// The checksum list's name.
  public static let sumsName = "SHA256SUMS"

  /// Format version.
  public var formatVersion: Int64
  /// Bundle name.
  public var name: String
  /// Bundle version.
  public var version: String
  /// `binary`, `multiclass` or `regression`.
  public var task: String
  /// Every member mtime.
  public var sourceDateEpoch: Int64
  /// Entry point name → path.
  public var entryPoints: [String: String]
  /// The files, sorted by path.
  public var files: [File]
  /// The document as read.
  public var json: JSONValue

  /// Reads a manifest; `BundleError` naming what is missing.
  public init(json: JSONValue) throws(BundleError) {
    guard let version = json["sluice_bundle_version"]?.intValue else {
      throw BundleError("bundle.json: not a Sluice bundle manifest (no \"sluice_bundle_version\")")
    }
    if let problem = FormatVersion.problem(
      in: json, key: "sluice_bundle_version", understood: SluiceBundle.bundleFormatVersion)
    {
      throw BundleError("bundle.json: sluice_bundle_version: \(problem)")
    }
    guard let name = json["name"]?.stringValue, let bundleVersion = json["version"]?.stringValue,
      let epoch = json["source_date_epoch"]?.intValue, let list = json["files"]?.arrayValue
    else { throw BundleError("bundle.json: expected name, version, source_date_epoch and files") }
    var files: [File] = []
    for item in list {
      guard let path = item["path"]?.stringValue, let size = item["size"]?.intValue, size >= 0,
        let sha = item["sha256"]?.stringValue
      else { throw BundleError("bundle.json: every file needs a path, a size and a sha256") }
      files.append(File(path: path, size: UInt64(size), sha256: sha))
    }
    var points: [String: String] = [:]
    for (key, value) in json["entry_points"]?.objectValue ?? [:] {
      if let path = value.stringValue { points[key] = path }
    }
    formatVersion = version
    self.name = name
    self.version = bundleVersion
    task = json["task"]?.stringValue ?? ""
    sourceDateEpoch = epoch
    entryPoints = points
    self.files = files
    self.json = json
  }

  /// The top directory's name: NAME-VERSION.
  public var root: String { "\(name)-\(version)" }

  /// The file entry for `path`.
  public func file(_ path: String) -> File? { files.first { $0.path == path } }

  /// `SHA256SUMS` for `files` (`sha256sum -c` format: digest, two spaces, path).
  public static func sums(_ files: [File]) -> [UInt8] {
    Array(
      files.sorted { byBytes($0.path, $1.path) }.map { "\($0.sha256)  \($0.path)\n" }.joined().utf8)
  }
}

/// Orders strings by their UTF-8 bytes (locale-free, as the archive is ordered).
func byBytes(_ left: String, _ right: String) -> Bool {
  left.utf8.lexicographicallyPrecedes(right.utf8)
}
