import Foundation
import XCTest

@testable import SluiceBundle

/// The acceptance test: every exported model, run in onnxruntime on the example rows,
/// matches the native predictions to 1e-5, and the MLflow directory loaded with
/// `mlflow.pyfunc.load_model` gives the same predictions (ci/fixtures/check_onnx.py); the
/// Triton config parses against Triton's model_config.proto (ci/fixtures/check_triton.py).
final class ONNXRuntimeTests: XCTestCase {
  /// Also serves the MLflow directory with `mlflow models serve --env-manager local`.
  func testBinaryModelMatchesNativePredictions() throws { try check("binary", serve: true) }
  func testMulticlassModelMatchesNativePredictions() throws { try check("multiclass") }
  func testRegressionModelMatchesNativePredictions() throws { try check("regression") }
  /// Column names and labels with quotes, apostrophes, a backslash, a comma and non-ASCII.
  func testAwkwardNamesSurviveEveryFormat() throws { try check("names") }

  /// The checker can fail: a model whose first intercept moved by 0.01 is caught, in onnxruntime
  /// and in MLflow, and a config whose input type differs from the graph's is caught.
  func testCheckersCatchAWrongModel() throws {
    _ = try PythonOracle.python()
    let directory = try ONNXCases.layout("multiclass") { model in
      model.intercepts[0] += 0.01
    }
    defer { try? FileManager.default.removeItem(at: directory) }
    let (status, output) = try PythonOracle.run("ci/fixtures/check_onnx.py", [directory.path])
    XCTAssertEqual(status, 1, output)
    XCTAssertTrue(output.contains("FAIL  onnxruntime"), output)
    XCTAssertTrue(output.contains("FAIL  mlflow"), output)
    XCTAssertTrue(output.contains("ok    onnx.checker"), output)

    let config = directory.appendingPathComponent("triton/multiclass/config.pbtxt")
    let text = try String(contentsOf: config, encoding: .utf8)
    guard let range = text.range(of: "TYPE_FP32") else {
      return XCTFail("no TYPE_FP32 in\n\(text)")
    }
    try text.replacingCharacters(in: range, with: "TYPE_FP64").write(
      to: config, atomically: true, encoding: .utf8)
    let (tritonStatus, tritonOutput) = try PythonOracle.run(
      "ci/fixtures/check_triton.py", [directory.appendingPathComponent("triton").path])
    XCTAssertEqual(tritonStatus, 1, tritonOutput)
    XCTAssertTrue(tritonOutput.contains("do not match the graph"), tritonOutput)

    try (text + "unknown_field: 1\n").write(to: config, atomically: true, encoding: .utf8)
    let (parseStatus, parseOutput) = try PythonOracle.run(
      "ci/fixtures/check_triton.py", [directory.appendingPathComponent("triton").path])
    XCTAssertEqual(parseStatus, 1, parseOutput)
    XCTAssertTrue(parseOutput.contains("ParseError"), parseOutput)
  }

  private func check(_ name: String, serve: Bool = false) throws {
    _ = try PythonOracle.python()
    let directory = try ONNXCases.layout(name)
    defer {
      // SLUICE_KEEP_ONNX=1 keeps the layout for a look (the path is printed).
      if ProcessInfo.processInfo.environment["SLUICE_KEEP_ONNX"] == nil {
        try? FileManager.default.removeItem(at: directory)
      } else {
        print("kept \(directory.path)")
      }
    }
    let (status, output) = try PythonOracle.run(
      "ci/fixtures/check_onnx.py", [directory.path] + (serve ? ["--serve"] : []))
    XCTAssertEqual(status, 0, "check_onnx.py failed:\n\(output)")
    // The comparison ran on every scoring row of the case, not on an empty table.
    let rows = try ONNXCases.scoring(name).rows
    XCTAssertEqual(rows, 20)
    XCTAssertTrue(
      output.contains("matches the native predictions (\(rows) rows)"), "rows compared: \(output)")
    print(output)
    let (tritonStatus, tritonOutput) = try PythonOracle.run(
      "ci/fixtures/check_triton.py", [directory.appendingPathComponent("triton").path])
    XCTAssertEqual(tritonStatus, 0, "check_triton.py failed:\n\(tritonOutput)")
    print(tritonOutput)
  }
}
