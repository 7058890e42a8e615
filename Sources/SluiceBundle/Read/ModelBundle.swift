import SluiceCore
import SluiceLearn

/// A bundle opened for scoring: the native model and its signature, each checked against its
/// sha256 in bundle.json. `predict` and `evaluate` accept a bundle through this.
public struct ModelBundle: Sendable {
  /// The native model.
  public var model: TrainedModel
  /// The signature inputs are checked against.
  public var signature: Signature
  /// The manifest.
  public var manifest: BundleManifest

  /// Whether `path` is a bundle archive rather than a model.json (it starts like gzip).
  public static func isBundle(path: String) -> Bool {
    BundleArchive.looksCompressed(path)
  }

  /// Opens the bundle at `path`: any defect is `BundleError` (65) advising `verify`; a
  /// missing or unreadable file is 66.
  public static func load(path: String) throws -> ModelBundle {
    let wanted: Set<String> = [BundleManifest.fileName, "model/model.json", "signature.json"]
    var root: String?
    let scan = try BundleArchive.scan(
      path: path,
      keep: { header in
        let parts = header.trimmedPath.split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return false }
        if root == nil { root = String(parts[0]) }
        return wanted.contains(String(parts[1])) && header.size <= BundleArchive.documentLimit
      }, hash: false)
    func fail(_ detail: String) -> BundleError {
      BundleError("\(path): \(detail) (run 'package-model verify' for every defect)")
    }
    if let error = scan.error { throw fail("not a readable bundle: \(error)") }
    guard let root else { throw fail("not a bundle: the archive is empty") }
    func content(_ name: String) throws -> ArchiveMember {
      guard let member = scan.member("\(root)/\(name)"), member.bytes != nil else {
        throw fail("no \(name) in the bundle")
      }
      return member
    }
    let manifestMember = try content(BundleManifest.fileName)
    let manifest = try BundleManifest(
      json: JSONParser.parse(manifestMember.bytes ?? [], file: "\(path):\(BundleManifest.fileName)")
    )
    var documents: [String: JSONValue] = [:]
    for name in ["model/model.json", "signature.json"] {
      let member = try content(name)
      guard let listed = manifest.file(name), listed.sha256 == member.sha256 else {
        throw fail("\(name) does not match its sha256 in bundle.json")
      }
      documents[name] = try JSONParser.parse(member.bytes ?? [], file: "\(path):\(name)")
    }
    let model = try ModelCodec.decode(
      documents["model/model.json"] ?? .null, file: "\(path):model/model.json")
    let signature = try Signature(
      json: documents["signature.json"] ?? .null, file: "\(path):signature.json")
    return ModelBundle(model: model, signature: signature, manifest: manifest)
  }

  /// The model and signature of `path`, a bundle or a plain model.json (signature nil).
  public static func loadModel(path: String) throws -> (model: TrainedModel, signature: Signature?)
  {
    if isBundle(path: path) {
      let bundle = try load(path: path)
      return (bundle.model, bundle.signature)
    }
    let model = try ModelCodec.decode(
      JSONParser.parse(InputFile.readAll(path), file: path), file: path)
    return (model, nil)
  }
}
