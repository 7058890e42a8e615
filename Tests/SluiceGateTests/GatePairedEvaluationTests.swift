import SluiceCore
import XCTest

@testable import SluiceGate

/// Paired judgement inside `GateEvaluator`: DeLong for ROC AUC, McNemar beside accuracy,
/// and Holm's correction across a family of paired rules.
final class GatePairedEvaluationTests: XCTestCase {
  static let rows = 1000

  /// Correctness vectors: candidate ≈ 78% accurate, baseline ≈ 84%, independent errors.
  static func correctness() -> ([Bool], [Bool]) {
    var generator = SplitRandom(state: 11)
    let first = (0..<rows).map { _ in generator.uniform() < 0.78 }
    let second = (0..<rows).map { _ in generator.uniform() < 0.84 }
    return (first, second)
  }

  static func accuracy(_ correct: [Bool]) -> ([Int]) -> Double? {
    { rows in Double(rows.count(where: { correct[$0] })) / Double(rows.count) }
  }

  func evaluate(names: [String], options: GateOptions) throws -> [RuleResult] {
    let (first, second) = Self.correctness()
    let all = Array(0..<Self.rows)
    var candidate: [String: JSONValue] = [:]
    var baseline: [String: JSONValue] = [:]
    for name in names {
      candidate[name] = .double(Self.accuracy(first)(all) ?? 0)
      baseline[name] = .double(Self.accuracy(second)(all) ?? 0)
    }
    let metrics = names.map {
      PairedMetric(name: $0, candidate: Self.accuracy(first), baseline: Self.accuracy(second))
    }
    let paired = PairedInput(
      rowCount: Self.rows, metrics: metrics, bootstrap: PairedBootstrap(rounds: 400, seed: 5),
      correctness: (first, second))
    let evaluator = GateEvaluator(
      candidate: MetricsDocument(root: .object(candidate), name: "c"),
      baseline: .document(MetricsDocument(root: .object(baseline), name: "b")), paired: paired,
      options: options)
    let rules = try names.map { try RuleParser.parseExpression("\($0) >= baseline", index: 1) }
    return evaluator.evaluate(rules)
  }

  func testHolmLeavesUncorrectedFailuresToThePointValuesAcrossALargeFamily() throws {
    let names = (0..<20).map { "m\($0)" }
    let plain = try evaluate(names: names, options: GateOptions())
    XCTAssertEqual(Set(plain.map(\.verdict)), [.fail], plain[0].reason)
    let p = try XCTUnwrap(plain[0].regressionP)
    XCTAssertGreaterThan(p * 20, 0.05, "the family is large enough for Holm to matter")
    XCTAssertNil(plain[0].adjustedP)
    var options = GateOptions()
    options.correction = .holm
    let corrected = try evaluate(names: names, options: options)
    // Not significant after Holm: the point values decide (78% < 84%: fail), inconclusive.
    XCTAssertEqual(Set(corrected.map(\.verdict)), [.fail])
    XCTAssertEqual(Set(corrected.map(\.inconclusive)), [true])
    XCTAssertEqual(try XCTUnwrap(corrected[0].adjustedP), min(1, 20 * p), accuracy: 1e-12)
    // A family of one: Holm changes nothing.
    let single = try evaluate(names: ["m0"], options: options)
    XCTAssertEqual(single[0].verdict, .fail)
    XCTAssertEqual(single[0].adjustedP, single[0].regressionP)
  }

  func testAccuracyRulesReportMcNemar() throws {
    let results = try evaluate(names: ["accuracy"], options: GateOptions())
    let (first, second) = Self.correctness()
    let expected = McNemar.test(candidateCorrect: first, baselineCorrect: second).pValue
    XCTAssertEqual(results[0].mcnemarP, expected)
    XCTAssertEqual(results[0].method, "paired-bootstrap")
  }

  func testROCAUCIsDecidedByDeLongWithTheBootstrapBeside() throws {
    var generator = SplitRandom(state: 2)
    var positive: [Bool] = []
    var first: [Double] = []
    var second: [Double] = []
    for _ in 0..<600 {
      let label = generator.uniform() < 0.4
      let signal = label ? 1.0 : 0.0
      let shared = generator.uniform()
      positive.append(label)
      first.append(shared + 0.6 * signal * generator.uniform() + generator.uniform())
      second.append(shared + 0.9 * signal * generator.uniform() + generator.uniform())
    }
    let test = try XCTUnwrap(DeLong.test(positive: positive, candidate: first, baseline: second))
    func auc(_ scores: [Double]) -> ([Int]) -> Double? {
      { rows in
        let ones = rows.filter { positive[$0] }
        let zeros = rows.filter { !positive[$0] }
        guard !ones.isEmpty, !zeros.isEmpty else { return nil }
        var wins = 0.0
        for i in ones {
          for j in zeros { wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0 }
        }
        return wins / Double(ones.count * zeros.count)
      }
    }
    let paired = PairedInput(
      rowCount: 600,
      metrics: [PairedMetric(name: "roc_auc", candidate: auc(first), baseline: auc(second))],
      bootstrap: PairedBootstrap(rounds: 30, seed: 1), scores: (positive, first, second))
    let evaluator = GateEvaluator(
      candidate: MetricsDocument(
        root: ["metrics": ["roc_auc": .double(test.candidateAUC)]], name: "c"),
      baseline: .document(
        MetricsDocument(root: ["metrics": ["roc_auc": .double(test.baselineAUC)]], name: "b")),
      paired: paired)
    let results = evaluator.evaluate([
      try RuleParser.parseExpression("metrics.roc_auc >= baseline - 0.01", index: 1)
    ])
    let evidence = try XCTUnwrap(results[0].evidence)
    XCTAssertEqual(results[0].method, "delong")
    XCTAssertEqual(evidence.estimate, test.difference, accuracy: 1e-12)
    XCTAssertEqual(
      evidence.high - evidence.estimate, 1.959963984540054 * test.standardError, accuracy: 1e-9)
    XCTAssertEqual(results[0].delongP, test.pValue)
    XCTAssertEqual(results[0].secondary?.method, .pairedBootstrap)
    // The interval decides when it is wholly on one side; otherwise the point values do.
    if let decided = evidence.verdict(margin: -0.01, op: .greaterOrEqual) {
      XCTAssertEqual(results[0].verdict, decided)
      XCTAssertFalse(results[0].inconclusive)
    } else {
      XCTAssertTrue(results[0].inconclusive)
      XCTAssertEqual(
        results[0].verdict, test.candidateAUC >= test.baselineAUC - 0.01 ? .pass : .fail)
    }
  }
}
