import Foundation
import XCTest

/// A Python helper script from ci/fixtures run in the background: it prints one line (a
/// port) when ready and stops what it started when its standard input closes, so a test that
/// fails, or a test process that dies, leaves no server behind.
final class BackgroundScript: @unchecked Sendable {
  let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  /// The first line the script printed.
  private(set) var firstLine = ""

  /// Starts `ci/fixtures/<script>` with `arguments` and waits for its first line.
  init(_ script: String, _ arguments: [String]) throws {
    let root = ReadmeExamplesTests.repositoryRoot
    process.executableURL = MLflowTestSupport.python
    process.arguments = [root.appendingPathComponent("ci/fixtures/\(script)").path] + arguments
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var bytes = Data()
    while !bytes.contains(0x0A) {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      bytes.append(chunk)
    }
    firstLine = String(decoding: bytes, as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The port the script printed, if it printed one.
  var port: Int? { Int(firstLine) }

  /// Closes the script's standard input and waits for it to stop what it started.
  func stop() {
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
  }
}

enum MLflowTestSupport {
  /// The test venv's Python (mlflow 3), set up by ci/setup-python-oracles.
  static let python = ReadmeExamplesTests.repositoryRoot.appendingPathComponent(
    ".venv-test/bin/python")

  /// Skips unless the venv with mlflow is there.
  static func requirePython() throws {
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: python.path)
        && FileManager.default.isExecutableFile(
          atPath: python.deletingLastPathComponent().appendingPathComponent("mlflow").path),
      "needs the Python oracles with mlflow: run ci/setup-python-oracles")
  }

  /// The penguins example table.
  static let penguins = ReadmeExamplesTests.repositoryRoot
    .appendingPathComponent("examples/penguins/penguins.csv").path

  /// Runs a command to completion; returns its status and merged output.
  static func run(_ executable: String, _ arguments: [String], directory: String? = nil)
    throws -> (status: Int32, output: String)
  {
    try runMerged(executable, arguments, directory: directory)
  }

  /// The run id a tool printed on stderr (`tool: MLflow run ID: URL`).
  static func runID(_ stderr: String) -> String? {
    guard let range = stderr.range(of: "MLflow run ") else { return nil }
    let rest = stderr[range.upperBound...]
    return rest.prefix { $0.isHexDigit }.isEmpty ? nil : String(rest.prefix { $0.isHexDigit })
  }
}
