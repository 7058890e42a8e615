import Foundation
import XCTest

/// Helpers of the GitHub template tests: the consumer repository, its data, the linters and
/// a shell with the built tools first on PATH.
extension TemplatesGitHubTests {
  /// The consumer repository: a git repository holding data/train.csv and the workflow of
  /// templates/README.md's GitHub snippet; returns the snippet's data and target inputs.
  static func makeConsumer(_ repo: String) throws -> (String, String) {
    try FileManager.default.createDirectory(
      atPath: repo + "/.github/workflows", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      atPath: repo + "/data", withIntermediateDirectories: true)
    let readme = try String(contentsOfFile: root + "/templates/README.md", encoding: .utf8)
    let snippet = try XCTUnwrap(
      readme.components(separatedBy: "<!-- github-snippet -->").dropFirst().first?
        .components(separatedBy: "```yaml\n").dropFirst().first?
        .components(separatedBy: "```").first, "the yaml block after <!-- github-snippet -->")
    try snippet.write(
      toFile: repo + "/.github/workflows/model.yml", atomically: true, encoding: .utf8)
    try table(rows: 1200, seed: 1, shift: 0).write(
      toFile: repo + "/data/train.csv", atomically: true, encoding: .utf8)
    for command in [
      ["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-qm", "consumer"],
    ] {
      let (status, output) = try shell(command, in: repo)
      XCTAssertEqual(status, 0, output)
    }
    func value(_ key: String) -> String {
      snippet.components(separatedBy: "\n").first {
        $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + ":")
      }.map {
        $0.components(separatedBy: ":").dropFirst().joined(separator: ":")
          .trimmingCharacters(in: .whitespaces)
      } ?? ""
    }
    return (value("data"), value("target"))
  }

  /// A binary task whose label follows mostly x1, then x2: without x1 a model is much worse.
  static func table(rows: Int, seed: UInt64, shift: Double) -> String {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
    func uniform() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
    var text = "x1,x2,x3,color,label\n"
    let colors = ["red", "green", "blue"]
    for _ in 0..<rows {
      let x1 = uniform() + shift
      let x2 = uniform()
      let x3 = uniform()
      let color = colors[Int((uniform() + 1) * 1.499)]
      let score = 3 * (x1 - shift) + 1.5 * x2 + 0.8 * uniform()
      text += "\(x1),\(x2),\(x3),\(color),\(score > 0 ? "yes" : "no")\n"
    }
    return text
  }

  static func machine() throws -> String {
    let (_, output) = try shell(["uname", "-m"], in: "/")
    return output.trimmingCharacters(in: .whitespacesAndNewlines) == "aarch64"
      ? "aarch64" : "x86_64"
  }

  static func requireLinters() throws {
    let venv = root + "/.venv-templates/bin/"
    for tool in ["actionlint", "zizmor", "check-jsonschema", "yamllint"] {
      try XCTSkipUnless(
        FileManager.default.isExecutableFile(atPath: venv + tool),
        "\(tool) is not installed: run ci/setup-test-tools (.venv-templates)")
    }
    try XCTSkipUnless(
      (try shell(["sh", "-c", "command -v shellcheck"], in: "/")).0 == 0,
      "shellcheck is not installed: run ci/setup-test-tools")
  }

  /// Runs a command with the built tools first on PATH; returns status and combined output.
  static func shell(
    _ arguments: [String], in directory: String, environment extra: [String: String] = [:]
  ) throws -> (Int32, String) {
    var environment = ProcessInfo.processInfo.environment
    for name in environment.keys where name.hasPrefix("GITHUB_") || name.hasPrefix("SLUICE_") {
      environment[name] = nil
    }
    environment["PATH"] = CLIRunner.binDirectory.path + ":" + (environment["PATH"] ?? "")
    environment["GIT_AUTHOR_NAME"] = "t"
    environment["GIT_AUTHOR_EMAIL"] = "t@e"
    environment["GIT_COMMITTER_NAME"] = "t"
    environment["GIT_COMMITTER_EMAIL"] = "t@e"
    environment.merge(extra) { _, new in new }
    let (status, output) = try runMerged(
      "/usr/bin/env", arguments, directory: directory, environment: environment)
    return (status, output)
  }
}
