import Foundation
import XCTest

/// Issue 14, one predictions writer: `predict` and `evaluate --predictions-out` write the same
/// bytes, and a predictions file read and written again keeps every digit.
final class OneImplementationPredictionsTests: XCTestCase {
  func write(_ text: String, _ name: String, in directory: String) throws {
    try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
  }

  func bytes(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path))
  }

  /// `id,x,z,g,y` rows with a noisy label (`labels` cycled by a deterministic rule).
  func table(rows: Int, labels: [String]) -> String {
    var text = "id,x,z,g,y\n"
    for i in 0..<rows {
      let x = Double(i % 37) / 7 - 2.5
      let z = Double((i * 13) % 29) / 5 - 3
      let pick = (i * 7 + (x + z > 0 ? 1 : 0) * 3 + i / 11) % labels.count
      text += "r\(i),\(x),\(z),\(["a", "b"][i % 2]),\(labels[pick])\n"
    }
    return text
  }

  func checkSameBytes(labels: [String], task: String) throws {
    let directory = try makeTempDir(self)
    try write(table(rows: 300, labels: labels), "d.csv", in: directory)
    let trained = try CLIRunner.run(
      "train", ["d.csv", "--target", "y", "--task", task, "--ignore", "id", "-o", "m.json"],
      directory: directory)
    XCTAssertEqual(trained.status, 0, trained.stderr)
    let predicted = try CLIRunner.run(
      "predict", ["m.json", "d.csv", "--id", "id", "--keep", "g", "-o", "p.csv"],
      directory: directory)
    XCTAssertEqual(predicted.status, 0, predicted.stderr)
    let predictions = try bytes(directory + "/p.csv")
    XCTAssertEqual(
      String(decoding: predictions.prefix(while: { $0 != 10 }), as: UTF8.self),
      "id,prediction," + labels.sorted().map { "proba_\($0)" }.joined(separator: ",")
        + ",y,g,sluice_task")
    // evaluate with the model and data writes what predict wrote.
    let evaluated = try CLIRunner.run(
      "evaluate",
      [
        "m.json", "d.csv", "--id", "id", "--slice", "g", "--predictions-out", "e.csv", "-o",
        "metrics.json",
      ], directory: directory)
    XCTAssertEqual(evaluated.status, 0, evaluated.stderr)
    XCTAssertEqual(try bytes(directory + "/e.csv"), predictions)
    // And evaluate reading predict's file writes it again unchanged: every probability as
    // written (the binary negative class was once rewritten as 1 - p, losing digits).
    let again = try CLIRunner.run(
      "evaluate",
      [
        "--predictions", "p.csv", "--target", "y", "--id", "id", "--slice", "g",
        "--predictions-out", "r.csv", "-o", "metrics2.json",
      ], directory: directory)
    XCTAssertEqual(again.status, 0, again.stderr)
    XCTAssertEqual(
      String(decoding: try bytes(directory + "/r.csv"), as: UTF8.self),
      String(decoding: predictions, as: UTF8.self))
  }

  func testBinaryPredictAndEvaluateWriteTheSameBytes() throws {
    try checkSameBytes(labels: ["no", "yes"], task: "binary")
  }

  func testMulticlassPredictAndEvaluateWriteTheSameBytes() throws {
    try checkSameBytes(labels: ["ant", "bee", "cat"], task: "multiclass")
  }

  func testBinaryNegativeClassProbabilityKeepsFullPrecision() throws {
    let directory = try makeTempDir(self)
    try write(
      """
      row,prediction,proba_no,proba_yes,y,sluice_task
      1,yes,1e-30,1.0,yes,binary
      2,yes,0.3,0.7,no,binary
      3,no,0.9999999999999999,1.1102230246251565e-16,no,binary

      """, "p.csv", in: directory)
    let result = try CLIRunner.run(
      "evaluate",
      ["--predictions", "p.csv", "--target", "y", "--predictions-out", "-", "-o", "m.json"],
      directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    // 1 - 1.0 = 0 and 1 - 0.7 = 0.30000000000000004 were written before.
    XCTAssertEqual(
      result.stdout,
      """
      row,prediction,proba_no,proba_yes,y,sluice_task
      1,yes,1e-30,1.0,yes,binary
      2,yes,0.3,0.7,no,binary
      3,no,0.9999999999999999,1.1102230246251565e-16,no,binary

      """)
  }
}
