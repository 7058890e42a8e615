import Foundation
import XCTest

/// The GitLab CI/CD components in templates/: linted, then run with gitlabci-local through a
/// default-branch run, a regressing MR and an improving MR (ci/test-templates-gitlab).
final class TemplatesGitLabTests: XCTestCase {
  static let root = ReadmeExamplesTests.repositoryRoot

  /// The release build the template runs use (one build serves every template test).
  static var releaseBin: String {
    ProcessInfo.processInfo.environment["SLUICE_RELEASE_BIN"]
      ?? root.appendingPathComponent(".build/release").path
  }

  /// Runs `command` with bash in the repository; returns (combined output, status).
  private func bash(_ command: String, environment: [String: String] = [:]) throws -> (
    String, Int32
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", command]
    process.currentDirectoryURL = Self.root
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = FileManager.default.temporaryDirectory
      .appendingPathComponent("sluice-gl-\(UUID().uuidString).log")
    FileManager.default.createFile(atPath: output.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: output) }
    let handle = try FileHandle(forWritingTo: output)
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try handle.close()
    let text = String(decoding: try Data(contentsOf: output), as: UTF8.self)
    return (text, process.terminationStatus)
  }

  private func requireLinters() throws {
    let venv = Self.root.appendingPathComponent(".venv-templates/bin")
    for tool in ["gcil", "check-jsonschema", "yamllint", "hadolint"] {
      try XCTSkipUnless(
        FileManager.default.isExecutableFile(atPath: venv.appendingPathComponent(tool).path),
        "\(tool) is missing: run ci/setup-python-oracles --set=templates (.venv-templates)")
    }
  }

  func testComponentsPassTheStaticChecks() throws {
    try requireLinters()
    let (output, status) = try bash("ci/test-templates-gitlab --static-only")
    XCTAssertEqual(status, 0, output)
  }

  func testPipelineRunsDefaultBranchRegressingAndImprovingMergeRequests() throws {
    try requireLinters()
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: Self.releaseBin + "/package-model"),
      "no release build at \(Self.releaseBin): run swift build -c release first")
    let (output, status) = try bash(
      "ci/test-templates-gitlab \"$BIN\"", environment: ["BIN": Self.releaseBin])
    XCTAssertEqual(status, 0, String(output.suffix(6000)))
    XCTAssertTrue(output.contains("test-templates-gitlab: ok"), String(output.suffix(3000)))
  }

  /// The runtime image copies every tool Package.swift builds, and sluice-ci.
  func testDockerfileShipsEveryTool() throws {
    let package = try String(
      contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
    let dockerfile = try String(
      contentsOf: Self.root.appendingPathComponent("templates/docker/Dockerfile"), encoding: .utf8)
    // Package.swift names the tools once: `let tools = ["validate-data", ...]`.
    guard let list = package.range(of: #"let tools = \[[^\]]*\]"#, options: .regularExpression)
    else { return XCTFail("no tool list in Package.swift") }
    let executables = try NSRegularExpression(pattern: #""([a-z-]+)""#)
      .matches(in: package, range: NSRange(list, in: package))
      .compactMap { Range($0.range(at: 1), in: package).map { String(package[$0]) } }
    XCTAssertEqual(executables.count, 7, "Package.swift: \(executables)")
    guard let loop = dockerfile.split(separator: "\n").first(where: { $0.contains("for tool in") })
    else { return XCTFail("no tool loop in the Dockerfile") }
    for tool in executables {
      XCTAssertTrue(loop.contains(" \(tool)"), "the Dockerfile does not copy \(tool)")
    }
    XCTAssertTrue(dockerfile.contains("--static-swift-stdlib"))
    XCTAssertTrue(dockerfile.contains("COPY templates/scripts/sluice-ci /out/bin/sluice-ci"))
  }

  /// validate-data's GitHub annotations become GitLab code quality entries (the MR widget).
  func testAnnotationsBecomeCodeQualityEntries() throws {
    let lines = [
      "::error title=validate-data check: type,file=data/a%2Cb.csv,line=3,col=2::"
        + "x: \"abc\" is not a number",
      "::warning title=validate-data check: outside the observed range,file=d.csv,line=9::"
        + "x: 1e9%0Anext",
      "::notice::no file, skipped",
      "plain text",
    ].joined(separator: "\n")
    let (output, status) = try bash(
      "printf '%s\\n' \"$LINES\" | templates/scripts/sluice-ci codequality",
      environment: ["LINES": lines])
    XCTAssertEqual(status, 0, output)
    let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]]
    XCTAssertEqual(json?.count, 2, output)
    let first = json?.first
    XCTAssertEqual(first?["description"] as? String, "x: \"abc\" is not a number")
    XCTAssertEqual(first?["check_name"] as? String, "validate-data check: type")
    XCTAssertEqual(first?["severity"] as? String, "major")
    let location = first?["location"] as? [String: Any]
    XCTAssertEqual(location?["path"] as? String, "data/a,b.csv")
    XCTAssertEqual((location?["lines"] as? [String: Any])?["begin"] as? Int, 3)
    XCTAssertEqual(json?.last?["description"] as? String, "x: 1e9\nnext")
    XCTAssertEqual(json?.last?["severity"] as? String, "minor")
  }
  /// The default gate rule follows the model's task, as on GitHub: one-vs-rest AUC for a
  /// multiclass model (plain `roc_auc` is not among its metrics), RMSE for regression.
  func testDefaultRuleFollowsTheModelsTask() throws {
    try checkDefaultRule(target: "kind", expected: "roc_auc_ovr >= baseline - 0.01")
    try checkDefaultRule(target: "amount", expected: "rmse <= baseline + 0.01")
    try checkDefaultRule(target: "flag", expected: "roc_auc >= baseline - 0.01")
  }

  /// Trains, predicts and evaluates on `target`, then runs `sluice-ci gate` without a rules
  /// file and checks the rule it chose.
  private func checkDefaultRule(target: String, expected: String) throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("sluice-gl-rule-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var csv = "x,z,kind,amount,flag\n"
    for row in 0..<90 {
      let x = Double(row % 3) * 2 + Double(row % 7) * 0.3
      csv += "\(x),\(row % 5),\(["a", "b", "c"][row % 3]),\(x * 3.5 + 0.25),\(row % 2)\n"
    }
    try csv.write(toFile: directory + "/data.csv", atomically: true, encoding: .utf8)
    for (tool, arguments) in [
      ("train", ["data.csv", "--target", target, "-o", "model.json", "--quiet"]),
      ("predict", ["model.json", "data.csv", "-o", "predictions.csv"]),
      ("evaluate", ["--predictions", "predictions.csv", "--target", target, "-o", "metrics.json"]),
    ] {
      let result = try CLIRunner.run(tool, arguments, directory: directory)
      XCTAssertEqual(result.status, 0, "\(tool): \(result.stderr)")
    }
    let (output, status) = try bash(
      "PATH=\"$BIN:$PATH\" templates/scripts/sluice-ci gate",
      environment: [
        "BIN": CLIRunner.binDirectory.path, "SLUICE_OUT": directory,
        "SLUICE_RULES": directory + "/no-rules.json",
      ])
    XCTAssertEqual(status, 0, output)
    XCTAssertTrue(output.contains("default rule '\(expected)'"), output)
  }
}
