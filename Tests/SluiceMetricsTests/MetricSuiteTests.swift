import XCTest

@testable import SluiceMetrics

/// Every metric against scikit-learn's value on the committed golden cases.
final class MetricSuiteTests: XCTestCase {
  /// Runs every golden case of `task`; there must be exactly `count` of them.
  func check(_ task: EvaluationTask, count: Int) throws {
    let cases = try MetricsFixtures.cases(task)
    XCTAssertEqual(cases.count, count, "golden \(task.rawValue) cases")
    for golden in cases {
      let values = MetricSuite.compute(golden.set)
      XCTAssertEqual(values.names, MetricSuite.names(for: task), golden.name)
      XCTAssertEqual(Set(golden.expected.keys), Set(MetricSuite.names(for: task)), golden.name)
      for name in MetricSuite.names(for: task) {
        let expected = golden.expected[name] ?? nil
        let actual = values[name]
        switch (actual, expected) {
        case (let actual?, let expected?):
          XCTAssertTrue(
            MetricsFixtures.close(actual, expected),
            "\(task) \(golden.name) \(name): \(actual) != scikit-learn's \(expected)")
        case (nil, nil):
          XCTAssertNotNil(values.undefined[name], "\(golden.name) \(name) has no reason")
        default:
          XCTFail(
            "\(task) \(golden.name) \(name): \(String(describing: actual)) vs scikit-learn's \(String(describing: expected))"
          )
        }
      }
    }
  }

  func testBinaryMatchesScikitLearn() throws { try check(.binary, count: 14) }
  func testMulticlassMatchesScikitLearn() throws { try check(.multiclass, count: 8) }
  func testRegressionMatchesScikitLearn() throws { try check(.regression, count: 10) }

  func testZeroDivisionIsNoted() throws {
    let golden = try XCTUnwrap(
      MetricsFixtures.cases(.binary).first { $0.name == "zero_division_all" })
    let values = MetricSuite.compute(golden.set)
    XCTAssertEqual(values["precision"], 0)
    XCTAssertNotNil(values.notes["precision"])
    XCTAssertNotNil(values.notes["f1"])
    XCTAssertNotNil(values.undefined["roc_auc"])
  }

  func testSubsetRepeatsRows() {
    var set = PredictionSet(task: .multiclass, classes: ["a", "b"])
    set.labels = [0, 1, 1]
    set.predicted = [0, 0, 1]
    set.probabilities = [0.9, 0.1, 0.6, 0.4, 0.2, 0.8]
    set.ids = ["x", "y", "z"]
    let picked = set.subset([2, 2, 0])
    XCTAssertEqual(picked.ids, ["z", "z", "x"])
    XCTAssertEqual(picked.probabilities, [0.2, 0.8, 0.2, 0.8, 0.9, 0.1])
    XCTAssertEqual(picked.count, 3)
  }
}
