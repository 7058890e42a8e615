import Foundation
import XCTest

/// Issue 17, shape c: a multinomial `train --model logistic` on many rows takes Newton steps
/// with a Hessian from a sample of the rows, a handful instead of L-BFGS's iterations, and
/// lands on the same optimum whatever the thread count.
final class RightByDefaultLogitMultinomialTests: XCTestCase {
  /// 66,000 rows (above the solver's 65,536-row floor) of five columns and five classes drawn
  /// from a softmax of a linear model (Gumbel noise from a fixed generator).
  func writeTable(to path: String) throws {
    let weights: [[Double]] = [
      [1.0, -0.5, 0.3, 0.0, 0.8], [-0.7, 0.9, 0.0, 0.4, -0.2], [0.2, 0.3, -1.1, 0.6, 0.1],
      [0.0, -0.4, 0.5, -0.9, 0.7], [0.5, 0.1, 0.2, 0.3, -1.0],
    ]
    var state: UInt64 = 12345
    var text = "x1,x2,x3,x4,x5,label\n"
    for i in 0..<66_000 {
      var x = [Double](repeating: 0, count: 5)
      for j in 0..<5 {
        let angle: Double = Double(i) * (0.37 + 0.11 * Double(j)) + Double(j)
        let value: Double = 2 * sin(angle)
        x[j] = (value * 1000).rounded() / 1000
      }
      var best = (score: -Double.infinity, label: 0)
      for k in 0..<5 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let u = (Double(state >> 11) + 0.5) / 9_007_199_254_740_992
        var score = -log(-log(u))
        for j in 0..<5 { score += weights[k][j] * x[j] }
        if score > best.score { best = (score, k) }
      }
      text += x.map { String(format: "%.3f", $0) }.joined(separator: ",") + ",c\(best.label)\n"
    }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
  }

  func training(_ path: String) throws -> (model: [String: Any], training: [String: Any]) {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let model = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    return (model, try XCTUnwrap(model["training"] as? [String: Any]))
  }

  func testManyRowsTakeFewNewtonStepsToTheSameOptimumAnyThreadCount() throws {
    let directory = try makeTempDir(self)
    try writeTable(to: directory + "/m.csv")
    var fits: [String: (model: [String: Any], training: [String: Any])] = [:]
    for (name, extra) in [
      ("one", ["--threads", "1"]), ("two", ["--threads", "2"]), ("tight", ["--set", "tol=1e-10"]),
    ] {
      let result = try CLIRunner.run(
        "train",
        ["m.csv", "--target", "label", "--model", "logistic", "-o", "\(name).json", "--quiet"]
          + extra, directory: directory)
      XCTAssertEqual(result.status, 0, result.stderr)
      fits[name] = try training(directory + "/\(name).json")
    }
    let one = try XCTUnwrap(fits["one"])
    let two = try XCTUnwrap(fits["two"])
    let tight = try XCTUnwrap(fits["tight"])
    XCTAssertEqual(one.training["converged"] as? Bool, true)
    // L-BFGS took 13 iterations here (and 16 on bench/ shape c, where Newton takes 5).
    let iterations = try XCTUnwrap(one.training["iterations"] as? Int)
    XCTAssertLessThanOrEqual(iterations, 7, "multinomial Newton steps")
    // The thread count changes nothing.
    let linear = try XCTUnwrap(one.model["model"] as? [String: Any])
    let linearTwo = try XCTUnwrap(two.model["model"] as? [String: Any])
    XCTAssertEqual(
      try XCTUnwrap(linear["coefficients"] as? [[Double]]),
      try XCTUnwrap(linearTwo["coefficients"] as? [[Double]]))
    XCTAssertEqual(
      try XCTUnwrap(linear["intercepts"] as? [Double]),
      try XCTUnwrap(linearTwo["intercepts"] as? [Double]))
    XCTAssertEqual(one.training["final_loss"] as? Double, two.training["final_loss"] as? Double)
    // The default tolerance stops within rounding of the tight optimum's objective.
    let loss = try XCTUnwrap(one.training["final_loss"] as? Double)
    let optimum = try XCTUnwrap(tight.training["final_loss"] as? Double)
    XCTAssertEqual(tight.training["converged"] as? Bool, true)
    XCTAssertEqual(loss, optimum, accuracy: 1e-7)
  }
}
