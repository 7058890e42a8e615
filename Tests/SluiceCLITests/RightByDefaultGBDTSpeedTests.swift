import Foundation
import XCTest

/// `train --model gbdt` on a table large enough for the threaded steps (histograms of large
/// leaves, gradients, scoring the kept rounds after early stopping): the model file has the
/// same bytes for 1, 2 and 4 threads, with and without subsampling and early stopping.
final class RightByDefaultGBDTSpeedTests: XCTestCase {
  func testModelBytesDoNotDependOnTheThreadCountOnALargeTable() throws {
    let directory = try makeTempDir(self)
    // 80,000 rows of 4 features: the root histogram (320,000 row-features) and the
    // gradients (over 65,536 rows) are split between threads.
    try RightByDefaultGBDTTests.table(rows: 80_000).write(
      toFile: directory + "/t.csv", atomically: true, encoding: .utf8)
    let settings: [[String]] = [
      ["--set", "n_estimators=8"],
      [
        "--set", "n_estimators=40", "--set", "learning_rate=0.9", "--set", "num_leaves=63",
        "--set", "min_data_in_leaf=2", "--set", "early_stopping_round=2",
        "--set", "bagging_fraction=0.7", "--set", "bagging_freq=1",
        "--set", "feature_fraction=0.75", "--set", "seed=5",
      ],
    ]
    for (index, set) in settings.enumerated() {
      var models: [Data] = []
      for threads in ["1", "2", "4"] {
        let name = "m\(index)-\(threads).json"
        let result = try CLIRunner.run(
          "train",
          ["t.csv", "--target", "y", "--model", "gbdt", "--threads", threads, "-o", name]
            + set + ["--quiet"],
          directory: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        models.append(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
      }
      XCTAssertEqual(models[0], models[1], "settings \(index): 1 and 2 threads")
      XCTAssertEqual(models[0], models[2], "settings \(index): 1 and 4 threads")
    }
  }
}
