import Foundation
import XCTest

/// Issue 15, tracking failures, against a stub server on 127.0.0.1
/// (ci/fixtures/mlflow_stub.py): retries with backoff on 503 and on no server, exit 74 with
/// the URL and status after the stated number of attempts, 4xx not retried, never a hang,
/// local outputs written first, and the token never printed.
final class MLflowFaultTests: XCTestCase {
  /// Fast retries for tests: the numbers come from MLflow's own variables.
  static let quick = [
    "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "2", "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "0.05",
    "MLFLOW_HTTP_REQUEST_TIMEOUT": "5", "MLFLOW_TRACKING_URI": "", "MLFLOW_RUN_ID": "",
    // A proxy the CI machine sets must not stand between the tools and the local stub.
    "no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost",
  ]

  /// Starts the stub in `mode`; returns it, its URI and its request log's path.
  func stub(_ mode: String) throws -> (BackgroundScript, String, String) {
    try MLflowTestSupport.requirePython()
    let directory = try makeTempDir(self)
    let log = directory + "/requests.log"
    let script = try BackgroundScript("mlflow_stub.py", [mode, log])
    addTeardownBlock { script.stop() }
    let port = try XCTUnwrap(script.port, "the stub did not start: \(script.firstLine)")
    return (script, "http://127.0.0.1:\(port)", log)
  }

  func requests(_ log: String) -> [String] {
    ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
      .map(String.init)
  }

  func train(_ uri: String, _ directory: String, _ environment: [String: String]) throws
    -> CLIResult
  {
    try CLIRunner.run(
      "train",
      [
        MLflowTestSupport.penguins, "--target", "sex", "--ignore", "year", "-o", "model.json",
        "--quiet", "--mlflow", uri,
      ],
      directory: directory, environment: Self.quick.merging(environment) { $1 })
  }

  func testTwo503sThenSuccess() throws {
    let (_, uri, log) = try stub("503-twice")
    let directory = try makeTempDir(self)
    let result = try train(uri, directory, ["MLFLOW_HTTP_REQUEST_MAX_RETRIES": "3"])
    XCTAssertEqual(result.status, 0, result.stderr)
    let lines = requests(log)
    XCTAssertEqual(lines.prefix(3).map { $0.split(separator: " ")[2] }, ["503", "503", "200"])
    XCTAssertTrue(result.stderr.contains("retry 1 of 3"), result.stderr)
    XCTAssertTrue(result.stderr.contains("retry 2 of 3"), result.stderr)
    XCTAssertTrue(result.stderr.contains("MLflow run r1: \(uri)/#/experiments/0/runs/r1"))
    // The model's artifact went through the proxy, and the run was closed.
    XCTAssertTrue(
      lines.contains {
        $0.hasPrefix("PUT /api/2.0/mlflow-artifacts/artifacts/0/r1/artifacts/train/model.json 200")
      },
      lines.joined(separator: "\n"))
    XCTAssertTrue(lines.contains { $0.hasPrefix("POST /api/2.0/mlflow/runs/update 200") })
  }

  func testAlways503ExitsIOErrorAfterTheStatedRetriesWithLocalFilesIntact() throws {
    let (_, uri, log) = try stub("503")
    let directory = try makeTempDir(self)
    let result = try train(uri, directory, [:])
    XCTAssertEqual(result.status, 74, result.stderr)
    XCTAssertEqual(requests(log).count, 3, "1 attempt + 2 retries")
    XCTAssertTrue(
      result.stderr.contains("'\(uri)/api/2.0/mlflow/runs/create'"), result.stderr)
    XCTAssertTrue(result.stderr.contains("HTTP 503"), result.stderr)
    XCTAssertTrue(result.stderr.contains("after 3 attempts"), result.stderr)
    // The model was written before any request, and is the model train writes without MLflow.
    let plain = try makeTempDir(self)
    let reference = try CLIRunner.run(
      "train",
      [
        MLflowTestSupport.penguins, "--target", "sex", "--ignore", "year", "-o", "model.json",
        "--quiet",
      ], directory: plain)
    XCTAssertEqual(reference.status, 0)
    XCTAssertEqual(
      try Data(contentsOf: URL(fileURLWithPath: directory + "/model.json")),
      try Data(contentsOf: URL(fileURLWithPath: plain + "/model.json")))
  }

  func testNoServerIsRetriedThenExitIOError() throws {
    // A port nobody listens on: bind one, note it, close it.
    let (probe, uri, _) = try stub("ok")
    probe.stop()
    let directory = try makeTempDir(self)
    let started = Date()
    let result = try train(uri, directory, [:])
    XCTAssertEqual(result.status, 74, result.stderr)
    XCTAssertTrue(result.stderr.contains("after 3 attempts"), result.stderr)
    XCTAssertTrue(result.stderr.contains(uri), result.stderr)
    XCTAssertLessThan(Date().timeIntervalSince(started), 30)
    XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/model.json"))
  }

  func testServerThatNeverAnswersTakesBoundedTime() throws {
    let (_, uri, log) = try stub("hang")
    let directory = try makeTempDir(self)
    let started = Date()
    let result = try train(
      uri, directory,
      ["MLFLOW_HTTP_REQUEST_TIMEOUT": "1", "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "1"])
    let elapsed = Date().timeIntervalSince(started)
    XCTAssertEqual(result.status, 74, result.stderr)
    XCTAssertTrue(result.stderr.contains("no answer within 1 s"), result.stderr)
    XCTAssertTrue(result.stderr.contains("after 2 attempts"), result.stderr)
    XCTAssertEqual(requests(log).count, 2)
    XCTAssertLessThan(elapsed, 20, "two 1 s attempts must not take \(elapsed) s")
    XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/model.json"))
  }

  func testOverallDeadlineBoundsEveryRetry() throws {
    let (_, uri, _) = try stub("hang")
    let directory = try makeTempDir(self)
    let started = Date()
    let result = try train(
      uri, directory,
      [
        "MLFLOW_HTTP_REQUEST_TIMEOUT": "30", "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "5",
        "SLUICE_MLFLOW_DEADLINE": "2",
      ])
    XCTAssertEqual(result.status, 74, result.stderr)
    XCTAssertLessThan(Date().timeIntervalSince(started), 20)
  }

  func test401ExitsAtOnceWithoutPrintingTheToken() throws {
    let (_, uri, log) = try stub("401")
    let directory = try makeTempDir(self)
    let token = "planted-\(UUID().uuidString)"
    let result = try train(
      uri, directory, ["MLFLOW_TRACKING_TOKEN": token, "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "3"])
    XCTAssertEqual(result.status, 74, result.stderr)
    let lines = requests(log)
    XCTAssertEqual(lines, ["POST /api/2.0/mlflow/runs/create 401 auth"], "no retry on a 4xx")
    XCTAssertTrue(result.stderr.contains("HTTP 401"), result.stderr)
    XCTAssertTrue(result.stderr.contains("not retried"), result.stderr)
    XCTAssertFalse(result.stderr.contains(token))
    XCTAssertFalse(result.stdout.contains(token))
    let model = try String(contentsOfFile: directory + "/model.json", encoding: .utf8)
    XCTAssertFalse(model.contains(token))
  }

  func testBasicAuthFromTheURIAndTheEnvironmentIsSentButNeverShown() throws {
    let (_, uri, log) = try stub("401")
    let directory = try makeTempDir(self)
    let withUser = uri.replacingOccurrences(of: "http://", with: "http://alice:s3cr3t-pw@")
    let result = try train(withUser, directory, [:])
    XCTAssertEqual(result.status, 74)
    XCTAssertEqual(requests(log).first?.hasSuffix(" auth"), true)
    XCTAssertFalse(result.stderr.contains("s3cr3t-pw"), result.stderr)
    XCTAssertTrue(result.stderr.contains(uri + "/api/2.0/mlflow/runs/create"), result.stderr)
    let fromEnvironment = try train(
      uri, directory,
      ["MLFLOW_TRACKING_USERNAME": "bob", "MLFLOW_TRACKING_PASSWORD": "pa55-word-x"])
    XCTAssertEqual(fromEnvironment.status, 74)
    XCTAssertEqual(requests(log).last?.hasSuffix(" auth"), true)
    XCTAssertFalse(fromEnvironment.stderr.contains("pa55-word-x"))
  }

  /// Options must do what they say: tracking options without a server are usage errors,
  /// before any work.
  func testTrackingUsageErrors() throws {
    let directory = try makeTempDir(self)
    let environment = ["MLFLOW_TRACKING_URI": "", "MLFLOW_RUN_ID": ""]
    let data = MLflowTestSupport.penguins
    let cases: [(String, [String], String)] = [
      (
        "train", [data, "--target", "sex", "--experiment", "x", "-o", "m.json"],
        "'--experiment' needs --mlflow"
      ),
      (
        "train", [data, "--target", "sex", "--mlflow", "sqlite:///m.db", "-o", "m.json"],
        "invalid MLflow tracking URI"
      ),
      (
        "package-model",
        ["m.json", "--name", "a", "--model-version", "1", "-o", "a.tar.gz", "--register", "a"],
        "'--register' needs --mlflow"
      ),
      (
        "package-model",
        ["m.json", "--name", "a", "--model-version", "1", "-o", "a.tar.gz", "--alias", "champion"],
        "'--alias' needs --register"
      ),
      (
        "package-model",
        [
          "m.json", "--name", "a", "--model-version", "1", "-o", "a.tar.gz", "--register", "a",
          "--alias", "v2", "--mlflow", "http://127.0.0.1:9",
        ], "invalid value 'v2' for '--alias'"
      ),
      (
        "gate", ["m.json", "--baseline", "models:/a@champion", "--rule", "x >= baseline"],
        "--mlflow URI"
      ),
    ]
    for (tool, arguments, message) in cases {
      let result = try CLIRunner.run(
        tool, arguments, directory: directory, environment: environment)
      XCTAssertEqual(result.status, 64, "\(tool) \(arguments): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains(message), "\(tool): \(result.stderr)")
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/m.json"))
  }

  /// A custom CA (REQUESTS_CA_BUNDLE, MLFLOW_TRACKING_SERVER_CERT_PATH) verifies an HTTPS
  /// server the system does not trust; without it the certificate fails at once (no retry).
  func testCustomCABundleVerifiesAnHTTPSServer() throws {
    try MLflowTestSupport.requirePython()
    let openssl = "/usr/bin/openssl"
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: openssl), "needs openssl")
    let keys = try makeTempDir(self)
    let (status, output) = try MLflowTestSupport.run(
      openssl,
      [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keys + "/key.pem", "-out",
        keys + "/cert.pem", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
        "subjectAltName=IP:127.0.0.1",
      ])
    XCTAssertEqual(status, 0, output)
    let log = keys + "/requests.log"
    let script = try BackgroundScript(
      "mlflow_stub.py", ["ok", log, keys + "/cert.pem", keys + "/key.pem"])
    addTeardownBlock { script.stop() }
    let port = try XCTUnwrap(script.port, script.firstLine)
    let uri = "https://127.0.0.1:\(port)"
    let directory = try makeTempDir(self)
    let untrusted = try train(uri, directory, ["MLFLOW_HTTP_REQUEST_MAX_RETRIES": "3"])
    XCTAssertEqual(untrusted.status, 74, untrusted.stderr)
    XCTAssertTrue(untrusted.stderr.contains("not retried"), untrusted.stderr)
    XCTAssertFalse(untrusted.stderr.contains("retry 1"), untrusted.stderr)
    for variable in ["REQUESTS_CA_BUNDLE", "MLFLOW_TRACKING_SERVER_CERT_PATH"] {
      let trusted = try train(uri, directory, [variable: keys + "/cert.pem"])
      XCTAssertEqual(trusted.status, 0, "\(variable): \(trusted.stderr)")
      XCTAssertTrue(trusted.stderr.contains("MLflow run r1: \(uri)/#/"), trusted.stderr)
    }
    XCTAssertTrue(requests(log).contains { $0.hasPrefix("POST /api/2.0/mlflow/runs/update 200") })
    XCTAssertTrue(
      requests(log).contains {
        $0.hasPrefix("PUT /api/2.0/mlflow-artifacts/artifacts/0/r1/artifacts/train/model.json 200")
      })
    // The same bounds hold on this path: a TLS server that never answers.
    let hangLog = keys + "/hang.log"
    let hanging = try BackgroundScript(
      "mlflow_stub.py", ["hang", hangLog, keys + "/cert.pem", keys + "/key.pem"])
    addTeardownBlock { hanging.stop() }
    let hangPort = try XCTUnwrap(hanging.port, hanging.firstLine)
    let started = Date()
    let silent = try train(
      "https://127.0.0.1:\(hangPort)", directory,
      [
        "REQUESTS_CA_BUNDLE": keys + "/cert.pem", "MLFLOW_HTTP_REQUEST_TIMEOUT": "1",
        "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "1",
      ])
    XCTAssertEqual(silent.status, 74, silent.stderr)
    XCTAssertTrue(silent.stderr.contains("no answer within 1 s"), silent.stderr)
    XCTAssertLessThan(Date().timeIntervalSince(started), 20)
  }

  /// `--mlflow databricks`: the workspace and token from DATABRICKS_HOST and DATABRICKS_TOKEN
  /// (as MLflow's client reads them), sent as a bearer token, never shown; the run URL has
  /// the workspace's form.
  func testDatabricksWorkspaceFromTheEnvironment() throws {
    let (_, uri, log) = try stub("ok")
    let directory = try makeTempDir(self)
    let token = "dapi-\(UUID().uuidString)"
    let result = try train(
      "databricks", directory, ["DATABRICKS_HOST": uri, "DATABRICKS_TOKEN": token])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stderr.contains("\(uri)/#mlflow/experiments/0/runs/r1"), result.stderr)
    XCTAssertEqual(requests(log).first, "POST /api/2.0/mlflow/runs/create 200 auth")
    XCTAssertFalse(result.stderr.contains(token))
    let missing = try train("databricks", directory, ["HOME": directory])
    XCTAssertEqual(missing.status, 64, missing.stderr)
    XCTAssertTrue(missing.stderr.contains("DATABRICKS_HOST"), missing.stderr)
  }

  /// On a Databricks workspace the artifacts go to the signed cloud-storage URLs the workspace
  /// hands out (credentials-for-write), with the headers it names, never with the workspace
  /// token, and the signature never reaches a message.
  func testDatabricksArtifactsGoToSignedURLs() throws {
    let (_, uri, log) = try stub("databricks")
    let directory = try makeTempDir(self)
    let token = "dapi-\(UUID().uuidString)"
    let result = try train(
      "databricks", directory, ["DATABRICKS_HOST": uri, "DATABRICKS_TOKEN": token])
    XCTAssertEqual(result.status, 0, result.stderr)
    let lines = requests(log)
    XCTAssertTrue(
      lines.contains("POST /api/2.0/mlflow/artifacts/credentials-for-write 200 auth"),
      lines.joined(separator: "\n"))
    let size = try XCTUnwrap(
      FileManager.default.attributesOfItem(atPath: directory + "/model.json")[.size] as? Int)
    XCTAssertTrue(
      lines.contains("PUT /storage/train/model.json 201 none sig=SASSECRET0123 \(size) AES256"),
      lines.joined(separator: "\n"))
    XCTAssertFalse(lines.contains { $0.contains("mlflow-artifacts") }, lines.joined())
    XCTAssertFalse(result.stderr.contains("SASSECRET"), result.stderr)
    XCTAssertFalse(result.stderr.contains(token), result.stderr)
  }

  /// ADLS Gen2 SAS URIs take the file system API's create, append and flush.
  func testDatabricksArtifactsOnADLSGen2() throws {
    let (_, uri, log) = try stub("databricks-adls")
    let directory = try makeTempDir(self)
    let result = try train(
      "databricks", directory, ["DATABRICKS_HOST": uri, "DATABRICKS_TOKEN": "dapi-x"])
    XCTAssertEqual(result.status, 0, result.stderr)
    let size = try XCTUnwrap(
      FileManager.default.attributesOfItem(atPath: directory + "/model.json")[.size] as? Int)
    let model = requests(log).filter { $0.contains(" /storage/train/model.json ") }
    XCTAssertEqual(
      model,
      [
        "PUT /storage/train/model.json 201 none sig=SASSECRET0123&resource=file 0 AES256",
        "PATCH /storage/train/model.json 201 none sig=SASSECRET0123&action=append&position=0 \(size)"
          + " AES256",
        "PATCH /storage/train/model.json 201 none sig=SASSECRET0123&action=flush&position=\(size) 0"
          + " AES256",
      ])
  }

  /// Storage that refuses the write: exit 74 naming the URL without its signature, the local
  /// model written first.
  func testDatabricksStorageRefusalHidesTheSignature() throws {
    let (_, uri, _) = try stub("databricks-403")
    let directory = try makeTempDir(self)
    let result = try train(
      "databricks", directory, ["DATABRICKS_HOST": uri, "DATABRICKS_TOKEN": "dapi-x"])
    XCTAssertEqual(result.status, 74, result.stderr)
    XCTAssertTrue(result.stderr.contains("\(uri)/storage/"), result.stderr)
    XCTAssertTrue(result.stderr.contains("403"), result.stderr)
    XCTAssertFalse(result.stderr.contains("SASSECRET"), result.stderr)
    XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/model.json"))
  }

  /// The proxy variables are honoured: requests to a server name that does not resolve reach
  /// it through the proxy `http_proxy` names (the stub, which sees the absolute URL).
  func testProxyVariablesAreHonoured() throws {
    let (_, proxy, log) = try stub("ok")
    let directory = try makeTempDir(self)
    let result = try train(
      "http://mlflow.invalid:5000", directory,
      ["http_proxy": proxy, "HTTP_PROXY": proxy, "no_proxy": "", "NO_PROXY": ""])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual(
      requests(log).first, "POST http://mlflow.invalid:5000/api/2.0/mlflow/runs/create 200 none")
  }
}
