import Foundation
import SluiceBundle
import SluiceCore
import SluiceData
import SluiceGate
import SluiceLearn
import SluiceMetrics
import SluiceTable

@testable import SluiceCommands

/// The fuzz targets' entry points (docs/hardening.md, "Fuzzing"): each feeds one input to one
/// parser. A thrown error is a correct outcome; only a crash, a sanitizer report or a hang is
/// a finding. `ci/fuzz` compiles this file with `-sanitize=fuzzer,address` and a
/// `LLVMFuzzerTestOneInput` that calls `run`; `FuzzCorpusReplayTests` calls `run` on every
/// committed corpus file without sanitizers.
enum FuzzEntryPoints {
  /// Every target's name, as in fuzz/corpus/<name>/.
  static let targets = [
    "table-csv", "table-tsv", "table-jsonl", "table-gzip", "json", "schema", "profile",
    "model", "model-gbdt", "params", "rules", "metrics", "predictions", "gzip", "tar",
    "verify",
  ]

  /// Runs target `name` on `bytes`; returns false for an unknown target.
  @discardableResult
  static func run(_ name: String, _ bytes: [UInt8]) -> Bool {
    switch name {
    case "table-csv": table(bytes, suffix: ".csv")
    case "table-tsv": table(bytes, suffix: ".tsv")
    case "table-jsonl": table(bytes, suffix: ".jsonl")
    case "table-gzip": table(bytes, suffix: ".csv.gz")
    case "json": _ = try? JSONParser.parse(bytes, file: "fuzz.json")
    case "schema": _ = try? SchemaCodec.decode(bytes, file: "schema.json")
    case "profile":
      if let document = try? JSONParser.parse(bytes, file: "profile.json") {
        _ = try? ProfileCodec.decode(document, file: "profile.json")
      }
    case "model":
      if let document = try? JSONParser.parse(bytes, file: "model.json") {
        _ = try? ModelCodec.decode(document, file: "model.json")
      }
    case "model-gbdt": treeModel(bytes)
    case "params":
      withFile(bytes, suffix: ".json") { path in
        guard let pairs = try? TrainTool.params(path) else { return }
        var settings = TrainSettings(target: "y")
        for pair in pairs { try? TrainTool.apply(pair, to: &settings) }
      }
    case "rules": _ = try? RuleParser.parse(bytes: bytes, file: "gate.rules")
    case "metrics":
      if let document = try? MetricsDocument.read(bytes, name: "metrics.json") {
        _ = document.numericPaths()
        _ = document.expand("*")
      }
    case "predictions":
      withFile(bytes, suffix: ".csv") { path in
        _ = try? PredictionsFile.read(path: path, options: .init(target: "species"))
      }
    case "gzip": gzip(bytes)
    case "tar": tar(bytes)
    case "verify":
      withFile(bytes, suffix: ".tar.gz") { path in
        if let result = try? BundleVerifier.verify(path: path, provenancePath: nil) {
          _ = PackageModelTool.report(result, path: path)
        }
      }
    default: return false
    }
    return true
  }

  /// Decodes a model.json (seeded with GBDT models) and, when it loads as a tree model, walks
  /// every tree for a few rows of edge values: loading must refuse any tree a walk could
  /// leave or loop in.
  private static func treeModel(_ bytes: [UInt8]) {
    guard let document = try? JSONParser.parse(bytes, file: "model.json"),
      let model = try? ModelCodec.decode(document, file: "model.json"),
      let ensemble = model.ensemble
    else { return }
    let values: [Double] = [.nan, 0, 1, 2, 0.5, -1e300, 1e300, 65_535, 1e-35]
    let columns = ensemble.features.indices.map { feature in
      values.indices.map { values[($0 + feature) % values.count] }
    }
    _ = ensemble.rawScores(columns, rows: values.count)
    _ = ensemble.importance
  }

  /// Reads a whole table (header, types, every record) from a file ending in `suffix`.
  private static func table(_ bytes: [UInt8], suffix: String) {
    withFile(bytes, suffix: suffix) { path in
      var options = ReadOptions()
      options.workers = 1
      guard let reader = try? TableReader(path: path, options: options) else { return }
      _ = try? Frame.read(reader)
    }
  }

  /// Decompresses `bytes` as a gzip stream (bounded, as bundles are read).
  private static func gzip(_ bytes: [UInt8]) {
    guard let reader = try? GzipReader(source: MemoryReader(bytes), limit: 1 << 24) else {
      return
    }
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while let count = try? buffer.withUnsafeMutableBytes({ try reader.read(into: $0) }),
      count > 0
    {}
  }

  /// Lists the members of a gzip-compressed tar and reads their contents.
  private static func tar(_ bytes: [UInt8]) {
    guard let gzip = try? GzipReader(source: MemoryReader(bytes), limit: 1 << 24) else {
      return
    }
    let reader = TarReader(source: gzip)
    for _ in 0..<10_000 {
      guard let header = try? reader.next() else { return }
      _ = header.path
      if (try? reader.readContent({ _ in })) == nil { return }
    }
  }

  /// Runs `body` with `bytes` written to a file named `input<suffix>` in a folder private to
  /// this process (in memory when /dev/shm exists).
  private static func withFile(_ bytes: [UInt8], suffix: String, _ body: (String) -> Void) {
    let path = folder + "/input" + suffix
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
    body(path)
  }

  private static let folder: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : "/tmp"
    let path = base + "/sluice-fuzz-\(ProcessInfo.processInfo.processIdentifier)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }()
}
