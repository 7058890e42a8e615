import Foundation
import XCTest

/// Issue 12, "train and models": a model.json edited into something no trainer writes (sparse
/// rows of the wrong size, one class, more coefficient rows than classes, a task that
/// contradicts the classes, duplicate categories) is refused by predict, evaluate and
/// package-model with exit 65 naming the field, never scored or packed.
final class RightByDefaultHostileModelTests: XCTestCase {
  static let penguins = ValidateDataTests.penguins

  /// A trained model.json of `task`, as a mutable JSON object.
  func trainedModel(_ task: String, in directory: String) throws -> [String: Any] {
    let target = ["binary": "sex", "multiclass": "species", "regression": "flipper_length_mm"][task]
    let result = try CLIRunner.run(
      "train",
      [Self.penguins, "--target", target ?? "", "--task", task, "-o", "\(task).json"],
      directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    return try jsonObject(atPath: directory + "/\(task).json")
  }

  /// Writes `model` changed by `change`, then checks predict, evaluate and package-model
  /// refuse it with exit 65 naming `field`.
  func assertRefused(
    _ model: [String: Any], field: String, in directory: String,
    file: StaticString = #filePath, line: UInt = #line,
    _ change: (inout [String: Any]) -> Void
  ) throws {
    var mutated = model
    change(&mutated)
    let data = try JSONSerialization.data(withJSONObject: mutated)
    try data.write(to: URL(fileURLWithPath: directory + "/bad.json"))
    let runs: [(String, [String])] = [
      ("predict", ["bad.json", Self.penguins]),
      ("evaluate", ["bad.json", Self.penguins]),
      ("package-model", ["bad.json", "--name", "m", "--model-version", "1.0.0", "-o", "b.tar.gz"]),
    ]
    for (tool, arguments) in runs {
      let result = try CLIRunner.run(tool, arguments, directory: directory)
      XCTAssertEqual(
        result.status, 65, "\(tool) \(field): \(result.stderr)", file: file, line: line)
      XCTAssertTrue(
        result.stderr.contains(field), "\(tool) \(field): \(result.stderr)", file: file, line: line)
    }
  }

  func setModel(_ object: inout [String: Any], _ key: String, _ value: Any) {
    var model = object["model"] as? [String: Any] ?? [:]
    model[key] = value
    object["model"] = model
  }

  func testSparseRowSizesAreCheckedBeforeUse() throws {
    // Negative and huge sizes crashed (SIGILL) when the row was allocated.
    let directory = try makeTempDir(self)
    let binary = try trainedModel("binary", in: directory)
    let width = ((binary["model"] as? [String: Any])?["features"] as? [Any])?.count ?? 0
    for size in [-1, 1 << 60] {
      try assertRefused(binary, field: "model.coefficients[0]", in: directory) {
        self.setModel(&$0, "coefficients", [["size": size, "indices": [], "values": []]])
      }
    }
    try assertRefused(binary, field: "model.coefficients[0]", in: directory) {
      self.setModel(&$0, "coefficients", [["size": width, "indices": [width], "values": [1]]])
    }
  }

  func testBinaryModelWithOneClassIsRefused() throws {
    let directory = try makeTempDir(self)
    let binary = try trainedModel("binary", in: directory)
    try assertRefused(binary, field: "'classes'", in: directory) { $0["classes"] = ["female"] }
  }

  func testMoreCoefficientRowsThanClassesAreRefused() throws {
    let directory = try makeTempDir(self)
    let multiclass = try trainedModel("multiclass", in: directory)
    try assertRefused(multiclass, field: "'model.coefficients'", in: directory) {
      var model = $0["model"] as? [String: Any] ?? [:]
      var rows = model["coefficients"] as? [Any] ?? []
      rows.append(rows[0])
      model["coefficients"] = rows
      model["intercepts"] = (model["intercepts"] as? [Any] ?? []) + [0.5]
      $0["model"] = model
    }
  }

  func testTaskContradictingTheClassesIsRefused() throws {
    let directory = try makeTempDir(self)
    let regression = try trainedModel("regression", in: directory)
    try assertRefused(regression, field: "'task'", in: directory) { $0["classes"] = ["a", "b"] }
    let multiclass = try trainedModel("multiclass", in: directory)
    try assertRefused(multiclass, field: "'task'", in: directory) { $0["task"] = "binary" }
  }

  func testDuplicateCategoriesAreRefused() throws {
    // The category lookup trapped on a duplicate key.
    let directory = try makeTempDir(self)
    let binary = try trainedModel("binary", in: directory)
    try assertRefused(binary, field: "'categories'", in: directory) {
      var pipeline = $0["pipeline"] as? [[String: Any]] ?? []
      for index in pipeline.indices where pipeline[index]["kind"] as? String == "categorical" {
        let categories = pipeline[index]["categories"] as? [Any] ?? []
        pipeline[index]["categories"] = categories + categories.prefix(1)
      }
      $0["pipeline"] = pipeline
    }
  }
}
