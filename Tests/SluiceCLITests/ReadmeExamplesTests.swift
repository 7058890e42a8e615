import Foundation
import XCTest

/// Every `console` block in README.md runs here, as jq runs its manual: lines starting with
/// `$ ` are commands (run by bash in a temporary directory with the built tools on PATH and
/// `examples/` linked in), the lines after a command are its expected standard output and
/// error, and a last line `[N]` is its expected exit status (0 when absent). An expected line
/// may hold `…`, which stands for any characters within that line: it covers bytes that depend
/// on the platform (a gzip archive's digest depends on the zlib build), never numbers.
final class ReadmeExamplesTests: XCTestCase {
  struct Example {
    var command: String
    var expected: String
    var status: Int32
    var line: Int
  }

  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The examples of each console block, in order.
  static func blocks(in text: String) -> [[Example]] {
    var blocks: [[Example]] = []
    var current: [Example]? = nil
    for (index, line) in text.components(separatedBy: "\n").enumerated() {
      if line.hasPrefix("```console") {
        current = []
      } else if line.hasPrefix("```"), let finished = current {
        blocks.append(finished)
        current = nil
      } else if current != nil {
        if line.hasPrefix("$ ") {
          current?.append(
            Example(command: String(line.dropFirst(2)), expected: "", status: 0, line: index + 1))
        } else if let last = current?.indices.last {
          if line.hasPrefix("["), line.hasSuffix("]"), let code = Int32(line.dropFirst().dropLast())
          {
            current?[last].status = code
          } else {
            current?[last].expected += line + "\n"
          }
        }
      }
    }
    return blocks
  }

  func testEveryReadmeExampleRuns() throws {
    let readme = try String(
      contentsOf: Self.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let blocks = Self.blocks(in: readme)
    XCTAssertGreaterThanOrEqual(blocks.count, 3, "README should show console examples")
    for block in blocks {
      let directory = try makeTempDir(self)
      try FileManager.default.createSymbolicLink(
        atPath: directory + "/examples",
        withDestinationPath: Self.repositoryRoot.appendingPathComponent("examples").path)
      for example in block {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-o", "pipefail", "-c", "exec 2>&1; " + example.command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = CLIRunner.binDirectory.path + ":" + (environment["PATH"] ?? "")
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = String(
          decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertTrue(
          Self.output(output, matches: example.expected),
          "README.md:\(example.line): output of `\(example.command)`:\n\(output)\nexpected:\n"
            + example.expected)
        XCTAssertEqual(
          process.terminationStatus, example.status,
          "README.md:\(example.line): exit status of `\(example.command)`")
      }
    }
  }

  /// Whether `output` equals `expected`, where each `…` in `expected` matches any characters
  /// within its line.
  static func output(_ output: String, matches expected: String) -> Bool {
    guard expected.contains("…") else { return output == expected }
    let outputLines = output.components(separatedBy: "\n")
    let expectedLines = expected.components(separatedBy: "\n")
    guard outputLines.count == expectedLines.count else { return false }
    for (line, pattern) in zip(outputLines, expectedLines) {
      let parts = pattern.components(separatedBy: "…")
      guard parts.count > 1 else {
        if line != pattern { return false }
        continue
      }
      let regex =
        "^"
        + parts.map { NSRegularExpression.escapedPattern(for: $0) }.joined(
          separator: "[^\n]*") + "$"
      if line.range(of: regex, options: .regularExpression) == nil { return false }
    }
    return true
  }

  func testEllipsisMatchesWithinALineOnly() {
    XCTAssertTrue(Self.output("sha256 abc, 3 files\n", matches: "sha256 …, 3 files\n"))
    XCTAssertFalse(Self.output("sha256 abc, 4 files\n", matches: "sha256 …, 3 files\n"))
    XCTAssertFalse(Self.output("a\nb\nc\n", matches: "a…c\n"))
    XCTAssertTrue(Self.output("x\n", matches: "x\n"))
  }
}
