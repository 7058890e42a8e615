import Foundation
import XCTest

/// Issue 14: every reader of a Sluice file checks the format version it carries and refuses a
/// newer one (exit 65, "upgrade Sluice"); the current version reads, and files of other tools
/// (no Sluice version) stay accepted. One test per format, on files the pipeline wrote.
final class FormatVersionTests: XCTestCase {
  /// The penguins pipeline's outputs, written once for the class (see `FormatPipeline`).
  var directory: String { get throws { try FormatPipeline.shared() } }

  /// A version newer than any this Sluice writes; one digit, like the current ones, so a
  /// re-packed bundle member keeps its size.
  static let future = 9

  /// Copies `file` to `name` with the integer version at `key` (`"key": N`, exactly one)
  /// set to `future`, whatever the current version is.
  func bump(_ file: String, key: String, to name: String) throws {
    try bump(file, pattern: "\"\(key)\": [0-9]+", with: "\"\(key)\": \(Self.future)", to: name)
  }

  /// Copies `file` to `name` with the one match of the regular expression `pattern` replaced.
  func bump(_ file: String, pattern: String, with replacement: String, to name: String) throws {
    let dir = try directory
    let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
    let regex = try NSRegularExpression(pattern: pattern)
    let range = NSRange(text.startIndex..., in: text)
    XCTAssertEqual(regex.numberOfMatches(in: text, range: range), 1, "\(file): \(pattern)")
    try regex.stringByReplacingMatches(in: text, range: range, withTemplate: replacement)
      .write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
  }

  /// Asserts that `result` is a refusal naming a newer format `version`.
  func assertRefused(
    _ result: CLIResult, version: Int = FormatVersionTests.future,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(result.status, 65, result.stderr, file: file, line: line)
    XCTAssertTrue(
      result.stderr.contains("format version \(version) is newer than Sluice"),
      result.stderr, file: file, line: line)
    XCTAssertTrue(result.stderr.contains("upgrade Sluice"), result.stderr, file: file, line: line)
  }

  func testSchemaVersion() throws {
    let dir = try directory
    try bump("schema.json", key: "sluice_schema_version", to: "schema-newer.json")
    let data = FormatPipeline.data
    let newer = try CLIRunner.run(
      "validate-data", ["check", data, "--schema", "schema-newer.json"], directory: dir)
    assertRefused(newer)
    XCTAssertTrue(newer.stderr.contains("schema-newer.json: sluice_schema_version"), newer.stderr)
    let current = try CLIRunner.run(
      "validate-data", ["check", data, "--schema", "schema.json"], directory: dir)
    XCTAssertEqual(current.status, 0, current.stderr)
  }

  func testProfileVersion() throws {
    let dir = try directory
    try bump("profile.json", key: "sluice_profile_version", to: "profile-newer.json")
    let data = FormatPipeline.data
    assertRefused(
      try CLIRunner.run(
        "validate-data", ["drift", data, "--reference", "profile-newer.json"], directory: dir))
    assertRefused(
      try CLIRunner.run(
        "validate-data", ["merge", "profile.json", "profile-newer.json", "-o", "merged.json"],
        directory: dir))
    let current = try CLIRunner.run(
      "validate-data", ["drift", data, "--reference", "profile.json"], directory: dir)
    XCTAssertEqual(current.status, 0, current.stderr)
  }

  func testModelVersion() throws {
    let dir = try directory
    try bump("model.json", key: "sluice_model_version", to: "model-newer.json")
    assertRefused(try CLIRunner.run("predict", ["model-newer.json", "test.csv"], directory: dir))
    assertRefused(
      try CLIRunner.run("evaluate", ["model-newer.json", "test.csv"], directory: dir))
    let current = try CLIRunner.run("predict", ["model.json", "test.csv"], directory: dir)
    XCTAssertEqual(current.status, 0, current.stderr)
  }

  func testMetricsVersion() throws {
    let dir = try directory
    try bump("metrics.json", key: "sluice_metrics_version", to: "metrics-newer.json")
    let rule = ["--rule", "accuracy >= 0.5"]
    let newer = try CLIRunner.run("gate", ["metrics-newer.json"] + rule, directory: dir)
    assertRefused(newer)
    XCTAssertTrue(newer.stderr.contains("meta.sluice_metrics_version"), newer.stderr)
    assertRefused(
      try CLIRunner.run(
        "gate", ["metrics.json", "--baseline", "metrics-newer.json"] + rule, directory: dir))
    assertRefused(
      try CLIRunner.run(
        "package-model",
        [
          "model.json", "--name", "p", "--model-version", "1", "--metrics", "metrics-newer.json",
          "-o", "p.tar.gz",
        ], directory: dir, environment: ["SOURCE_DATE_EPOCH": "0"]))
    let current = try CLIRunner.run("gate", ["metrics.json"] + rule, directory: dir)
    XCTAssertEqual(current.status, 0, current.stderr)
    // DVC's and MLflow's metrics carry no Sluice version (even with a "meta" or "schema" of
    // their own) and are read as plain JSON.
    try #"{"meta": {"version": 9}, "schema": "x/9", "eval": {"acc": 0.9}}"#.write(
      toFile: dir + "/dvc.json", atomically: true, encoding: .utf8)
    let foreign = try CLIRunner.run(
      "gate", ["dvc.json", "--rule", "eval.acc >= 0.5"], directory: dir)
    XCTAssertEqual(foreign.status, 0, foreign.stderr)
  }

  func testReportVersions() throws {
    let dir = try directory
    for report in ["check", "drift", "gate", "verify"] {
      let file = "\(report).json"
      let rule = ["--rule", "result_version >= 1"]
      let current = try CLIRunner.run("gate", [file] + rule, directory: dir)
      XCTAssertEqual(current.status, 0, "\(report): \(current.stderr)")
      try bump(
        file, pattern: "\"schema\": \"sluice-report/[0-9]+\"",
        with: "\"schema\": \"sluice-report/\(Self.future)\"", to: "\(report)-envelope-newer.json")
      assertRefused(
        try CLIRunner.run("gate", ["\(report)-envelope-newer.json"] + rule, directory: dir))
      try bump(file, key: "result_version", to: "\(report)-result-newer.json")
      let newer = try CLIRunner.run("gate", ["\(report)-result-newer.json"] + rule, directory: dir)
      assertRefused(newer)
      XCTAssertTrue(newer.stderr.contains("result_version"), newer.stderr)
    }
  }

  func testBundleVersion() throws {
    let dir = try directory
    let unpacked = dir + "/bundle-newer"
    try FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
    let (untar, untarOutput) = try PackageModelTests.shell(
      "tar -xzf ../penguins.tar.gz", directory: unpacked)
    XCTAssertEqual(untar, 0, untarOutput)
    try bump(
      "bundle-newer/penguins-1.0.0/bundle.json", key: "sluice_bundle_version",
      to: "bundle-newer/penguins-1.0.0/bundle.json")
    let (tar, tarOutput) = try PackageModelTests.shell(
      "tar --format=ustar --sort=name --owner=0 --group=0 --numeric-owner -czf ../newer.tar.gz "
        + "penguins-1.0.0", directory: unpacked)
    XCTAssertEqual(tar, 0, tarOutput)
    let newer = try CLIRunner.run("predict", ["newer.tar.gz", "test.csv"], directory: dir)
    assertRefused(newer)
    XCTAssertTrue(newer.stderr.contains("bundle.json: sluice_bundle_version"), newer.stderr)
    let inspect = try CLIRunner.run("package-model", ["inspect", "newer.tar.gz"], directory: dir)
    assertRefused(inspect)
    // verify reports it as a finding (exit 1), as every defect of a bundle.
    let verify = try CLIRunner.run("package-model", ["verify", "newer.tar.gz"], directory: dir)
    XCTAssertEqual(verify.status, 1, verify.stderr)
    XCTAssertTrue(verify.stderr.contains("format version \(Self.future) is newer"), verify.stderr)
    let current = try CLIRunner.run("predict", ["penguins.tar.gz", "test.csv"], directory: dir)
    XCTAssertEqual(current.status, 0, current.stderr)
  }

  /// The bundle's members that carry a version of their own: a newer signature is refused by
  /// `predict BUNDLE`; `verify` reports a newer signature, lineage, metrics or profile as a
  /// `formats` finding. Each archive is re-packed with its checksums updated, so the version
  /// is the only defect.
  func testBundleMemberVersions() throws {
    let dir = try directory
    let members = [
      ("signature.json", "signature_version"), ("lineage.json", "lineage_version"),
      ("metrics.json", "sluice_metrics_version"), ("profile.json", "sluice_profile_version"),
    ]
    for (member, key) in members {
      let name = "member-\(key)"
      let script = """
        set -e; rm -rf \(name); mkdir \(name); cd \(name); tar -xzf ../penguins.tar.gz
        cd penguins-1.0.0; old=$(sha256sum \(member) | cut -c1-64)
        sed -i 's/"\(key)": [0-9]*/"\(key)": \(Self.future)/' \(member)
        grep -q '"\(key)": \(Self.future)' \(member)
        new=$(sha256sum \(member) | cut -c1-64); old_manifest=$(sha256sum bundle.json | cut -c1-64)
        sed -i "s/$old/$new/" bundle.json SHA256SUMS
        sed -i "s/$old_manifest/$(sha256sum bundle.json | cut -c1-64)/" SHA256SUMS
        cd ..; tar --format=ustar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 \\
          --mode=u=rwX,go=rX -czf ../\(name).tar.gz penguins-1.0.0
        """
      let (status, output) = try PackageModelTests.shell(script, directory: dir)
      XCTAssertEqual(status, 0, output)
      let verify = try CLIRunner.run(
        "package-model", ["verify", "\(name).tar.gz", "--json", "\(name).json"], directory: dir)
      XCTAssertEqual(verify.status, 1, verify.stderr)
      let report = try String(contentsOfFile: dir + "/\(name).json", encoding: .utf8)
      XCTAssertTrue(report.contains("\"formats\": \"fail\""), report)
      XCTAssertTrue(report.contains("format version \(Self.future) is newer than Sluice"), report)
      XCTAssertTrue(report.contains("\"checksums\": \"pass\""), report)
      XCTAssertTrue(report.contains("\"manifest\": \"pass\""), report)
      if member == "signature.json" {
        let predict = try CLIRunner.run("predict", ["\(name).tar.gz", "test.csv"], directory: dir)
        assertRefused(predict)
      }
    }
  }
}

/// Runs the penguins pipeline once per test process (infer, check, profile, drift, split,
/// train, evaluate, gate, package-model, verify) and keeps its outputs for the format tests.
enum FormatPipeline {
  static let data = ReadmeExamplesTests.repositoryRoot
    .appendingPathComponent("examples/penguins/penguins.csv").path
  static let baseline = ReadmeExamplesTests.repositoryRoot
    .appendingPathComponent("examples/penguins/baseline").path
  private static let lock = NSLock()
  nonisolated(unsafe) private static var directory: String?

  /// The directory holding the outputs; the steps run on the first call.
  static func shared() throws -> String {
    lock.lock()
    defer { lock.unlock() }
    if let directory { return directory }
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("sluice-formats-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    let steps: [(String, [String], Int32)] = [
      ("validate-data", ["infer", data, "-o", "schema.json"], 0),
      ("validate-data", ["check", data, "--schema", "schema.json", "--json", "check.json"], 0),
      ("validate-data", ["profile", data, "-o", "profile.json"], 0),
      ("validate-data", ["drift", data, "--reference", "profile.json", "--json", "drift.json"], 0),
      (
        "split-data",
        [
          data, "--test-fraction", "0.2", "--seed", "7", "--stratify", "species", "--train-out",
          "train.csv", "--test-out", "test.csv",
        ], 0
      ),
      ("train", ["train.csv", "--target", "species", "-o", "model.json", "--quiet"], 0),
      (
        "evaluate",
        [
          "model.json", "test.csv", "--predictions-out", "predictions.csv", "-o", "metrics.json",
          "--bootstrap", "20", "--slice", "island", "--min-slice-size", "5",
        ], 0
      ),
      (
        "gate",
        [
          "metrics.json", "--baseline", baseline + "/metrics.json", "--rules",
          ReadmeExamplesTests.repositoryRoot.path + "/examples/penguins/gate.rules",
          "--predictions",
          "predictions.csv", "--baseline-predictions", baseline + "/predictions.csv", "--json",
          "gate.json",
        ], 0
      ),
      (
        "package-model",
        [
          "model.json", "--name", "penguins", "--model-version", "1.0.0", "--metrics",
          "metrics.json", "--schema", "schema.json", "--profile", "profile.json", "--data",
          "train.csv", "-o", "penguins.tar.gz",
        ], 0
      ),
      ("package-model", ["verify", "penguins.tar.gz", "--json", "verify.json"], 0),
    ]
    for (tool, args, status) in steps {
      let result = try CLIRunner.run(
        tool, args, directory: url.path, environment: ["SOURCE_DATE_EPOCH": "0"])
      guard result.status == status else {
        throw CoreFailure("\(tool) \(args.joined(separator: " ")): \(result.stderr)")
      }
    }
    directory = url.path
    XCTestObservationCenter.shared.addTestObserver(Cleanup(url: url))
    return url.path
  }

  /// Removes the pipeline's directory when the test bundle finishes.
  final class Cleanup: NSObject, XCTestObservation {
    let url: URL
    init(url: URL) { self.url = url }
    func testBundleDidFinish(_ testBundle: Bundle) {
      try? FileManager.default.removeItem(at: url)
    }
  }

  /// A failed pipeline step.
  struct CoreFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}
