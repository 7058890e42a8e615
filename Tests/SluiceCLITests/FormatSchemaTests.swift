import Foundation
import XCTest

/// Issue 14: every JSON file the tools write validates against its JSON Schema in
/// docs/schemas/ (draft 2020-12), checked by `jsonschema` in the oracle venv through
/// ci/fixtures/validate_json_schemas.py on the penguins pipeline's real outputs.
final class FormatSchemaTests: XCTestCase {
  func testEveryWrittenJSONFileMatchesItsSchema() throws {
    let root = ReadmeExamplesTests.repositoryRoot.path
    let python = root + "/.venv-test/bin/python"
    // CI installs the venv (ci/setup-test-tools), and a skip fails CI there.
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: python),
      "needs the Python oracles: run ci/setup-python-oracles")
    let dir = try FormatPipeline.shared()
    // A binary model's metrics (positive class, threshold, ECE) and a drift against a table.
    for (tool, args) in [
      ("train", ["train.csv", "--target", "sex", "-o", "binary.json", "--quiet"]),
      ("evaluate", ["binary.json", "test.csv", "-o", "binary-metrics.json"]),
    ] {
      let result = try CLIRunner.run(tool, args, directory: dir)
      XCTAssertEqual(result.status, 0, "\(tool): \(result.stderr)")
    }
    let drift = try CLIRunner.run(
      "validate-data",
      ["drift", "test.csv", "--reference", "train.csv", "--json", "drift-table.json"],
      directory: dir)
    XCTAssertTrue([0, 1].contains(drift.status), drift.stderr)
    let (untar, untarOutput) = try PackageModelTests.shell(
      "mkdir -p unpacked && tar -xzf penguins.tar.gz -C unpacked", directory: dir)
    XCTAssertEqual(untar, 0, untarOutput)
    let member = "unpacked/penguins-1.0.0/"
    // A broken report proves the validator rejects what its schema does not allow.
    let check = try String(contentsOfFile: dir + "/check.json", encoding: .utf8)
    try check.replacingOccurrences(
      of: #""result_version": [0-9]+,"#, with: "", options: .regularExpression
    )
    .write(toFile: dir + "/broken-check.json", atomically: true, encoding: .utf8)
    let expected: [(String, String)] = [
      ("schema.json", "schema"), ("check.json", "check-report"), ("profile.json", "profile"),
      ("drift.json", "drift-report"), ("drift-table.json", "drift-report"),
      ("model.json", "model"), ("binary.json", "model"), ("metrics.json", "metrics"),
      ("binary-metrics.json", "metrics"), ("gate.json", "gate-report"),
      ("verify.json", "verify-report"), (member + "bundle.json", "bundle"),
      (member + "signature.json", "signature"), (member + "lineage.json", "lineage"),
      (member + "params.json", "params"), (member + "metrics.json", "metrics"),
      (member + "profile.json", "profile"), (member + "model/model.json", "model"),
    ]
    let schemas = try FileManager.default.contentsOfDirectory(atPath: root + "/docs/schemas")
      .filter { $0.hasSuffix(".schema.json") }
    // Every schema but the shared report envelope is used at least once.
    let used = Set(expected.map { $0.1 + ".schema.json" }).union(["report.schema.json"])
    XCTAssertEqual(Set(schemas), used)
    let command =
      ([python, root + "/ci/fixtures/validate_json_schemas.py", root + "/docs/schemas"]
      + expected.map { "\($0.0)=\($0.1)" }).map { "'\($0)'" }.joined(separator: " ")
    let (status, output) = try PackageModelTests.shell(command, directory: dir)
    XCTAssertEqual(status, 0, output)
    XCTAssertEqual(
      output.components(separatedBy: "\n").filter { $0.contains(": valid against") }.count,
      expected.count, output)
    let (brokenStatus, brokenOutput) = try PackageModelTests.shell(
      "'\(python)' '\(root)/ci/fixtures/validate_json_schemas.py' '\(root)/docs/schemas'"
        + " broken-check.json=check-report", directory: dir)
    XCTAssertEqual(brokenStatus, 1, brokenOutput)
    XCTAssertTrue(brokenOutput.contains("'result_version' is a required property"), brokenOutput)
  }
}
