import Foundation
import XCTest

/// Issue 13: the reports the tools write are right in their consumers. Every JUnit file
/// validates against the JUnit XSD Jenkins publishes (junit-10.xsd, the schema GitLab's
/// parser follows too), and a gate rule that could not be evaluated is a JUnit `<error>`.
final class RightByDefaultConsumersTests: XCTestCase {
  // MARK: JUnit

  /// The JUnit XSD: `SLUICE_JUNIT_XSD`, else where `ci/setup-test-tools` caches it.
  static var junitSchema: String? {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["SLUICE_JUNIT_XSD"], !path.isEmpty { return path }
    let cache =
      environment["SLUICE_CACHE"]
      ?? (environment["XDG_CACHE_HOME"] ?? (NSHomeDirectory() + "/.cache")) + "/sluice"
    let path = cache + "/junit-10.xsd"
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
    guard let schema = Self.junitSchema, let xmllint = Self.xmllint else { return xml }
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

  func testTheJUnitSchemaIsAvailableWhereTheSetupPutsIt() throws {
    guard Self.junitSchema != nil, Self.xmllint != nil else {
      throw XCTSkip("the JUnit XSD or xmllint is missing: run ci/setup-test-tools")
    }
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
    let directory = try makeTempDir(self)
    try RightByDefaultOutputsTests.model
      .write(toFile: directory + "/m.json", atomically: true, encoding: .utf8)
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
}
