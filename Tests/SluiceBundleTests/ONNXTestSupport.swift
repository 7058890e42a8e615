import Foundation
import SluiceCore
import SluiceData
import SluiceLearn
import SluiceTable
import XCTest

@testable import SluiceBundle

/// The committed ONNX test cases (Tests/SluiceBundleTests/Fixtures/onnx, made by
/// ci/fixtures/generate_onnx_fixtures.py): models trained in-process, as `train` would.
enum ONNXCases {
  /// The repository root.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The fixture directory of the test target.
  static var fixtures: URL {
    Bundle.module.url(forResource: "Fixtures", withExtension: nil)
      ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")
  }

  /// The case names.
  static let names = ["binary", "multiclass", "regression", "names"]

  /// The settings of each case (see the generator's docstring).
  static func settings(_ name: String) -> TrainSettings {
    switch name {
    case "binary":
      var settings = TrainSettings(target: "sex")
      settings.maxCategories = 2
      return settings
    case "multiclass": return TrainSettings(target: "species")
    case "names": return TrainSettings(target: "espèce")
    default:
      var settings = TrainSettings(target: "body_mass_g")
      settings.task = .regression
      return settings
    }
  }

  /// The binary case's schema makes `year` a never-missing integer (a `long` input) and
  /// `late` a never-missing boolean used as a number (a `boolean` input).
  static func schema(_ name: String) -> Schema? {
    guard name == "binary" else { return nil }
    var year = ColumnSchema(name: "year", type: .integer, role: .numeric, nullable: false)
    year.minimum = .integer(2007)
    let late = ColumnSchema(name: "late", type: .boolean, role: .numeric, nullable: false)
    return Schema(columns: [year, late])
  }

  /// The path of a case's table (`train.csv` or `score.csv`).
  static func path(_ name: String, _ table: String) -> String {
    fixtures.appendingPathComponent("onnx/\(name)/\(table)").path
  }

  /// The model of case `name`.
  static func model(_ name: String) throws -> TrainedModel {
    let path = path(name, "train.csv")
    let frame = try Frame.read(TableReader(path: path))
    return try Trainer.train(
      frame: frame, file: path, dataHash: "", schema: schema(name), settings: settings(name)
    ).model
  }

  /// The scoring rows of case `name`.
  static func scoring(_ name: String) throws -> Frame {
    try Frame.read(TableReader(path: path(name, "score.csv")))
  }

  /// The native predictions file of `model` on `frame`.
  static func expectedOutput(_ model: TrainedModel, _ frame: Frame) throws -> [UInt8] {
    let writer = CSVWriter()
    try ModelPredictions.write(
      model: model, frame: frame, file: "score.csv", idColumn: nil, keep: [], threshold: nil,
      to: writer)
    return writer.buffer
  }

  /// Writes `files` (paths relative to `directory`), creating folders.
  static func write(_ files: [(path: String, bytes: [UInt8])], under directory: URL) throws {
    for file in files {
      let url = directory.appendingPathComponent(file.path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(file.bytes).write(to: url)
    }
  }

  /// The bundle-like layout `ci/fixtures/check_onnx.py` reads for case `name`, in a new
  /// temporary directory: model/model.onnx, signature.json, examples/, mlflow/, triton/.
  /// `alter` changes the model before export only (the expected output stays native).
  static func layout(_ name: String, alter: (inout TrainedModel) -> Void = { _ in }) throws
    -> URL
  {
    let model = try model(name)
    let signature = Signature.make(model: model, schema: schema(name))
    var altered = model
    alter(&altered)
    let export = try ONNXExporter.export(altered, signature: signature)
    XCTAssertEqual(export.unsupported, [])
    let frame = try scoring(name)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "sluice-onnx-\(name)-\(UUID().uuidString)")
    var files: [(path: String, bytes: [UInt8])] = [
      ("model/model.onnx", export.bytes),
      ("signature.json", Array(CanonicalJSON.encode(signature.json).utf8)),
      (
        "examples/input.csv",
        Array(try Data(contentsOf: URL(fileURLWithPath: path(name, "score.csv"))))
      ),
      ("examples/expected_output.csv", try expectedOutput(model, frame)),
      (
        "triton/\(name)/config.pbtxt",
        Array(TritonConfig.render(name: name, signature: signature).utf8)
      ),
      ("triton/\(name)/1/model.onnx", export.bytes),
    ]
    let example = MLflowModel.exampleRows(frame: frame, signature: signature)
    files += MLflowModel.files(
      signature: signature, schema: schema(name), inputExample: example,
      scorer: .onnx(export.bytes)
    ).map { (path: "mlflow/" + $0.path, bytes: $0.bytes) }
    try write(files, under: directory)
    return directory
  }
}

/// Runs the oracle scripts with the test virtual environment's Python.
enum PythonOracle {
  /// `.venv-test/bin/python`, or a skip naming how to create it.
  static func python() throws -> String {
    let python = ONNXCases.root.appendingPathComponent(".venv-test/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: python) else {
      throw XCTSkip(
        "no .venv-test (run ci/setup-python-oracles): onnxruntime and MLflow checks skipped")
    }
    return python
  }

  /// Runs `script` (relative to the repository root) with `arguments`; (status, output).
  static func run(_ script: String, _ arguments: [String]) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try python())
    process.arguments = [ONNXCases.root.appendingPathComponent(script).path] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["PYTHONWARNINGS"] = "ignore"
    process.environment = environment
    let output = FileManager.default.temporaryDirectory.appendingPathComponent(
      "sluice-oracle-\(UUID().uuidString).log")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: output) }
    let handle = try FileHandle(forWritingTo: output)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    process.waitUntilExit()
    try handle.close()
    return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
  }
}
