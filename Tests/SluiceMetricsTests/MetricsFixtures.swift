import Foundation
import SluiceCore

@testable import SluiceMetrics

/// Reads the scikit-learn golden cases of `Fixtures/metrics` (ci/fixtures/generate_metrics_fixtures.py).
enum MetricsFixtures {
  /// The `Fixtures` directory bundled with the tests.
  static var directory: URL {
    Bundle.module.url(forResource: "Fixtures", withExtension: nil)
      ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")
  }

  /// One golden case: a prediction set and scikit-learn's value of each metric.
  struct Case {
    var name: String
    var set: PredictionSet
    var expected: [String: Double?]
  }

  /// The cases of `metrics/<task>.json`.
  static func cases(_ task: EvaluationTask) throws -> [Case] {
    let url = directory.appendingPathComponent("metrics/\(task.rawValue).json")
    let document = try JSONParser.parse([UInt8](try Data(contentsOf: url)), file: url.path)
    guard let list = document["cases"]?.arrayValue else { return [] }
    return list.map { json in
      func doubles(_ key: String) -> [Double] {
        json[key]?.arrayValue?.compactMap(\.doubleValue) ?? []
      }
      func codes(_ key: String) -> [Int32] {
        json[key]?.arrayValue?.compactMap { $0.intValue.map { Int32($0) } } ?? []
      }
      var set = PredictionSet(task: task)
      set.classes = json["classes"]?.arrayValue?.compactMap(\.stringValue) ?? []
      set.labels = codes("labels")
      set.predicted = codes("predicted")
      set.positiveScores = doubles("scores")
      set.probabilities = doubles("probabilities")
      set.targets = doubles("targets")
      set.values = doubles("values")
      if let weights = json["weights"]?.arrayValue {
        set.weights = weights.compactMap(\.doubleValue)
      }
      let count = set.count
      set.ids = (0..<count).map { String($0 + 1) }
      var expected: [String: Double?] = [:]
      for (name, value) in json["expected"]?.objectValue ?? [:] {
        expected[name] = .some(value.doubleValue)
      }
      return Case(name: json["name"]?.stringValue ?? "?", set: set, expected: expected)
    }
  }

  /// Whether `actual` equals scikit-learn's `expected` to 1e-12 (relative above 1).
  static func close(_ actual: Double, _ expected: Double) -> Bool {
    abs(actual - expected) <= 1e-12 * max(1, abs(expected))
  }
}
