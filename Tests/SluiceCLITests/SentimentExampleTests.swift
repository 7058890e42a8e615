import Foundation
import XCTest

/// examples/sentiment/README.md runs as written, block after block in one directory (each
/// step reads the last one's files): train, evaluate, gate, package, and serve, where the
/// server (`mlflow models serve` from .venv-serve) is started on a free port in place of the
/// README's 5001, waited for on /ping (bounded), asked by the README's `curl`, whose answer must
/// be the one printed, and stopped after, also on failure.
final class SentimentExampleTests: XCTestCase {
  func testSentimentReadmeRunsAsWritten() throws {
    let root = ReadmeExamplesTests.repositoryRoot
    let venv = root.appendingPathComponent(".venv-serve/bin")
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: venv.appendingPathComponent("mlflow").path),
      "needs the serving venv: run ci/setup-python-oracles --set=serve")
    let readme = try String(
      contentsOf: root.appendingPathComponent("examples/sentiment/README.md"), encoding: .utf8)
    let blocks = ReadmeExamplesTests.blocks(in: readme)
    XCTAssertEqual(blocks.count, 5, "train, gate, package, serve and predict blocks")
    XCTAssertTrue(readme.contains("docs/mlflow.md"), "the register step points at the docs")
    let directory = try makeTempDir(self)
    try FileManager.default.createSymbolicLink(
      atPath: directory + "/examples",
      withDestinationPath: root.appendingPathComponent("examples").path)
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] =
      CLIRunner.binDirectory.path + ":" + venv.path + ":" + (environment["PATH"] ?? "")
    let port = try Self.freePort()
    var serverGroup: Int32?
    defer {
      // The server leads its own process group (setsid): stop its workers with it.
      if let serverGroup { kill(-serverGroup, SIGTERM) }
    }
    for example in blocks.joined() {
      let command = example.command.replacingOccurrences(of: "5001", with: String(port))
      if command.hasSuffix(" &") {
        // Started by Python in a new session (its pid is the group's id) with every other file
        // descriptor closed: Foundation sees a child's exit when a descriptor the child
        // inherited closes, which a server keeping it would never do.
        let starter = Process()
        starter.executableURL = venv.appendingPathComponent("python")
        starter.arguments = [
          "-c",
          "import subprocess, sys; log = open('server.log', 'wb'); print(subprocess.Popen("
            + "sys.argv[1], shell=True, stdin=subprocess.DEVNULL, stdout=log, stderr=log, "
            + "start_new_session=True, close_fds=True).pid, file=open('server.pid', 'w'))",
          String(command.dropLast(2)),
        ]
        starter.currentDirectoryURL = URL(fileURLWithPath: directory)
        starter.environment = environment
        try starter.run()
        starter.waitUntilExit()
        let pid = try String(contentsOfFile: directory + "/server.pid", encoding: .utf8)
        serverGroup = Int32(pid.trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertNotNil(serverGroup, pid)
        let (status, output) = try Self.bash(
          "for i in $(seq 1 360); do curl -sf http://127.0.0.1:\(port)/ping >/dev/null && exit 0;"
            + " sleep 0.5; done; exit 1", directory: directory, environment: environment)
        let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
        XCTAssertEqual(status, 0, "the server did not answer /ping in 3 minutes: \(output)\(log)")
        continue
      }
      let (status, output) = try Self.bash(
        "exec 2>&1; " + command, directory: directory, environment: environment)
      XCTAssertTrue(
        ReadmeExamplesTests.output(output, matches: example.expected),
        "examples/sentiment/README.md:\(example.line): output of `\(example.command)`:\n"
          + output)
      XCTAssertEqual(
        status, example.status,
        "examples/sentiment/README.md:\(example.line): exit status of `\(example.command)`")
    }
    XCTAssertNotNil(serverGroup, "the README starts a server")
  }

  static func bash(_ command: String, directory: String, environment: [String: String]) throws
    -> (Int32, String)
  {
    let (status, output) = try runMerged(
      "/bin/bash", ["-o", "pipefail", "-c", command], directory: directory,
      environment: environment, nullInput: true)
    return (status, output)
  }

  /// A port nothing listens on now (bound to port 0, then closed).
  static func freePort() throws -> Int {
    let (status, output) = try bash(
      "python3 -c 'import socket; s = socket.socket(); s.bind((\"127.0.0.1\", 0));"
        + " print(s.getsockname()[1])'", directory: "/",
      environment: ProcessInfo.processInfo.environment)
    guard status == 0, let port = Int(output.trimmingCharacters(in: .whitespacesAndNewlines))
    else { throw XCTSkip("cannot find a free port: \(output)") }
    return port
  }
}
