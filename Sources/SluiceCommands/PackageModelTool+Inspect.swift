import SluiceBundle
import SluiceCore

extension PackageModelTool {
  static let inspectSpec = CommandSpec(
    name: "package-model inspect",
    overview:
      "Print a bundle's manifest summary (name, version, its identity: the SHA-256 of the uncompressed tar stream, task, formats, entry points, files with sizes) and its model card's headline metrics. It does not verify the bundle: use 'package-model verify' for that.",
    usage: ["package-model inspect BUNDLE"],
    arguments: [ArgumentSpec("bundle", help: "The NAME-VERSION.tar.gz to describe.")],
    examples: [Example("package-model inspect churn-1.2.0.tar.gz", "Show what the bundle holds.")],
    exitCodes: [
      (.success, "described"), (.usage, "usage error"),
      (.dataError, "not a readable bundle"), (.noInput, "the bundle is missing or unreadable"),
      (.internalError, "internal error"), (.ioError, "I/O error"),
    ])

  static let inspect = Tool(spec: inspectSpec) { invocation in
    let path = invocation.arguments.positionals[0]
    let scan = try BundleArchive.scan(path: path, hash: false)
    if let error = scan.error { throw BundleError("\(path): not a readable bundle: \(error)") }
    guard let root = scan.members.first?.header.trimmedPath,
      let manifestBytes = scan.member("\(root)/\(BundleManifest.fileName)")?.bytes
    else { throw BundleError("\(path): not a bundle: no bundle.json in its top directory") }
    let manifest = try BundleManifest(json: JSONParser.parse(manifestBytes, file: "bundle.json"))
    var lines: [String] = []
    let json = manifest.json
    lines.append(
      "bundle      \(manifest.name) \(manifest.version) (format \(manifest.formatVersion))")
    lines.append("archive     sha256 \(scan.archiveSHA256)")
    // The identity verify checks: the same on every machine, whatever zlib compressed it.
    lines.append("tar         sha256 \(scan.tarSHA256 ?? "unknown")")
    let classes = json["classes"]?.arrayValue?.compactMap(\.stringValue) ?? []
    lines.append(
      "model       \(manifest.task) \(json["model_kind"]?.stringValue ?? ""), target \(json["target"]?.stringValue ?? "")"
        + (classes.isEmpty ? "" : ", classes " + classes.joined(separator: ", ")))
    let onnx = json["model_format"]?["onnx"]?.stringValue ?? "not exported"
    lines.append(
      "formats     native \(json["model_format"]?["native"]?.stringValue ?? "?"); onnx \(onnx)")
    for note in json["onnx"]?["unsupported"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
      lines.append("            onnx: \(note)")
    }
    lines.append(
      "created by  \(json["tool"]?["name"]?.stringValue ?? "?") \(json["tool"]?["version"]?.stringValue ?? "?"), source_date_epoch \(manifest.sourceDateEpoch)"
    )
    lines.append("entry points")
    for (name, target) in manifest.entryPoints.sorted(by: { $0.key < $1.key }) {
      lines.append("  \(name.padding(16)) \(target)")
    }
    // Counted as package-model and verify count them: bundle.json and SHA256SUMS included.
    lines.append(
      "\(Plural.count(manifest.files.count + 2, "file")) (all listed here but bundle.json and SHA256SUMS)"
    )
    for file in manifest.files {
      lines.append("  \(String(file.size).leftPadding(10))  \(file.path)")
    }
    if let metrics = scan.member("\(root)/metrics.json")?.bytes,
      let document = try? JSONParser.parse(metrics, file: "metrics.json")
    {
      let list = MetricsSummary.metrics(document)
      if !list.isEmpty { lines.append("metrics") }
      for metric in list {
        let interval =
          metric.low.flatMap { low in
            metric.high.map { "  [\(MetricsSummary.format(low)), \(MetricsSummary.format($0))]" }
          } ?? ""
        lines.append(
          "  \(metric.name.padding(16)) \(MetricsSummary.format(metric.value))\(interval)")
      }
    }
    if let card = scan.member("\(root)/MODEL_CARD.md")?.bytes {
      let headings = String(decoding: card, as: UTF8.self).split(separator: "\n").filter {
        $0.hasPrefix("#")
      }
      lines.append(
        "model card  "
          + headings.map { $0.drop { $0 == "#" || $0 == " " } }.joined(separator: " | "))
    }
    invocation.stdout.write(lines.joined(separator: "\n") + "\n")
    return .success
  }
}

extension String {
  /// The string padded with spaces on the right to `width` characters.
  func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }

  /// The string padded with spaces on the left to `width` characters.
  func leftPadding(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
