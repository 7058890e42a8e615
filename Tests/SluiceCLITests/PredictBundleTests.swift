import Foundation
import XCTest

/// `predict BUNDLE DATA`: the same predictions as the model, and refusal of data that breaks
/// the bundle's signature, naming each violation.
final class PredictBundleTests: XCTestCase {
  func makeBundle() throws -> String {
    let directory = try makeTempDir(self)
    try PackageModelTests.writeInputs(directory)
    let result = try CLIRunner.run(
      "package-model",
      [
        "m.json", "--name", "demo", "--model-version", "1", "--data", "d.csv", "-o",
        "demo-1.tar.gz",
      ],
      directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    return directory
  }

  func testBundlePredictsLikeItsModel() throws {
    let directory = try makeBundle()
    try "id,x,c,y\nr1,0,a,no\nr2,1,never-seen,yes\nr3,NA,NA,no\n".write(
      toFile: directory + "/new.csv", atomically: true, encoding: .utf8)
    let fromModel = try CLIRunner.run(
      "predict", ["m.json", "new.csv", "--id", "id"], directory: directory)
    let fromBundle = try CLIRunner.run(
      "predict", ["demo-1.tar.gz", "new.csv", "--id", "id"], directory: directory)
    XCTAssertEqual(fromBundle.status, 0, fromBundle.stderr)
    XCTAssertEqual(fromBundle.stdout, fromModel.stdout)
    XCTAssertTrue(fromBundle.stdout.contains("r2,yes,"), fromBundle.stdout)
  }

  func testSignatureViolationsAreNamed() throws {
    let directory = try makeBundle()
    try "c,y\na,no\n".write(toFile: directory + "/nox.csv", atomically: true, encoding: .utf8)
    let missing = try CLIRunner.run("predict", ["demo-1.tar.gz", "nox.csv"], directory: directory)
    XCTAssertEqual(missing.status, 65)
    XCTAssertEqual(
      missing.stderr,
      "predict: error: nox.csv violates the signature of demo-1.tar.gz (1 violation):\n  column 'x': missing column (double)\n"
    )
    try "x,y\nabc,no\n1,yes\nhello,no\n".write(
      toFile: directory + "/text.csv", atomically: true, encoding: .utf8)
    let wrong = try CLIRunner.run("predict", ["demo-1.tar.gz", "text.csv"], directory: directory)
    XCTAssertEqual(wrong.status, 65)
    XCTAssertEqual(
      wrong.stderr,
      "predict: error: text.csv violates the signature of demo-1.tar.gz (2 violations):\n  column 'x': 2 values are not finite numbers (first 'abc' on line 2)\n  column 'c': missing column (string)\n"
    )
    XCTAssertEqual(wrong.stdout, "")
  }

  func testTamperedModelInBundleIsRefused() throws {
    let directory = try makeBundle()
    let (status, output) = try PackageModelTests.shell(
      "mkdir t && cd t && tar -xzf ../demo-1.tar.gz && sed -i 's/2.0/3.0/' demo-1/model/model.json && tar -czf ../t.tar.gz demo-1",
      directory: directory)
    XCTAssertEqual(status, 0, output)
    try "x,c\n1,a\n".write(toFile: directory + "/one.csv", atomically: true, encoding: .utf8)
    let result = try CLIRunner.run("predict", ["t.tar.gz", "one.csv"], directory: directory)
    XCTAssertEqual(result.status, 65, result.stderr)
    XCTAssertTrue(
      result.stderr.contains("model/model.json does not match its sha256"), result.stderr)
  }
}
