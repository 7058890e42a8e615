import SluiceCore
import XCTest

@testable import SluiceGate

/// Rule evaluation on point values: every operator and direction, absolute and baseline
/// bounds (offset, relative, scaled), missing, null and first-run metrics.
final class GateEvaluatorTests: XCTestCase {
  func document(_ json: String, name: String) throws -> MetricsDocument {
    try MetricsDocument.parse(Array(json.utf8), name: name)
  }

  func verdicts(
    _ rules: [String], candidate: String, baseline: String?, options: GateOptions = GateOptions()
  ) throws -> [RuleResult] {
    let parsed = try rules.enumerated().map { try RuleParser.parseExpression($1, index: $0 + 1) }
    let state: BaselineState =
      try baseline.map { .document(try document($0, name: "base.json")) } ?? .none("first run")
    let evaluator = GateEvaluator(
      candidate: try document(candidate, name: "cand.json"), baseline: state, options: options)
    return evaluator.evaluate(parsed)
  }

  func testOperatorsDirectionsAndBounds() throws {
    // (rule, candidate value, baseline value, expected verdict)
    let cases: [(String, Double, Double, GateVerdict)] = [
      // Absolute floors and ceilings, both directions, on and off the boundary.
      ("m >= 0.8", 0.8, 0, .pass), ("m >= 0.8", 0.79, 0, .fail),
      ("m > 0.8", 0.8, 0, .fail), ("m > 0.8", 0.81, 0, .pass),
      ("m <= 0.3", 0.3, 0, .pass), ("m <= 0.3", 0.31, 0, .fail),
      ("m < 0.3", 0.3, 0, .fail), ("m < 0.3", 0.29, 0, .pass),
      // Tolerated regression (higher is better) and demanded improvement.
      ("m >= baseline - 0.01", 0.795, 0.8, .pass), ("m >= baseline - 0.01", 0.785, 0.8, .fail),
      ("m >= baseline + 0.01", 0.805, 0.8, .fail), ("m >= baseline + 0.01", 0.815, 0.8, .pass),
      ("m > baseline", 0.8, 0.8, .fail), ("m >= baseline", 0.8, 0.8, .pass),
      // Lower is better: tolerated increase and demanded decrease.
      ("m <= baseline + 0.05", 1.04, 1.0, .pass), ("m <= baseline + 0.05", 1.06, 1.0, .fail),
      ("m < baseline - 0.05", 0.96, 1.0, .fail), ("m < baseline - 0.05", 0.94, 1.0, .pass),
      // Relative to |baseline|: a negative baseline still tolerates a 2% worsening.
      ("m <= baseline + 2%", 101.9, 100, .pass), ("m <= baseline + 2%", 102.1, 100, .fail),
      ("m <= baseline + 2%", -0.99, -1.0, .pass), ("m <= baseline + 2%", -0.97, -1.0, .fail),
      ("m >= baseline - 10%", -1.09, -1.0, .pass), ("m >= baseline - 10%", -1.11, -1.0, .fail),
      // docs/formats.md's worked example: a log-likelihood of -0.50 tolerates -0.51.
      ("m >= baseline - 2%", -0.509, -0.5, .pass), ("m >= baseline - 2%", -0.511, -0.5, .fail),
      ("m >= baseline + 5%", 0.83, 0.8, .fail), ("m >= baseline + 5%", 0.85, 0.8, .pass),
      // Scaled is literal multiplication (so with a negative baseline it moves the other way).
      ("m <= baseline * 1.05", 10.4, 10, .pass), ("m <= baseline * 1.05", 10.6, 10, .fail),
      ("m <= baseline * 1.05", -1.06, -1.0, .pass), ("m <= baseline * 1.05", -1.04, -1.0, .fail),
      ("m >= baseline * 0.9", 0.721, 0.8, .pass), ("m >= baseline * 0.9", 0.71, 0.8, .fail),
    ]
    for (rule, candidate, baseline, expected) in cases {
      let results = try verdicts(
        [rule], candidate: "{\"m\": \(candidate)}", baseline: "{\"m\": \(baseline)}")
      XCTAssertEqual(results.count, 1)
      XCTAssertEqual(
        results[0].verdict, expected,
        "\(rule) with \(candidate) vs \(baseline): \(results[0].reason)")
      if rule.contains("baseline") {
        XCTAssertEqual(results[0].method, "point", rule)
        XCTAssertEqual(results[0].baseline, baseline, rule)
      }
    }
  }

  func testMissingNullAndFirstRunForEveryBoundKind() throws {
    let kinds = ["m >= 0.5", "m >= baseline - 0.1", "m <= baseline + 2%", "m <= baseline * 1.1"]
    for rule in kinds {
      let usesBaseline = rule.contains("baseline")
      // Missing from the candidate: an error with a suggestion; skipped when optional.
      var results = try verdicts([rule], candidate: "{\"mm\": 1}", baseline: "{\"m\": 1}")
      XCTAssertEqual(results[0].verdict, .error, rule)
      XCTAssertTrue(results[0].reason.contains("did you mean 'mm'?"), results[0].reason)
      results = try verdicts([rule + " optional"], candidate: "{}", baseline: "{\"m\": 1}")
      XCTAssertEqual(results[0].verdict, .skipped, rule)
      // Null, strings, booleans and NaN spelled as a string: errors saying what was found.
      for (value, found) in [
        ("null", "null"), ("\"NaN\"", "NaN"), ("true", "a boolean"), ("\"x\"", "a string"),
        ("[1]", "an array"),
      ] {
        results = try verdicts([rule], candidate: "{\"m\": \(value)}", baseline: "{\"m\": 1}")
        XCTAssertEqual(results[0].verdict, .error, "\(rule) \(value)")
        XCTAssertTrue(results[0].reason.contains(found), results[0].reason)
      }
      // First run: baseline rules are skipped, absolute rules still judged.
      results = try verdicts([rule], candidate: "{\"m\": 0.1}", baseline: nil)
      XCTAssertEqual(results[0].verdict, usesBaseline ? .skipped : .fail, rule)
      // A baseline that lacks the metric (a new metric) skips; a null baseline is an error.
      results = try verdicts([rule], candidate: "{\"m\": 1}", baseline: "{}")
      XCTAssertEqual(results[0].verdict, usesBaseline ? .skipped : .pass, rule)
      results = try verdicts([rule], candidate: "{\"m\": 1}", baseline: "{\"m\": null}")
      XCTAssertEqual(results[0].verdict, usesBaseline ? .error : .pass, rule)
    }
  }

  func testExitPolicy() throws {
    var options = GateOptions()
    let skipped = try verdicts(["m >= baseline"], candidate: "{\"m\": 1}", baseline: nil)
    var report = GateReport(
      results: skipped, options: options, candidateName: "c", baselineName: nil,
      baselineAbsence: "first run")
    XCTAssertFalse(report.failed)
    XCTAssertEqual(report.verdict, .skipped)
    options.requireBaseline = true
    report.options = options
    XCTAssertTrue(report.failed)
    var inconclusive = skipped
    inconclusive[0].verdict = .pass
    inconclusive[0].inconclusive = true
    report = GateReport(
      results: inconclusive, options: GateOptions(), candidateName: "c", baselineName: "b")
    XCTAssertFalse(report.failed)
    XCTAssertEqual(report.verdict, .pass)
    XCTAssertEqual(
      report.summary, "1 check: 0 failed, 0 errors, 0 skipped, 1 passed (1 inconclusive).")
    var strict = GateOptions()
    strict.strict = true
    report.options = strict
    XCTAssertTrue(report.failed)
    inconclusive[0].verdict = .error
    report = GateReport(
      results: inconclusive, options: GateOptions(), candidateName: "c", baselineName: "b")
    XCTAssertTrue(report.failed)
  }

  func testWildcardCoversCandidateAndBaselineSlices() throws {
    let candidate = #"{"slices": {"region": {"north": {"acc": 0.9}, "south": {"acc": 0.6}}}}"#
    let baseline = #"{"slices": {"region": {"north": {"acc": 0.9}, "east": {"acc": 0.8}}}}"#
    let results = try verdicts(
      ["slices.region.*.acc >= baseline - 0.05"], candidate: candidate, baseline: baseline)
    XCTAssertEqual(
      results.map(\.metric),
      [
        "slices.region.east.acc", "slices.region.north.acc", "slices.region.south.acc",
      ])
    XCTAssertEqual(results.map(\.verdict), [.error, .pass, .skipped])
    let absolute = try verdicts(["slices.region.*.acc >= 0.7"], candidate: candidate, baseline: nil)
    XCTAssertEqual(absolute.map(\.verdict), [.pass, .fail])
    let none = try verdicts(["slices.city.*.acc >= 0.7"], candidate: candidate, baseline: nil)
    XCTAssertEqual(none.map(\.verdict), [.error])
  }

  func testPublishedIntervalsCombineInQuadrature() throws {
    // Half-widths 0.03 and 0.04 combine to 0.05 around the difference -0.02.
    let candidate = #"{"auc": 0.83, "ci": {"auc": [0.80, 0.86]}}"#
    let baseline = #"{"auc": 0.85, "ci": {"auc": {"low": 0.81, "high": 0.89}}}"#
    let results = try verdicts(
      ["auc >= baseline - 0.01", "auc >= baseline - 0.08", "auc >= baseline + 0.04"],
      candidate: candidate, baseline: baseline)
    let evidence = try XCTUnwrap(results[0].evidence)
    XCTAssertEqual(evidence.low, -0.07, accuracy: 1e-12)
    XCTAssertEqual(evidence.high, 0.03, accuracy: 1e-12)
    // The first straddles its margin: the point values decide (0.83 < 0.84), inconclusive.
    XCTAssertEqual(results.map(\.verdict), [.fail, .pass, .fail])
    XCTAssertEqual(results.map(\.inconclusive), [true, false, false])
    XCTAssertEqual(results[0].method, "ci-quadrature")
  }
}
