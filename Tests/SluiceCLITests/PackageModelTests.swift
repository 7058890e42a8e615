import Foundation
import XCTest

/// `package-model` as a process: reproducible archives GNU tar and sha256sum accept, verify's
/// exit codes and report, inspect, Triton output.
final class PackageModelTests: XCTestCase {
  /// Writes the model, data, schema-free inputs into `directory`.
  static func writeInputs(_ directory: String) throws {
    try PredictTests.model.write(toFile: directory + "/m.json", atomically: true, encoding: .utf8)
    try "x,c,y\n0,a,no\n1,zzz,yes\nNA,NA,no\n2.5,a,yes\n".write(
      toFile: directory + "/d.csv", atomically: true, encoding: .utf8)
    try "{\"metrics\": {\"accuracy\": 0.75}}\n".write(
      toFile: directory + "/metrics.json", atomically: true, encoding: .utf8)
    try Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(
      to: URL(fileURLWithPath: directory + "/weights.bin"))
  }

  static let arguments = [
    "m.json", "--name", "demo", "--model-version", "2.1.0", "--data", "d.csv", "--metrics",
    "metrics.json", "--artifact", "weights.bin", "-o", "demo-2.1.0.tar.gz",
  ]

  static func sha256(_ path: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sha256sum", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(String(decoding: data, as: UTF8.self).prefix(64))
  }

  static func shell(_ command: String, directory: String) throws -> (Int32, String) {
    let (status, output) = try runMerged("/bin/sh", ["-c", command], directory: directory)
    return (status, output)
  }

  func testTwoDirectoriesDifferentMtimesSameArchive() throws {
    let first = try makeTempDir(self)
    let second = try makeTempDir(self)
    try Self.writeInputs(first)
    try Self.writeInputs(second)
    _ = try Self.shell("touch -d '2001-02-03 04:05:06' *", directory: second)
    let environment = ["SOURCE_DATE_EPOCH": "1700000000"]
    for directory in [first, second] {
      let result = try CLIRunner.run(
        "package-model", Self.arguments, directory: directory, environment: environment)
      XCTAssertEqual(result.status, 0, result.stderr)
      XCTAssertTrue(result.stderr.contains("wrote demo-2.1.0.tar.gz"), result.stderr)
    }
    let digest = try Self.sha256(first + "/demo-2.1.0.tar.gz")
    XCTAssertEqual(digest, try Self.sha256(second + "/demo-2.1.0.tar.gz"))
    XCTAssertEqual(
      try String(contentsOfFile: first + "/demo-2.1.0.tar.gz.intoto.json", encoding: .utf8),
      try String(contentsOfFile: second + "/demo-2.1.0.tar.gz.intoto.json", encoding: .utf8))
    let statement = try String(
      contentsOfFile: first + "/demo-2.1.0.tar.gz.intoto.json", encoding: .utf8)
    XCTAssertTrue(statement.contains("\"sha256\": \"\(digest)\""), statement)
    // Packaging again in place gives the same bytes; another epoch does not.
    _ = try CLIRunner.run(
      "package-model", Self.arguments, directory: first, environment: environment)
    XCTAssertEqual(try Self.sha256(first + "/demo-2.1.0.tar.gz"), digest)
    _ = try CLIRunner.run(
      "package-model", Self.arguments, directory: first, environment: ["SOURCE_DATE_EPOCH": "1"])
    XCTAssertNotEqual(try Self.sha256(first + "/demo-2.1.0.tar.gz"), digest)
  }

  func testGNUToolsAcceptTheBundle() throws {
    let directory = try makeTempDir(self)
    try Self.writeInputs(directory)
    let result = try CLIRunner.run(
      "package-model", Self.arguments, directory: directory, environment: ["SOURCE_DATE_EPOCH": "0"]
    )
    XCTAssertEqual(result.status, 0, result.stderr)
    let (gzipStatus, gzipOutput) = try Self.shell("gzip -t demo-2.1.0.tar.gz", directory: directory)
    XCTAssertEqual(gzipStatus, 0, gzipOutput)
    let (listStatus, listing) = try Self.shell("tar -tzf demo-2.1.0.tar.gz", directory: directory)
    XCTAssertEqual(listStatus, 0, listing)
    for name in [
      "demo-2.1.0/", "demo-2.1.0/bundle.json", "demo-2.1.0/SHA256SUMS", "demo-2.1.0/MODEL_CARD.md",
      "demo-2.1.0/model/model.json", "demo-2.1.0/model/model.onnx", "demo-2.1.0/signature.json",
      "demo-2.1.0/examples/input.csv", "demo-2.1.0/examples/expected_output.csv",
      "demo-2.1.0/metrics.json", "demo-2.1.0/params.json", "demo-2.1.0/lineage.json",
      "demo-2.1.0/mlflow/MLmodel", "demo-2.1.0/artifacts/weights.bin",
    ] {
      XCTAssertTrue(
        listing.split(separator: "\n").contains(Substring(name)), "\(name) in\n\(listing)")
    }
    let (checkStatus, checkOutput) = try Self.shell(
      "tar -xzf demo-2.1.0.tar.gz && cd demo-2.1.0 && sha256sum -c SHA256SUMS", directory: directory
    )
    XCTAssertEqual(checkStatus, 0, checkOutput)
    XCTAssertFalse(checkOutput.contains("FAILED"))
    let sums = try String(contentsOfFile: directory + "/demo-2.1.0/SHA256SUMS", encoding: .utf8)
    XCTAssertEqual(
      sums.split(separator: "\n").count,
      listing.split(separator: "\n").filter { !$0.hasSuffix("/") }.count - 1)
    let expected = try String(
      contentsOfFile: directory + "/demo-2.1.0/examples/expected_output.csv", encoding: .utf8)
    let predicted = try CLIRunner.run(
      "predict", ["m.json", "demo-2.1.0/examples/input.csv"], directory: directory)
    XCTAssertEqual(predicted.stdout, expected)
  }

  /// The integration check on a real bundle: train with the CLI on the penguins
  /// example, package it (with a Triton repository), unpack it with GNU tar, then run the
  /// exported ONNX model in onnxruntime against the native predictions and load the bundle's
  /// `mlflow/` directory with `mlflow.pyfunc.load_model` (ci/fixtures/check_onnx.py), and parse
  /// config.pbtxt as Triton's ModelConfig (ci/fixtures/check_triton.py).
  func testUnpackedBundleRunsInONNXRuntimeMLflowAndTriton() throws {
    let root = ReadmeExamplesTests.repositoryRoot
    let python = root.appendingPathComponent(".venv-test/bin/python").path
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: python),
      "needs the Python oracles: run ci/setup-python-oracles")
    let directory = try makeTempDir(self)
    let data = root.appendingPathComponent("examples/penguins/penguins.csv").path
    for (target, task) in [("species", "multiclass"), ("sex", "binary")] {
      let train = try CLIRunner.run(
        "train", [data, "--target", target, "--ignore", "year", "-o", "\(task).json", "--quiet"],
        directory: directory)
      XCTAssertEqual(train.status, 0, train.stderr)
      let package = try CLIRunner.run(
        "package-model",
        [
          "\(task).json", "--name", task, "--model-version", "1.0.0", "--data", data, "--triton",
          "triton", "-o", "\(task)-1.0.0.tar.gz",
        ], directory: directory, environment: ["SOURCE_DATE_EPOCH": "0"])
      XCTAssertEqual(package.status, 0, package.stderr)
      let (tarStatus, tarOutput) = try Self.shell(
        "tar -xzf \(task)-1.0.0.tar.gz", directory: directory)
      XCTAssertEqual(tarStatus, 0, tarOutput)
      let (status, output) = try Self.shell(
        "'\(python)' '\(root.path)/ci/fixtures/check_onnx.py' \(task)-1.0.0", directory: directory)
      XCTAssertEqual(status, 0, "check_onnx.py on the unpacked \(task) bundle:\n\(output)")
    }
    let (status, output) = try Self.shell(
      "'\(python)' '\(root.path)/ci/fixtures/check_triton.py' triton", directory: directory)
    XCTAssertEqual(status, 0, "check_triton.py:\n\(output)")
  }

  func testVerifyExitCodesAndJSONReport() throws {
    let directory = try makeTempDir(self)
    try Self.writeInputs(directory)
    _ = try CLIRunner.run("package-model", Self.arguments, directory: directory)
    let good = try CLIRunner.run(
      "package-model",
      [
        "verify", "demo-2.1.0.tar.gz", "--provenance", "demo-2.1.0.tar.gz.intoto.json", "--json",
        "v.json",
      ],
      directory: directory)
    XCTAssertEqual(good.status, 0, good.stderr)
    XCTAssertTrue(good.stderr.contains("valid: demo 2.1.0"), good.stderr)
    let report = try String(contentsOfFile: directory + "/v.json", encoding: .utf8)
    XCTAssertTrue(report.contains("\"valid\": true"), report)
    // Flip one byte of the compressed stream: a finding (1), not a crash or a 65.
    var bytes = [UInt8](
      try Data(contentsOf: URL(fileURLWithPath: directory + "/demo-2.1.0.tar.gz")))
    bytes[bytes.count / 2] ^= 0x10
    try Data(bytes).write(to: URL(fileURLWithPath: directory + "/bad.tar.gz"))
    let bad = try CLIRunner.run(
      "package-model", ["verify", "bad.tar.gz", "--json", "-"], directory: directory)
    XCTAssertEqual(bad.status, 1, bad.stderr)
    XCTAssertTrue(bad.stdout.contains("\"valid\": false"), bad.stdout)
    XCTAssertTrue(bad.stderr.contains("bad.tar.gz: error: ["), bad.stderr)
    let absent = try CLIRunner.run(
      "package-model", ["verify", "absent.tar.gz"], directory: directory)
    XCTAssertEqual(absent.status, 66, absent.stderr)
  }

  func testInspectTritonAndUsageErrors() throws {
    let directory = try makeTempDir(self)
    try Self.writeInputs(directory)
    let packaged = try CLIRunner.run(
      "package-model", Self.arguments + ["--triton", "repo", "-o", "out.tar.gz"],
      directory: directory)
    XCTAssertEqual(packaged.status, 0, packaged.stderr)
    let config = try String(contentsOfFile: directory + "/repo/demo/config.pbtxt", encoding: .utf8)
    XCTAssertTrue(config.contains("onnxruntime_onnx"), config)
    XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/repo/demo/1/model.onnx"))
    XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/out.tar.gz.intoto.json"))
    let inspect = try CLIRunner.run(
      "package-model", ["inspect", "out.tar.gz"], directory: directory)
    XCTAssertEqual(inspect.status, 0, inspect.stderr)
    XCTAssertTrue(inspect.stdout.contains("bundle      demo 2.1.0"), inspect.stdout)
    XCTAssertTrue(inspect.stdout.contains("accuracy"), inspect.stdout)
    XCTAssertTrue(inspect.stdout.contains("artifacts/weights.bin"), inspect.stdout)
    // The identity line is what GNU gzip and sha256sum give for the uncompressed stream.
    let (digestStatus, digest) = try Self.shell(
      "gzip -dc out.tar.gz | sha256sum | cut -c1-64", directory: directory)
    XCTAssertEqual(digestStatus, 0, digest)
    XCTAssertEqual(digest.count, 65, digest)
    XCTAssertTrue(
      inspect.stdout.contains("tar         sha256 \(digest.prefix(64))\n"), inspect.stdout)
    let badName = try CLIRunner.run(
      "package-model", ["m.json", "--name", "../x", "--model-version", "1"], directory: directory)
    XCTAssertEqual(badName.status, 64, badName.stderr)
    let noModel = try CLIRunner.run(
      "package-model", ["nope.json", "--name", "x", "--model-version", "1", "-o", "x.tar.gz"],
      directory: directory)
    XCTAssertEqual(noModel.status, 66, noModel.stderr)
    let badEpoch = try CLIRunner.run(
      "package-model", ["m.json", "--name", "x", "--model-version", "1", "-o", "x.tar.gz"],
      directory: directory, environment: ["SOURCE_DATE_EPOCH": "yesterday"])
    XCTAssertEqual(badEpoch.status, 64, badEpoch.stderr)
  }

  func testGitWorkTreeGivesCommitTimeAndCommit() throws {
    let directory = try makeTempDir(self)
    try Self.writeInputs(directory)
    let (status, output) = try Self.shell(
      "git init -q . && git add m.json && GIT_COMMITTER_DATE='@1234567890 +0000' "
        + "GIT_AUTHOR_DATE='@1234567890 +0000' git -c user.name=t -c user.email=t@t "
        + "commit -q -m m && git rev-parse HEAD", directory: directory)
    XCTAssertEqual(status, 0, output)
    let commit = String(output.suffix(41).prefix(40))
    let result = try CLIRunner.run(
      "package-model", ["m.json", "--name", "g", "--model-version", "1", "-o", "g-1.tar.gz"],
      directory: directory, environment: ["GIT_DIR": directory + "/.git"])
    XCTAssertEqual(result.status, 0, result.stderr)
    let (listStatus, listing) = try Self.shell(
      "tar -tzvf g-1.tar.gz | head -1 && tar -xzOf g-1.tar.gz g-1/lineage.json g-1/bundle.json",
      directory: directory)
    XCTAssertEqual(listStatus, 0, listing)
    XCTAssertTrue(listing.contains("2009-02-13"), listing)
    XCTAssertTrue(listing.contains("\"git_commit\": \"\(commit)\""), listing)
    XCTAssertTrue(listing.contains("\"source_date_epoch\": 1234567890"), listing)
  }

  func testHashMatchesSha256sum() throws {
    let directory = try makeTempDir(self)
    try Self.writeInputs(directory)
    let result = try CLIRunner.run(
      "package-model", ["hash", "weights.bin", "m.json"], directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    let (_, expected) = try Self.shell("sha256sum weights.bin m.json", directory: directory)
    XCTAssertEqual(result.stdout, expected)
  }
}
