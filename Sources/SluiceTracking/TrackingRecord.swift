import SluiceCore

/// What one tool logs to an MLflow run: params, metrics, tags and artifacts.
public struct TrackingRecord: Sendable {
  /// A file or bytes to store under the run's artifacts.
  public struct Artifact: Sendable {
    /// Where the bytes come from.
    public enum Source: Sendable {
      /// A file on disk.
      case file(String)
      /// Every file under a directory, keeping their relative paths.
      case directory(String)
      /// Bytes in memory (an output written to standard output).
      case bytes([UInt8])
    }

    /// The artifact path inside the run, e.g. `evaluate/metrics.json`.
    public var path: String
    /// The content.
    public var source: Source

    /// An artifact at `path` with `source`.
    public init(_ path: String, _ source: Source) {
      self.path = path
      self.source = source
    }
  }

  /// The tool, e.g. `train`: its params are logged as `train.<key>`.
  public var tool: String
  /// Params (without the tool's prefix, which `TrackingRun.log` adds).
  public var params: [(key: String, value: String)] = []
  /// Metrics, by their full key.
  public var metrics: [(key: String, value: Double)] = []
  /// Tags, by their full key.
  public var tags: [(key: String, value: String)] = []
  /// Artifacts.
  public var artifacts: [Artifact] = []

  /// An empty record of `tool`.
  public init(tool: String) { self.tool = tool }

  /// Adds a param; a nil value is left out (a setting not given and without a default).
  public mutating func param(_ key: String, _ value: String?) {
    if let value { params.append((key, value)) }
  }

  /// Adds every scalar of a JSON object as a param (nested keys joined with `.`, arrays as
  /// their JSON text).
  public mutating func params(_ value: JSONValue, prefix: String = "") {
    guard case .object(let members) = value else { return }
    for key in members.keys.sorted() {
      guard let member = members[key] else { continue }
      let name = prefix.isEmpty ? key : prefix + "." + key
      switch member {
      case .null: continue
      case .string(let text): params.append((name, text))
      case .object: params(member, prefix: name)
      default: params.append((name, CanonicalJSON.encode(member).trimmingSuffixNewlines))
      }
    }
  }
}

extension String {
  fileprivate var trimmingSuffixNewlines: String {
    var text = self
    while text.hasSuffix("\n") { text.removeLast() }
    return text
  }
}
