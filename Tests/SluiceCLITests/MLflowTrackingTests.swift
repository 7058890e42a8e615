import Foundation
import XCTest

/// Issue 15, tracking and registry: a full pipeline logs to a real `mlflow server` (sqlite
/// backend store, local artifact root, artifact proxy on) started from the test venv on
/// 127.0.0.1, and MLflow's own Python client finds every param, metric, tag, artifact,
/// registered version and alias (ci/fixtures/check_mlflow_tracking.py). One server serves
/// the whole class and is stopped after it, also when a test fails.
final class MLflowTrackingTests: XCTestCase {
  nonisolated(unsafe) static var server: BackgroundScript?
  nonisolated(unsafe) static var serverDirectory: String?

  override class func tearDown() {
    server?.stop()
    if let serverDirectory { try? FileManager.default.removeItem(atPath: serverDirectory) }
    super.tearDown()
  }

  /// The running server's URI, started on first use.
  func serverURI() throws -> String {
    try MLflowTestSupport.requirePython()
    if Self.server == nil {
      let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("sluice-mlflow-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true)
      Self.serverDirectory = directory
      Self.server = try BackgroundScript("mlflow_server.py", [directory])
    }
    guard let port = Self.server?.port else {
      let log =
        (try? String(
          contentsOfFile: (Self.serverDirectory ?? "") + "/server.log",
          encoding: .utf8)) ?? ""
      XCTFail("mlflow server did not start: \(Self.server?.firstLine ?? "")\n\(log.suffix(2000))")
      throw XCTSkip("no server")
    }
    return "http://127.0.0.1:\(port)"
  }

  /// A git work tree on branch `tracked` with one commit: the commit and branch tags.
  func gitDirectory() throws -> (directory: String, commit: String) {
    let directory = try makeTempDir(self)
    let git = "/usr/bin/env"
    for arguments in [
      ["git", "init", "-q", "-b", "tracked"], ["git", "config", "user.email", "t@example.com"],
      ["git", "config", "user.name", "t"], ["git", "commit", "-q", "--allow-empty", "-m", "x"],
    ] {
      let (status, output) = try MLflowTestSupport.run(git, arguments, directory: directory)
      XCTAssertEqual(status, 0, output)
    }
    let (_, commit) = try MLflowTestSupport.run(
      git, ["git", "rev-parse", "HEAD"], directory: directory)
    return (directory, commit.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// train → evaluate → gate → package-model --register, all with --mlflow; returns the run.
  func pipeline(
    uri: String, directory: String, environment: [String: String], runID: String?,
    name: String, secret: String
  ) throws -> String {
    var environment = environment
    if let runID { environment["MLFLOW_RUN_ID"] = runID }
    let data = MLflowTestSupport.penguins
    let steps: [(String, [String])] = [
      ("train", [data, "--target", "sex", "--ignore", "year", "-o", "model.json", "--quiet"]),
      (
        "evaluate",
        [
          "model.json", data, "--bootstrap", "50", "--slice", "island", "--min-slice-size", "10",
          "--plots", "plots", "-o", "metrics.json",
        ]
      ),
      (
        "gate",
        [
          "metrics.json", "--rule", "roc_auc >= 0.8", "--json", "gate.json", "--markdown",
          "gate.md",
        ]
      ),
      (
        "package-model",
        [
          "model.json", "--name", "pen", "--model-version", "1.0.0", "--data", data, "-o",
          "pen-1.0.0.tar.gz", "--register", name,
        ]
      ),
    ]
    var run = runID
    for (tool, arguments) in steps {
      let result = try CLIRunner.run(
        tool, arguments + ["--mlflow", uri, "--experiment", "sluice-tests"],
        directory: directory, environment: environment)
      XCTAssertEqual(result.status, 0, "\(tool): \(result.stderr)")
      XCTAssertFalse(result.stdout.contains(secret), "\(tool) printed the token")
      XCTAssertFalse(result.stderr.contains(secret), "\(tool) printed the token")
      let printed = MLflowTestSupport.runID(result.stderr)
      XCTAssertNotNil(printed, "\(tool) did not print the run id: \(result.stderr)")
      XCTAssertTrue(
        result.stderr.contains("\(uri)/#/experiments/"), "\(tool) run URL: \(result.stderr)")
      if run == nil {
        run = printed
        environment["MLFLOW_RUN_ID"] = printed
      } else {
        XCTAssertEqual(printed, run, "\(tool) logged to another run")
      }
    }
    return try XCTUnwrap(run)
  }

  /// Runs the Python check of everything the run should hold.
  func check(
    uri: String, runID: String, directory: String, name: String, version: Int, history: Int,
    secret: String, commit: String
  ) throws {
    let spec: [String: Any] = [
      "uri": uri, "run_id": runID, "workdir": directory, "data": MLflowTestSupport.penguins,
      "bundle": directory + "/pen-1.0.0.tar.gz", "model_name": name, "alias": "challenger",
      "version": version, "history": history, "secret": secret, "commit": commit,
      "branch": "tracked",
    ]
    let specPath = directory + "/../\(UUID().uuidString)-spec.json"
    try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: specPath))
    defer { try? FileManager.default.removeItem(atPath: specPath) }
    let script = ReadmeExamplesTests.repositoryRoot
      .appendingPathComponent("ci/fixtures/check_mlflow_tracking.py").path
    let (status, output) = try MLflowTestSupport.run(
      MLflowTestSupport.python.path, [script, specPath])
    XCTAssertEqual(status, 0, "check_mlflow_tracking.py:\n\(output.suffix(4000))")
  }

  /// The issue's Done-when: every param, metric (with intervals and slices), tag, artifact,
  /// registered version and alias arrives; a second pipeline under MLFLOW_RUN_ID adds to the
  /// same run (metric history 2, registered version 2); a planted MLFLOW_TRACKING_TOKEN is in
  /// no output, report, artifact or bundle; gate takes its baseline from the registry.
  func testFullPipelineArrivesAndASecondRunUnderRunIDAddsToIt() throws {
    let uri = try serverURI()
    let (directory, commit) = try gitDirectory()
    let secret = "planted-token-\(UUID().uuidString)"
    let environment = [
      "MLFLOW_TRACKING_TOKEN": secret, "MLFLOW_TRACKING_URI": "",
      "no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost",
    ]
    let name = "penguins-\(UUID().uuidString.prefix(8))"
    let runID = try pipeline(
      uri: uri, directory: directory, environment: environment, runID: nil, name: name,
      secret: secret)
    try check(
      uri: uri, runID: runID, directory: directory, name: name, version: 1, history: 1,
      secret: secret, commit: commit)

    let again = try pipeline(
      uri: uri, directory: directory, environment: environment, runID: runID, name: name,
      secret: secret)
    XCTAssertEqual(again, runID)
    try check(
      uri: uri, runID: runID, directory: directory, name: name, version: 2, history: 2,
      secret: secret, commit: commit)

    // The registry as gate's baseline: the champion's logged metrics, via its source run.
    let gate = try CLIRunner.run(
      "gate",
      [
        "metrics.json", "--baseline", "models:/\(name)@challenger", "--rule",
        "roc_auc >= baseline - 0.01", "--rule", "accuracy >= baseline", "--json", "registry.json",
        "--mlflow", uri,
      ], directory: directory, environment: environment)
    XCTAssertEqual(gate.status, 0, gate.stderr)
    XCTAssertFalse(gate.stderr.contains(secret))
    let report = try String(contentsOfFile: directory + "/registry.json", encoding: .utf8)
    XCTAssertTrue(report.contains("models:/\(name)@challenger (version 2, run \(runID))"), report)
    XCTAssertTrue(report.contains("\"pass\""), report)
    XCTAssertFalse(report.contains(secret))
  }
}
