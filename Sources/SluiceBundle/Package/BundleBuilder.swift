import SluiceCore
import SluiceData
import SluiceLearn
import SluiceMetrics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What `package-model` was asked to package.
public struct PackageRequest: Sendable {
  /// The model.json to package.
  public var modelPath: String
  /// The bundle's name.
  public var name: String
  /// The bundle's version.
  public var version: String
  /// metrics.json to copy into the bundle.
  public var metricsPath: String?
  /// The validate-data schema (types and nullability of the signature).
  public var schemaPath: String?
  /// params.json to copy (default: the model's hyperparameters).
  public var paramsPath: String?
  /// A reference profile.json to copy.
  public var profilePath: String?
  /// Datasets described in lineage.json (the first also gives the example rows).
  public var dataPaths: [String] = []
  /// Extra files stored under `artifacts/`.
  public var artifactPaths: [String] = []

  /// A request with only the required parts.
  public init(modelPath: String, name: String, version: String) {
    self.modelPath = modelPath
    self.name = name
    self.version = version
  }
}

/// Everything that goes into a bundle, ready to be written.
public struct BundlePlan: Sendable {
  /// The top directory: NAME-VERSION.
  public var root: String
  /// The archive members (directories included), paths under `root`.
  public var entries: [TarEntry]
  /// Every member mtime.
  public var sourceDate: SourceDate
  /// The packaged model.
  public var model: TrainedModel
  /// The model's signature.
  public var signature: Signature
  /// The ONNX export (possibly unavailable, with the reasons).
  public var onnx: ONNXExport
  /// The build's inputs, for the provenance statement.
  public var inputs: [Provenance.Input]
  /// The git commit packaged from, when in a work tree.
  public var gitCommit: String?
  /// The work tree's uncommitted changes to tracked files, when in a work tree.
  public var gitChanges: GitChanges? = nil
  /// The files as listed in bundle.json (then bundle.json and SHA256SUMS).
  public var files: [BundleManifest.File]
}

/// Turns a `PackageRequest` into a `BundlePlan` and writes it as a reproducible .tar.gz.
public enum BundleBuilder {
  /// Checks a bundle name or version: letters, digits, `.`, `_`, `+`, `-`, not starting with
  /// `.` or `-`, at most 100 bytes (it becomes a path).
  public static func checkName(_ text: String, option: String) throws(CoreError) {
    let allowed = text.utf8.allSatisfy { byte in
      (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
        || (byte >= 0x61 && byte <= 0x7A)
        || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "+")
        || byte == UInt8(ascii: "-")
    }
    guard allowed, !text.isEmpty, text.utf8.count <= 100, !text.hasPrefix("."), !text.hasPrefix("-")
    else {
      throw .usage(
        "invalid value '\(text)' for '\(option)': expected letters, digits, '.', '_', '+' or '-'")
    }
  }

  /// Why a copied `metrics` or `profile` document is a Sluice file of a newer format than this
  /// Sluice reads; nil otherwise, and for files of other tools (no Sluice version).
  static func copiedVersionProblem(_ json: JSONValue, role: String) -> String? {
    switch role {
    case "metrics":
      return SluiceMetrics.versionProblem(json) ?? JSONReporter.versionProblem(json)
    case "profile":
      let key = "sluice_profile_version"
      return FormatVersion.problem(in: json, key: key, understood: ProfileCodec.formatVersion)
        .map { "\(key): \($0)" }
    default:
      return nil
    }
  }

  /// Reads every input and assembles the bundle's files.
  public static func plan(
    _ request: PackageRequest, sourceDate: SourceDate, gitCommit: String?,
    gitChanges: GitChanges? = nil
  ) throws -> BundlePlan {
    try checkName(request.name, option: "--name")
    try checkName(request.version, option: "--model-version")
    let root = "\(request.name)-\(request.version)"
    var inputs: [Provenance.Input] = []
    func read(_ path: String, role: String) throws -> [UInt8] {
      let bytes = try InputFile.readAll(path)
      inputs.append(Provenance.Input(role: role, name: baseName(path), sha256: SHA256.hex(bytes)))
      return bytes
    }
    let modelBytes = try read(request.modelPath, role: "model")
    let model = try ModelCodec.decode(
      JSONParser.parse(modelBytes, file: request.modelPath), file: request.modelPath)
    var schema: Schema?
    var schemaSHA: String?
    if let path = request.schemaPath {
      let bytes = try read(path, role: "schema")
      schema = try SchemaCodec.decode(bytes, file: path)
      schemaSHA = SHA256.hex(bytes)
    }
    var documents: [(path: String, bytes: [UInt8])] = [("model/model.json", modelBytes)]
    var metrics: JSONValue?
    for (path, name, role) in [
      (request.metricsPath, "metrics.json", "metrics"),
      (request.paramsPath, "params.json", "params"),
      (request.profilePath, "profile.json", "profile"),
    ] {
      guard let path else { continue }
      let bytes = try read(path, role: role)
      let json = try JSONParser.parse(bytes, file: path)
      if let problem = copiedVersionProblem(json, role: role) {
        throw BundleError("\(path): \(problem)")
      }
      if role == "metrics" { metrics = json }
      documents.append((name, bytes))
    }
    if request.paramsPath == nil {
      let params = JSONValue.object(["hyperparameters": .object(model.hyperparameters)])
      documents.append(("params.json", Array(CanonicalJSON.encode(params).utf8)))
    }
    let signature = Signature.make(model: model, schema: schema)
    documents.append(("signature.json", Array(CanonicalJSON.encode(signature.json).utf8)))
    let input = try Examples.input(
      model: model, signature: signature, dataPath: request.dataPaths.first)
    let frame = try Examples.frame(input: input)
    documents.append(("examples/input.csv", input))
    documents.append(
      ("examples/expected_output.csv", try Examples.predictions(model: model, frame: frame)))
    let onnx: ONNXExport
    do {
      onnx = try ONNXExporter.export(model, signature: signature)
    } catch let error as ONNXExportError {
      throw BundleError("\(request.modelPath): cannot export to ONNX: \(error.description)")
    }
    if onnx.isAvailable { documents.append(("model/model.onnx", onnx.bytes)) }
    // Served through ONNX when it can express the model, else (text columns) through
    // model.json by the loader module; a kind the loader does not know gets no mlflow/.
    let scorer: MLflowModel.Scorer? =
      onnx.isAvailable
      ? .onnx(onnx.bytes) : (MLflowModel.nativeScorerSupports(model) ? .native(modelBytes) : nil)
    if let scorer {
      let mlflow = MLflowModel.files(
        signature: signature, schema: schema,
        inputExample: MLflowModel.exampleRows(frame: frame, signature: signature), scorer: scorer)
      documents += mlflow.map { (path: "mlflow/" + $0.path, bytes: $0.bytes) }
    }
    let datasets = try Lineage.datasets(request.dataPaths)
    inputs += datasets.map { Provenance.Input(role: "data", name: $0.name, sha256: $0.sha256) }
    let lineage = Lineage.json(
      datasets: datasets, schemaSHA256: schemaSHA, modelTraining: model.training,
      gitCommit: gitCommit, gitChanges: gitChanges)
    documents.append(("lineage.json", Array(CanonicalJSON.encode(lineage).utf8)))
    // The card lists every file the archive holds: these, the artifacts, itself, bundle.json
    // and SHA256SUMS.
    let listed =
      documents.map(\.path) + request.artifactPaths.map { "artifacts/" + baseName($0) }
      + ["MODEL_CARD.md", BundleManifest.fileName, BundleManifest.sumsName]
    let card = ModelCard(
      name: request.name, version: request.version, model: model, signature: signature,
      metrics: metrics, lineage: lineage, schema: schema, exportNotes: onnx.unsupported,
      files: listed)
    documents.append(("MODEL_CARD.md", Array(card.render().utf8)))

    var files: [BundleManifest.File] = []
    var contents: [String: TarEntry.Content] = [:]
    for document in documents {
      files.append(
        BundleManifest.File(
          path: document.path, size: UInt64(document.bytes.count),
          sha256: SHA256.hex(document.bytes)))
      contents[document.path] = .bytes(document.bytes)
    }
    for path in request.artifactPaths {
      let name = "artifacts/" + baseName(path)
      guard contents[name] == nil else {
        throw CoreError.usage("two artifacts are named '\(baseName(path))'")
      }
      let size = try fileSize(path)
      let sha = try SHA256.hexOfFile(path)
      inputs.append(Provenance.Input(role: "artifact", name: baseName(path), sha256: sha))
      files.append(BundleManifest.File(path: name, size: size, sha256: sha))
      contents[name] = .file(path: path, size: size)
    }
    files.sort { byBytes($0.path, $1.path) }
    let manifest = manifestJSON(
      request: request, model: model, onnx: onnx, files: files, sourceDate: sourceDate,
      hasMetrics: metrics != nil, hasProfile: request.profilePath != nil,
      hasMLflow: scorer != nil)
    let manifestBytes = Array(CanonicalJSON.encode(manifest).utf8)
    contents[BundleManifest.fileName] = .bytes(manifestBytes)
    var summed = files
    summed.append(
      BundleManifest.File(
        path: BundleManifest.fileName, size: UInt64(manifestBytes.count),
        sha256: SHA256.hex(manifestBytes)))
    let sums = BundleManifest.sums(summed)
    contents[BundleManifest.sumsName] = .bytes(sums)
    summed.append(
      BundleManifest.File(
        path: BundleManifest.sumsName, size: UInt64(sums.count), sha256: SHA256.hex(sums)))
    var entries = [TarEntry(directory: root)]
    var directories = Set<String>()
    for path in contents.keys {
      var parts = path.split(separator: "/").dropLast()
      while !parts.isEmpty {
        directories.insert(parts.joined(separator: "/"))
        parts = parts.dropLast()
      }
    }
    entries += directories.map { TarEntry(directory: "\(root)/\($0)") }
    for (path, content) in contents {
      entries.append(TarEntry(path: "\(root)/\(path)", content: content))
    }
    return BundlePlan(
      root: root, entries: TarWriter.sorted(entries), sourceDate: sourceDate, model: model,
      signature: signature, onnx: onnx, inputs: inputs, gitCommit: gitCommit,
      gitChanges: gitChanges, files: summed)
  }

  /// bundle.json's document.
  static func manifestJSON(
    request: PackageRequest, model: TrainedModel, onnx: ONNXExport, files: [BundleManifest.File],
    sourceDate: SourceDate, hasMetrics: Bool, hasProfile: Bool, hasMLflow: Bool
  ) -> JSONValue {
    var points: [String: JSONValue] = [
      "native": .string("model/model.json"), "signature": .string("signature.json"),
      "input_example": .string("examples/input.csv"),
      "expected_output": .string("examples/expected_output.csv"),
      "model_card": .string("MODEL_CARD.md"), "lineage": .string("lineage.json"),
      "params": .string("params.json"),
    ]
    if onnx.isAvailable { points["onnx"] = .string("model/model.onnx") }
    if hasMLflow { points["mlflow"] = .string("mlflow/MLmodel") }
    if hasMetrics { points["metrics"] = .string("metrics.json") }
    if hasProfile { points["profile"] = .string("profile.json") }
    let formats: [String: JSONValue] = [
      "native": .string("sluice-model/\(model.formatVersion)"),
      "onnx": onnx.isAvailable
        ? .string(
          "onnx ir \(ONNXExporter.irVersion), opset \(ONNXExporter.opset), ai.onnx.ml \(ONNXExporter.mlOpset)"
        )
        : .null,
    ]
    return .object([
      "sluice_bundle_version": .int(SluiceBundle.bundleFormatVersion),
      "name": .string(request.name), "version": .string(request.version),
      "tool": .object(["name": .string("package-model"), "version": .string(sluiceVersion)]),
      "task": .string(model.task.rawValue), "target": .string(model.target),
      "classes": .array(model.classes.map { .string($0) }), "model_kind": .string(model.kind),
      "model_format": .object(formats),
      "onnx": .object([
        "available": .bool(onnx.isAvailable),
        "unsupported": .array(onnx.unsupported.map { .string($0) }),
      ]),
      "entry_points": .object(points),
      "source_date_epoch": .int(sourceDate.epoch),
      "files": .array(
        files.map {
          .object([
            "path": .string($0.path), "size": .int(Int64($0.size)), "sha256": .string($0.sha256),
          ])
        }),
    ])
  }

  /// Writes the plan as a gzip-compressed ustar archive; returns the archive's sha256.
  public static func write(_ plan: BundlePlan, to output: AtomicOutput) throws -> String {
    let sink = OutputSink(output)
    let gzip = try GzipWriter(sink: sink)
    try TarWriter.write(plan.entries, mtime: plan.sourceDate.epoch, to: gzip)
    try gzip.finish()
    var hash = sink.hash
    return hash.hexDigest()
  }

  /// The size of a regular file; missing or not regular is `.missingInput`.
  static func fileSize(_ path: String) throws(CoreError) -> UInt64 {
    var info = stat()
    guard stat(path, &info) == 0 else {
      throw .missingInput(path: path, reason: systemErrorDescription(errno))
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw .missingInput(path: path, reason: "not a regular file")
    }
    return UInt64(info.st_size)
  }
}
