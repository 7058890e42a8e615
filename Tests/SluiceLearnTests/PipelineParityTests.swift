import Foundation
import SluiceCore
import SluiceTable
import XCTest

@testable import SluiceLearn

/// The whole of `train` (inferred roles, pipeline, logistic regression) against the equivalent
/// scikit-learn Pipeline: held-out probabilities agree to 1e-3 (the bound; in practice
/// far closer). Fixture: ci/fixtures/generate_pipeline_fixtures.py.
final class PipelineParityTests: XCTestCase {
  func testHeldOutProbabilitiesMatchScikitLearnPipeline() throws {
    let fixture = try XCTUnwrap(
      JSONSerialization.jsonObject(
        with: Data(contentsOf: LearnFixtureLocator.url("pipeline/penguins_species.json")))
        as? [String: Any])
    let expected = try XCTUnwrap(fixture["probabilities"] as? [[Double]])
    let classes = try XCTUnwrap(fixture["classes"] as? [String])
    let penguins = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("examples/penguins/penguins.csv")
    let lines = try String(contentsOf: penguins, encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    let body = Array(lines.dropFirst())
    let train = body.indices.filter { $0 % 5 != 0 }.map { body[$0] }
    let test = body.indices.filter { $0 % 5 == 0 }.map { body[$0] }
    let directory = NSTemporaryDirectory() + "sluice-parity-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try (([lines[0]] + train).joined(separator: "\n") + "\n").write(
      toFile: directory + "/train.csv", atomically: true, encoding: .utf8)
    try (([lines[0]] + test).joined(separator: "\n") + "\n").write(
      toFile: directory + "/test.csv", atomically: true, encoding: .utf8)

    var settings = TrainSettings(target: "species")
    settings.tolerance = 1e-10
    let trainFrame = try Frame.read(TableReader(path: directory + "/train.csv"))
    let outcome = try Trainer.train(
      frame: trainFrame, file: "train.csv", dataHash: "", schema: nil, settings: settings)
    XCTAssertEqual(outcome.model.classes, classes)
    let testFrame = try Frame.read(TableReader(path: directory + "/test.csv"))
    let scores = outcome.model.scores(
      try outcome.model.pipeline.transform(testFrame, file: "test.csv"))
    XCTAssertEqual(scores.count, expected.count)
    var worst = 0.0
    var compared = 0
    for (mine, theirs) in zip(scores, expected) {
      XCTAssertEqual(mine.count, classes.count)
      for (a, b) in zip(mine, theirs) {
        worst = max(worst, abs(a - b))
        compared += 1
      }
    }
    // Every held-out row's every class probability was compared: none skipped.
    XCTAssertEqual((fixture["held_out_rows"] as? [Any])?.count, 69)
    XCTAssertEqual(expected.count, 69)
    XCTAssertEqual(compared, 69 * 3)
    XCTAssertLessThanOrEqual(worst, 1e-3, "largest probability difference")
  }
}
