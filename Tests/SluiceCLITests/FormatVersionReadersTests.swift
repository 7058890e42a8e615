import Foundation
import XCTest

/// Issue 14: the readers `FormatVersionTests` does not run one by one, each refusing a newer
/// format version of the file it reads (the table of docs/formats.md, "Format versions").
extension FormatVersionTests {
  func testSchemaVersionEveryReader() throws {
    let dir = try directory
    try bump("schema.json", key: "sluice_schema_version", to: "schema-newer-readers.json")
    let data = FormatPipeline.data
    let runs: [(String, [String])] = [
      (
        "validate-data",
        ["drift", data, "--reference", "profile.json", "--schema", "schema-newer-readers.json"]
      ),
      ("validate-data", ["infer", data, "--update", "schema-newer-readers.json", "-o", "s2.json"]),
      (
        "train",
        [
          "train.csv", "--target", "species", "--schema", "schema-newer-readers.json", "-o",
          "m2.json",
        ]
      ),
      (
        "package-model",
        [
          "model.json", "--name", "p", "--model-version", "1", "--schema",
          "schema-newer-readers.json", "-o", "p-schema.tar.gz",
        ]
      ),
    ]
    var refused = 0
    for (tool, args) in runs {
      let result = try CLIRunner.run(
        tool, args, directory: dir, environment: ["SOURCE_DATE_EPOCH": "0"])
      assertRefused(result)
      XCTAssertTrue(result.stderr.contains("sluice_schema_version"), "\(tool): \(result.stderr)")
      refused += 1
    }
    XCTAssertEqual(refused, 4)
  }

  func testProfileAndModelVersionsInPackageModel() throws {
    let dir = try directory
    try bump("profile.json", key: "sluice_profile_version", to: "profile-newer-readers.json")
    try bump("model.json", key: "sluice_model_version", to: "model-newer-readers.json")
    let profile = try CLIRunner.run(
      "package-model",
      [
        "model.json", "--name", "p", "--model-version", "1", "--profile",
        "profile-newer-readers.json", "-o", "p-profile.tar.gz",
      ], directory: dir, environment: ["SOURCE_DATE_EPOCH": "0"])
    assertRefused(profile)
    XCTAssertTrue(profile.stderr.contains("sluice_profile_version"), profile.stderr)
    let model = try CLIRunner.run(
      "package-model",
      ["model-newer-readers.json", "--name", "p", "--model-version", "1", "-o", "p-model.tar.gz"],
      directory: dir, environment: ["SOURCE_DATE_EPOCH": "0"])
    assertRefused(model)
    XCTAssertTrue(model.stderr.contains("sluice_model_version"), model.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/p-model.tar.gz"))
  }
}
