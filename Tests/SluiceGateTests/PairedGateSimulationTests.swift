import SluiceCore
import XCTest

@testable import SluiceGate

/// The paired gate's error rates by simulation, through `GateEvaluator`.
///
/// Design: each simulated pair is two per-row correctness vectors of 2,000 rows drawn
/// independently (a SplitMix64 stream with a fixed seed per pair), judged on accuracy with
/// a 300-round paired bootstrap at 95% confidence; 200 pairs per scenario.
/// - Equal skill (both 85% accurate, independent errors) under the harshest rule
///   `accuracy >= baseline` (no tolerated regression): the gate's rate of *confident*
///   failures (interval wholly below the margin) must be at most the stated level
///   α = 1 − confidence = 5% (its nominal one-sided rate is α/2). Inconclusive checks are
///   decided by the point values, as without predictions, so under a zero margin about half
///   of them fail: a tolerated regression is what keeps equal models passing.
/// - Truly worse by twice the margin (77% vs 85%, rule `accuracy >= baseline - 0.04`): the
///   gate must fail in at least 80% of runs. (With independent errors the paired SD of the
///   difference at 2,000 rows is ≈ 0.0125, so a margin of 0.04 is about 3 SDs: a margin much
///   smaller than that cannot reach 80% power at this size with any valid test.)
final class PairedGateSimulationTests: XCTestCase {
  static let rows = 2000
  static let pairs = 200

  func failures(candidateSkill: Double, baselineSkill: Double, rule: String) throws -> Int {
    let parsed = try RuleParser.parseExpression(rule, index: 1)
    var failed = 0
    for pair in 0..<Self.pairs {
      var generator = SplitRandom(state: 1_000 + UInt64(pair))
      let first = (0..<Self.rows).map { _ in generator.uniform() < candidateSkill }
      let second = (0..<Self.rows).map { _ in generator.uniform() < baselineSkill }
      func accuracy(_ correct: [Bool]) -> ([Int]) -> Double? {
        { rows in
          var hits = 0
          for row in rows where correct[row] { hits += 1 }
          return Double(hits) / Double(rows.count)
        }
      }
      let all = Array(0..<Self.rows)
      let candidate = MetricsDocument(
        root: .object(["accuracy": .double(accuracy(first)(all) ?? 0)]), name: "c")
      let baseline = MetricsDocument(
        root: .object(["accuracy": .double(accuracy(second)(all) ?? 0)]), name: "b")
      let paired = PairedInput(
        rowCount: Self.rows,
        metrics: [
          PairedMetric(name: "accuracy", candidate: accuracy(first), baseline: accuracy(second))
        ],
        bootstrap: PairedBootstrap(rounds: 300, seed: UInt64(pair)),
        correctness: (first, second))
      let result = GateEvaluator(
        candidate: candidate, baseline: .document(baseline), paired: paired
      )
      .evaluate([parsed])
      XCTAssertEqual(result[0].method, "paired-bootstrap")
      if result[0].verdict == .fail && !result[0].inconclusive { failed += 1 }
    }
    return failed
  }

  func testEqualSkillFalseFailureRateIsAtMostTheStatedLevel() throws {
    let failed = try failures(
      candidateSkill: 0.85, baselineSkill: 0.85, rule: "accuracy >= baseline")
    XCTAssertLessThanOrEqual(
      Double(failed) / Double(Self.pairs), 0.05, "\(failed) confident false failures")
  }

  func testTwiceTheMarginWorseFailsAtLeast80Percent() throws {
    let failed = try failures(
      candidateSkill: 0.77, baselineSkill: 0.85, rule: "accuracy >= baseline - 0.04")
    XCTAssertGreaterThanOrEqual(
      Double(failed) / Double(Self.pairs), 0.8, "\(failed) confident failures")
  }
}
