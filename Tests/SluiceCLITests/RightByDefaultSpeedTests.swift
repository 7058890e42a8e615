import Foundation
import XCTest

/// Issue 17 (speed on the wide mixed table): the faster drift statistics (sorted-column PSI
/// and Wasserstein, the Smirnov sum, narrower radix digits) and the faster parsing of
/// full-digit probabilities change no byte of `validate-data drift` or `evaluate`, whatever
/// the thread count, and drift's KS and Wasserstein still equal scipy's where the exact
/// Smirnov sum decides the p-value.
final class RightByDefaultSpeedTests: XCTestCase {
  private struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  private func normal(_ generator: inout Generator) -> Double {
    let u = Double.random(in: Double.leastNormalMagnitude..<1, using: &generator)
    let v = Double.random(in: 0..<1, using: &generator)
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
  }

  /// A small table of the mixed shape: numeric columns (continuous, rounded, integers),
  /// categoricals of 5 and 300 levels and free text; `shift` moves the numeric means.
  private func table(rows: Int, seed: UInt64, shift: Double) -> String {
    var generator = Generator(state: seed)
    let words = ["late", "great", "box", "fine", "cheap", "fast", "never", "works", "size"]
    var lines = ["a,b,c,d,cat5,cat300,text"]
    for _ in 0..<rows {
      let a = String(format: "%.6f", normal(&generator) + shift)
      let b = String(format: "%.4f", Double.random(in: 0..<1, using: &generator) + shift / 4)
      let c = String(Int((-log(Double.random(in: 0.001..<1, using: &generator)) * 20).rounded()))
      let d = String(format: "%.8g", (normal(&generator) + shift) * 1e4)
      let cat5 = "k\(Int.random(in: 0..<5, using: &generator))"
      let cat300 = "level\(Int(Double(300) * pow(Double.random(in: 0..<1, using: &generator), 2)))"
      let text =
        (0..<Int.random(in: 3...9, using: &generator)).map { _ in
          words[Int.random(in: 0..<words.count, using: &generator)]
        }.joined(separator: " ") + " \(Int.random(in: 0..<1_000_000, using: &generator))"
      lines.append([a, b, c, d, cat5, cat300, text].joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  func testDriftIsTheSameForAnyThreadCountAndReference() throws {
    let directory = try makeTempDir(self)
    try table(rows: 30_000, seed: 1, shift: 0).write(
      toFile: directory + "/reference.csv", atomically: true, encoding: .utf8)
    try table(rows: 30_000, seed: 2, shift: 0.05).write(
      toFile: directory + "/current.csv", atomically: true, encoding: .utf8)
    let profile = try CLIRunner.run(
      "validate-data", ["profile", "reference.csv", "-o", "reference.profile.json"],
      directory: directory)
    XCTAssertEqual(profile.status, 0, profile.stderr)
    for reference in ["reference.csv", "reference.profile.json"] {
      var outputs: [String] = []
      for threads in ["1", "2", "3"] {
        let result = try CLIRunner.run(
          "validate-data",
          ["drift", "current.csv", "--reference", reference, "--json", "-", "--threads", threads],
          directory: directory)
        XCTAssertTrue([0, 1].contains(result.status), result.stderr)
        outputs.append(result.stdout)
      }
      XCTAssertEqual(outputs[0], outputs[1], reference)
      XCTAssertEqual(outputs[0], outputs[2], reference)
    }
    try checkAgainstScipy(directory)
  }

  /// KS statistic and p-value (asymptotic: 30,000 rows a side, most p-values from the exact
  /// Smirnov sum) and the Wasserstein distance of every numeric column, against scipy.
  private func checkAgainstScipy(_ directory: String) throws {
    let root = ReadmeExamplesTests.repositoryRoot.path
    let python = root + "/.venv-test/bin/python"
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: python),
      "needs the Python oracles: run ci/setup-python-oracles")
    let drift = try CLIRunner.run(
      "validate-data", ["drift", "current.csv", "--reference", "reference.csv", "--json", "-"],
      directory: directory)
    let document = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(drift.stdout.utf8)) as? [String: Any])
    let result = try XCTUnwrap(document["result"] as? [String: Any])
    let columns = try XCTUnwrap(result["columns"] as? [[String: Any]])
    let script = """
      import json, sys
      import pandas as pd
      from scipy import stats
      a, b = pd.read_csv('reference.csv'), pd.read_csv('current.csv')
      out = {}
      for name in ['a', 'b', 'c', 'd']:
          r = stats.ks_2samp(a[name], b[name])
          out[name] = [float(r.statistic), float(r.pvalue),
                       float(stats.wasserstein_distance(a[name], b[name]))]
      print(json.dumps(out))
      """
    try script.write(toFile: directory + "/oracle.py", atomically: true, encoding: .utf8)
    let (status, output) = try PackageModelTests.shell(
      "'\(python)' oracle.py > oracle.json", directory: directory)
    XCTAssertEqual(status, 0, output)
    let expected = try XCTUnwrap(
      JSONSerialization.jsonObject(
        with: try Data(contentsOf: URL(fileURLWithPath: directory + "/oracle.json")))
        as? [String: [Double]])
    var smirnovRegime = 0
    for column in columns where ["a", "b", "c", "d"].contains(column["name"] as? String) {
      let name = try XCTUnwrap(column["name"] as? String)
      let statistics = try XCTUnwrap(column["statistics"] as? [String: Any])
      let want = try XCTUnwrap(expected[name])
      let statistic = try XCTUnwrap(statistics["ks_statistic"] as? Double)
      let pValue = try XCTUnwrap(statistics["ks_p_value"] as? Double)
      let wasserstein = try XCTUnwrap(statistics["wasserstein"] as? Double)
      XCTAssertEqual(statistic, want[0], name)
      XCTAssertEqual(pValue, want[1], accuracy: abs(want[1]) * 1e-9, name)
      XCTAssertEqual(wasserstein, want[2], accuracy: abs(want[2]) * 1e-12, name)
      // n·D² ≥ 2.2 with n = 15,000: the p-value came from the Smirnov sum.
      if 15_000 * statistic * statistic >= 2.2 && pValue > 0 { smirnovRegime += 1 }
    }
    XCTAssertGreaterThan(smirnovRegime, 0, "no column exercised the Smirnov sum")
  }

  func testEvaluateOfFullDigitProbabilitiesIsTheSameForAnyThreadCount() throws {
    let directory = try makeTempDir(self)
    var generator = Generator(state: 9)
    var lines = ["row,prediction,proba_0,proba_1,y,sluice_task"]
    for row in 1...60_000 {
      let y = Double.random(in: 0..<1, using: &generator) < 0.3 ? 1 : 0
      let p = 1 / (1 + exp(-(normal(&generator) * 1.2 + 1.6 * Double(y) - 1.2)))
      lines.append("\(row),\(p > 0.5 ? 1 : 0),\(1 - p),\(p),\(y),binary")
    }
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: directory + "/predictions.csv", atomically: true, encoding: .utf8)
    var outputs: [String] = []
    for threads in ["1", "2"] {
      let result = try CLIRunner.run(
        "evaluate",
        ["--predictions", "predictions.csv", "--target", "y", "-o", "-", "--threads", threads],
        directory: directory)
      XCTAssertEqual(result.status, 0, result.stderr)
      outputs.append(result.stdout)
    }
    XCTAssertEqual(outputs[0], outputs[1])
    XCTAssertTrue(outputs[0].contains("\"roc_auc\""), outputs[0])
  }
}
