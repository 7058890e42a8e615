import Foundation
import XCTest

/// `predict` as a process, with a hand-written model whose outputs are known exactly.
final class PredictTests: XCTestCase {
  static let model = """
    {"sluice_model_version": 1, "task": "binary", "target": "y", "classes": ["no", "yes"],
     "model": {"kind": "logistic", "coefficients": [[2.0, 0.0, 1.0, -1.0]], "intercepts": [0.0]},
     "pipeline": [
       {"kind": "numeric", "column": "x", "median": 0, "mean": 0, "scale": 1, "indicator": false},
       {"kind": "categorical", "column": "c", "categories": ["a"], "infrequent": true,
        "missing": true}],
     "hyperparameters": {}, "training": {}}
    """

  func testPredictionsFileShapeAndValues() throws {
    let directory = try makeTempDir(self)
    try Self.model.write(toFile: directory + "/m.json", atomically: true, encoding: .utf8)
    try "id,x,c,y,region\nr1,0,a,no,n\nr2,1,zzz,yes,s\nr3,NA,NA,no,n\n".write(
      toFile: directory + "/d.csv", atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      "predict", ["m.json", "d.csv", "--id", "id", "--keep", "region"], directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    // r1: z = 0 + a? no: features [x, c=a, c=infrequent, c=missing] = [0, 1, 0, 0] → z = 0.
    // r2: [1, 0, 1, 0] → z = 2 + 1 = 3.   r3: x imputed 0, missing slot → z = -1.
    XCTAssertEqual(
      result.stdout,
      """
      id,prediction,proba_no,proba_yes,y,region,sluice_task
      r1,no,0.5,0.5,no,n,binary
      r2,yes,0.04742587317756679,0.9525741268224334,yes,s,binary
      r3,no,0.7310585786300049,0.2689414213699951,no,n,binary

      """)
  }

  func testMissingColumnAndBadModelAreErrors() throws {
    let directory = try makeTempDir(self)
    try Self.model.write(toFile: directory + "/m.json", atomically: true, encoding: .utf8)
    try "x\n1\n".write(toFile: directory + "/d.csv", atomically: true, encoding: .utf8)
    let missing = try CLIRunner.run("predict", ["m.json", "d.csv"], directory: directory)
    XCTAssertEqual(missing.status, 65)
    XCTAssertEqual(
      missing.stderr, "predict: error: column 'c' required by the model is not in d.csv\n")
    try "{}".write(toFile: directory + "/bad.json", atomically: true, encoding: .utf8)
    let bad = try CLIRunner.run("predict", ["bad.json", "d.csv"], directory: directory)
    XCTAssertEqual(bad.status, 65)
    XCTAssertEqual(
      bad.stderr, "predict: error: bad.json: not a Sluice model (no \"sluice_model_version\")\n")
  }
}
