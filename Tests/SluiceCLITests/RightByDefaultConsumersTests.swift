import Foundation
import XCTest

/// Issue 13: the reports the tools write are right in their consumers. Every JUnit file
/// validates against the JUnit XSD Jenkins publishes (junit-10.xsd, the schema GitLab's
/// parser follows too), and a gate rule that could not be evaluated is a JUnit `<error>`.
final class RightByDefaultConsumersTests: XCTestCase {
  // MARK: JUnit

  /// The JUnit XSD: `SLUICE_JUNIT_XSD`, else the committed copy (ci/fixtures/junit/).
  static var junitSchema: String? {
    if let path = ProcessInfo.processInfo.environment["SLUICE_JUNIT_XSD"], !path.isEmpty {
      return path
    }
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("ci/fixtures/junit/junit-10.xsd").path
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  static var xmllint: String? {
    ["/usr/bin/xmllint", "/usr/local/bin/xmllint", "/opt/homebrew/bin/xmllint"]
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Checks what needs no schema (no `skipped` on `<testsuites>`), then validates `path`
  /// with `xmllint --schema` when the XSD and xmllint are there.
  func assertValidJUnit(_ path: String, file: StaticString = #filePath, line: UInt = #line)
    throws -> String
  {
    let xml = try String(contentsOfFile: path, encoding: .utf8)
    let root = xml.split(separator: "\n").first { $0.hasPrefix("<testsuites") } ?? ""
    XCTAssertFalse(root.contains(" skipped="), String(root), file: file, line: line)
    guard let schema = Self.junitSchema, let xmllint = Self.xmllint else {
      // In CI every oracle is required: the XSD is committed, setup installs xmllint.
      if ProcessInfo.processInfo.environment["CI"] == "true" {
        XCTFail(
          "the JUnit XSD or xmllint is missing: run ci/setup-test-tools", file: file, line: line)
      }
      return xml
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: xmllint)
    process.arguments = ["--noout", "--schema", schema, path]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, message + "\n" + xml, file: file, line: line)
    return xml
  }

  func testValidateDataCheckJUnitValidatesPassingAndFailing() throws {
    let directory = try makeTempDir(self)
    let penguins = ValidateDataTests.penguins
    let infer = try CLIRunner.run(
      "validate-data", ["infer", penguins, "-o", "schema.json"], directory: directory)
    XCTAssertEqual(infer.status, 0, infer.stderr)
    let pass = try CLIRunner.run(
      "validate-data", ["check", penguins, "--schema", "schema.json", "--junit", "pass.xml"],
      directory: directory)
    XCTAssertEqual(pass.status, 0, pass.stderr)
    _ = try assertValidJUnit(directory + "/pass.xml")
    let data =
      "species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n"
      + "Adelie,Mars,39.1,18.7,181,3750,male,2007\n"
      + "Adelie,Dream,x,18.7,181,99999,male,2007\n"
    let fail = try CLIRunner.run(
      "validate-data", ["check", "-", "--schema", "schema.json", "--junit", "fail.xml"],
      stdin: Data(data.utf8), directory: directory)
    XCTAssertEqual(fail.status, 1, fail.stderr)
    let xml = try assertValidJUnit(directory + "/fail.xml")
    XCTAssertTrue(xml.contains("<failure "), xml)
  }

  func testValidateDataDriftJUnitValidates() throws {
    let directory = try makeTempDir(self)
    var same = "x,c\n"
    var shifted = "x,c\n"
    for index in 0..<200 {
      same += "\(index % 10),\(index % 2 == 0 ? "a" : "b")\n"
      shifted += "\(index % 10 + 50),\(index % 2 == 0 ? "a" : "b")\n"
    }
    try same.write(toFile: directory + "/a.csv", atomically: true, encoding: .utf8)
    try shifted.write(toFile: directory + "/b.csv", atomically: true, encoding: .utf8)
    let stable = try CLIRunner.run(
      "validate-data", ["drift", "a.csv", "--reference", "a.csv", "--junit", "same.xml"],
      directory: directory)
    XCTAssertEqual(stable.status, 0, stable.stderr)
    _ = try assertValidJUnit(directory + "/same.xml")
    let drifted = try CLIRunner.run(
      "validate-data", ["drift", "b.csv", "--reference", "a.csv", "--junit", "drift.xml"],
      directory: directory)
    XCTAssertEqual(drifted.status, 1, drifted.stderr)
    let xml = try assertValidJUnit(directory + "/drift.xml")
    XCTAssertTrue(xml.contains("<failure "), xml)
  }

  func testGateRuleErrorIsAJUnitErrorAndAFailedRuleAFailure() throws {
    let directory = try makeTempDir(self)
    try #"{"accuracy": 0.80, "roc_auc": 0.80}"#
      .write(toFile: directory + "/c.json", atomically: true, encoding: .utf8)
    try #"{"accuracy": 0.81, "roc_auc": 0.90}"#
      .write(toFile: directory + "/b.json", atomically: true, encoding: .utf8)
    let rules =
      "accuracy >= baseline - 0.05\nroc_auc >= baseline - 0.02\nf1 >= 0.5\n"
      + "calibration.ece <= 0.05 optional\n"
    try rules.write(toFile: directory + "/gate.rules", atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      "gate", ["c.json", "--baseline", "b.json", "--rules", "gate.rules", "--junit", "g.xml"],
      directory: directory)
    XCTAssertEqual(result.status, 1, result.stderr)
    XCTAssertTrue(
      result.stderr.contains("4 checks: 1 failed, 1 error, 1 skipped, 1 passed."), result.stderr)
    let xml = try assertValidJUnit(directory + "/g.xml")
    XCTAssertTrue(xml.contains("tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\""), xml)
    XCTAssertTrue(
      xml.contains(
        "<testcase classname=\"f1\" name=\"f1 &gt;= 0.5\">\n      <error message=\"error: "), xml)
    XCTAssertTrue(
      xml.contains(
        "<testcase classname=\"roc_auc\" name=\"roc_auc &gt;= baseline - 0.02\">\n      <failure "),
      xml)
    let pass = try CLIRunner.run(
      "gate",
      [
        "c.json", "--baseline", "b.json", "--rule", "accuracy >= baseline - 0.05", "--junit",
        "p.xml",
      ],
      directory: directory)
    XCTAssertEqual(pass.status, 0, pass.stderr)
    _ = try assertValidJUnit(directory + "/p.xml")
    let first = try CLIRunner.run(
      "gate", ["c.json", "--first-run", "--rules", "gate.rules", "--junit", "first.xml"],
      directory: directory)
    XCTAssertEqual(first.status, 1, first.stderr)
    _ = try assertValidJUnit(directory + "/first.xml")
  }

  func testPackageModelVerifyJUnitValidates() throws {
    let directory = try makeModelFixture(self)
    let build = try CLIRunner.run(
      "package-model", ["m.json", "--name", "x", "--model-version", "1.0.0", "-o", "b.tar.gz"],
      directory: directory)
    XCTAssertEqual(build.status, 0, build.stderr)
    let valid = try CLIRunner.run(
      "package-model", ["verify", "b.tar.gz", "--junit", "ok.xml"], directory: directory)
    XCTAssertEqual(valid.status, 0, valid.stderr)
    _ = try assertValidJUnit(directory + "/ok.xml")
    let capped = try CLIRunner.run(
      "package-model", ["verify", "b.tar.gz", "--max-bytes", "100", "--junit", "bad.xml"],
      directory: directory)
    XCTAssertEqual(capped.status, 1, capped.stderr)
    let xml = try assertValidJUnit(directory + "/bad.xml")
    XCTAssertTrue(xml.contains("<failure "), xml)
  }

  // MARK: DVC

  /// A multiclass model on the penguins, trained in `directory` as model.json.
  func trainPenguins(in directory: String) throws {
    let train = try CLIRunner.run(
      "train", [ValidateDataTests.penguins, "--target", "species", "-o", "model.json"],
      directory: directory)
    XCTAssertEqual(train.status, 0, train.stderr)
  }

  func testDVCMetricsAreNumbersWithIntervalBoundsAndROCIsOneFilePerClass() throws {
    let directory = try makeTempDir(self)
    try trainPenguins(in: directory)
    let result = try CLIRunner.run(
      "evaluate",
      [
        "model.json", ValidateDataTests.penguins, "--bootstrap", "50", "--slice", "island",
        "--plots", "plots", "--dvc-metrics", "dvc.json", "-o", "metrics.json",
      ], directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/dvc.json"))
    let dvc = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    XCTAssertNil(dvc["meta"])
    XCTAssertNil(dvc["ci"])
    XCTAssertNil(dvc["confusion_matrix"])
    let metricsData = try Data(contentsOf: URL(fileURLWithPath: directory + "/metrics.json"))
    let metrics = try XCTUnwrap(
      JSONSerialization.jsonObject(with: metricsData) as? [String: Any])
    let ci = try XCTUnwrap(metrics["ci"] as? [String: [Double]], "metrics.json keeps ci")
    XCTAssertEqual(dvc["accuracy"] as? Double, metrics["accuracy"] as? Double)
    XCTAssertEqual(dvc["accuracy_ci_low"] as? Double, ci["accuracy"]?.first)
    XCTAssertEqual(dvc["accuracy_ci_high"] as? Double, ci["accuracy"]?.last)
    func leaves(_ value: Any, _ path: String) -> [(String, Any)] {
      guard let object = value as? [String: Any] else { return [(path, value)] }
      return object.flatMap { leaves($0.value, path + "." + $0.key) }
    }
    let all = leaves(dvc, "")
    XCTAssertTrue(all.allSatisfy { $0.1 is NSNumber }, "\(all)")
    let text = String(decoding: data, as: UTF8.self)
    for token in [": \"", "true", "false", "null", "["] {
      XCTAssertFalse(text.contains(token), "\(token) in \(text)")
    }
    XCTAssertTrue(all.contains { $0.0 == ".slices.island.Biscoe.accuracy_ci_low" }, "\(all)")
    let perClass = try FileManager.default.contentsOfDirectory(atPath: directory + "/plots/roc")
    XCTAssertEqual(perClass.sorted(), ["Adelie.csv", "Chinstrap.csv", "Gentoo.csv"])
    let gentoo = try String(contentsOfFile: directory + "/plots/roc/Gentoo.csv", encoding: .utf8)
    XCTAssertTrue(gentoo.hasPrefix("fpr,tpr,threshold\n"), gentoo)
    // gate still reads metrics.json's intervals.
    let gate = try CLIRunner.run(
      "gate", ["metrics.json", "--baseline", "metrics.json", "--rule", "accuracy >= baseline"],
      directory: directory)
    XCTAssertEqual(gate.status, 0, gate.stderr)
  }

  /// DVC from `SLUICE_DVC`, else the .venv-dvc that `ci/setup-test-tools` links.
  static var dvc: String? {
    if let path = ProcessInfo.processInfo.environment["SLUICE_DVC"], !path.isEmpty {
      return path
    }
    let path = ReadmeExamplesTests.repositoryRoot.appendingPathComponent(".venv-dvc/bin/dvc").path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }

  /// Runs a command with the built tools first on PATH; returns status and output.
  func shell(_ arguments: [String], in directory: String) throws -> (Int32, String) {
    try TemplatesGitHubTests.shell(
      arguments, in: directory, environment: ["DVC_NO_ANALYTICS": "1"])
  }

  func testDVCTemplateReproducesAndShowsNumbersAndOneROCPerClass() throws {
    guard let dvc = Self.dvc else {
      throw XCTSkip("DVC is not installed: run ci/setup-test-tools (.venv-dvc)")
    }
    let directory = try makeTempDir(self)
    let root = ReadmeExamplesTests.repositoryRoot
    let template = try String(
      contentsOf: root.appendingPathComponent("templates/dvc/dvc.yaml"), encoding: .utf8)
    try template.replacingOccurrences(of: "target: label", with: "target: species")
      .write(toFile: directory + "/dvc.yaml", atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(
      atPath: directory + "/data", withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: ValidateDataTests.penguins, toPath: directory + "/data/train.csv")
    try #"{"train": {}}"#.write(
      toFile: directory + "/params.json", atomically: true, encoding: .utf8)
    for command in [["git", "init", "-q"], [dvc, "init", "-q"]] {
      let (status, output) = try shell(command, in: directory)
      XCTAssertEqual(status, 0, output)
    }
    let (first, firstOutput) = try shell([dvc, "repro"], in: directory)
    XCTAssertEqual(first, 0, firstOutput)
    for stage in ["split", "train", "evaluate"] {
      XCTAssertTrue(firstOutput.contains("Running stage '\(stage)'"), firstOutput)
    }
    let (second, secondOutput) = try shell([dvc, "repro"], in: directory)
    XCTAssertEqual(second, 0, secondOutput)
    XCTAssertFalse(secondOutput.contains("Running stage"), secondOutput)

    let (shown, metricsText) = try shell([dvc, "metrics", "show", "--json"], in: directory)
    XCTAssertEqual(shown, 0, metricsText)
    let metrics = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(metricsText.utf8)) as? [String: Any])
    let workspace = try XCTUnwrap((metrics[""] as? [String: Any])?["data"] as? [String: Any])
    let file = try XCTUnwrap(
      (workspace["out/dvc-metrics.json"] as? [String: Any])?["data"] as? [String: Any],
      metricsText)
    XCTAssertFalse(metricsText.contains("\"meta\""), metricsText)
    XCTAssertTrue(file.values.allSatisfy { $0 is NSNumber }, metricsText)
    XCTAssertNotNil(file["accuracy_ci_low"], metricsText)
    XCTAssertNotNil(file["accuracy_ci_high"], metricsText)

    let (plotted, plotsText) = try shell([dvc, "plots", "show", "--json"], in: directory)
    XCTAssertEqual(plotted, 0, plotsText)
    let start = plotsText.firstIndex(of: "{") ?? plotsText.startIndex
    let plots = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(plotsText[start...].utf8)) as? [String: Any])
    XCTAssertNil(plots["errors"], plotsText.prefix(2000).description)
    let names = ((plots["data"] as? [String: Any]) ?? [:]).keys.filter {
      $0.hasPrefix("out/plots/roc/")
    }
    XCTAssertEqual(
      names.sorted(),
      ["out/plots/roc/Adelie.csv", "out/plots/roc/Chinstrap.csv", "out/plots/roc/Gentoo.csv"])
  }
}
