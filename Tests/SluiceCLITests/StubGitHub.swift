import Foundation
import XCTest

/// ci/github-api-stub.py on a free port of 127.0.0.1, stopped when the test ends.
final class StubGitHub {
  let process = Process()
  let port: Int
  let logPath: String

  init(_ test: XCTestCase, seeds: [String]) throws {
    let directory = try makeTempDir(test)
    logPath = directory + "/calls.json"
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["python3", TemplatesGitHubTests.root + "/ci/github-api-stub.py", "--log", logPath]
      + seeds.flatMap { ["--seed-release", $0] }
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      line.append(chunk)
    }
    port =
      Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
      ?? 0
    let process = self.process
    test.addTeardownBlock {
      process.terminate()
      process.waitUntilExit()
    }
    XCTAssertGreaterThan(port, 0, "the stub server did not start")
  }

  /// The environment that points the scripts at the stub.
  var environment: [String: String] {
    ["GITHUB_API_URL": "http://127.0.0.1:\(port)", "GITHUB_TOKEN": TemplatesGitHubTests.token]
  }

  /// The recorded calls, comments and releases.
  func log() throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: logPath))
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
  }
}
