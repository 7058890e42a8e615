import SluiceCore
import XCTest

@testable import SluiceGate

/// The rule language: every accepted form, and located errors for malformed rules.
final class RuleParserTests: XCTestCase {
  func testAcceptedForms() throws {
    let cases: [(String, String, GateRule.Operator, GateRule.Threshold, Bool)] = [
      ("roc_auc >= 0.80", "roc_auc", .greaterOrEqual, .absolute(0.8), false),
      ("roc_auc>0.8", "roc_auc", .greater, .absolute(0.8), false),
      ("rmse <= 12.5", "rmse", .lessOrEqual, .absolute(12.5), false),
      ("loss < -1e-3", "loss", .less, .absolute(-0.001), false),
      ("roc_auc >= baseline", "roc_auc", .greaterOrEqual, .offset(0), false),
      ("roc_auc >= baseline - 0.01", "roc_auc", .greaterOrEqual, .offset(-0.01), false),
      ("roc_auc >= baseline-0.01", "roc_auc", .greaterOrEqual, .offset(-0.01), false),
      ("accuracy > baseline + 0.02", "accuracy", .greater, .offset(0.02), false),
      ("log_loss <= baseline + 2%", "log_loss", .lessOrEqual, .relative(percent: 2), false),
      ("r2 >= baseline - 5%", "r2", .greaterOrEqual, .relative(percent: -5), false),
      ("rmse <= baseline * 1.05", "rmse", .lessOrEqual, .scaled(1.05), false),
      ("rmse <= baseline*1.05 optional", "rmse", .lessOrEqual, .scaled(1.05), true),
      (
        "slices.region.*.accuracy >= 0.7", "slices.region.*.accuracy", .greaterOrEqual,
        .absolute(0.7), false
      ),
      (
        "metrics.f1-score ≥ 0.5  # comment", "metrics.f1-score", .greaterOrEqual, .absolute(0.5),
        false
      ),
    ]
    for (text, metric, op, bound, optional) in cases {
      let rule = try RuleParser.parseExpression(text, index: 1)
      XCTAssertEqual(rule.metric, metric, text)
      XCTAssertEqual(rule.op, op, text)
      XCTAssertEqual(rule.bound, bound, text)
      XCTAssertEqual(rule.optional, optional, text)
    }
  }

  func testRulesFileSkipsCommentsAndBlankLinesAndRecordsPositions() throws {
    let text = "# header\n\n  roc_auc >= baseline - 0.01\r\naccuracy >= 0.7 # floor\n"
    let rules = try RuleParser.parse(text, file: "gate.rules")
    XCTAssertEqual(rules.count, 2)
    XCTAssertEqual(rules[0].location, SourceLocation(file: "gate.rules", line: 3, column: 3))
    XCTAssertEqual(rules[1].location, SourceLocation(file: "gate.rules", line: 4, column: 1))
    XCTAssertEqual(rules[0].text, "roc_auc >= baseline - 0.01")
  }

  func testParseErrorsNameLineAndColumn() {
    let cases: [(String, Int, Int, String)] = [
      ("roc_auc == 0.8", 2, 9, "expected an operator (>=, >, <=, <) after 'roc_auc', found '=='"),
      ("roc_auc 0.8", 2, 9, "expected an operator"),
      ("roc_auc >=", 2, 11, "found end of line"),
      ("roc_auc >= basline - 0.01", 2, 12, "expected a number or 'baseline'"),
      ("roc_auc >= baseline ± 0.01", 2, 21, "'±' is ambiguous"),
      ("roc_auc >= baseline - x", 2, 23, "expected a number after 'baseline -'"),
      ("roc_auc >= baseline * ", 2, 23, "expected a number after 'baseline *'"),
      ("roc_auc >= 80%", 2, 14, "'%' is only allowed"),
      ("roc_auc >= 0.8 mandatory", 2, 16, "unexpected 'mandatory'"),
      ("roc_auc >= 0.8x", 2, 15, "unexpected 'x' after the number"),
      ("slices..auc >= 0.8", 2, 1, "empty segment"),
      ("slices.reg*.auc >= 0.8", 2, 1, "'*' must stand for a whole path segment"),
      (">= 0.8", 2, 1, "expected a metric name"),
    ]
    for (line, expectedLine, column, message) in cases {
      XCTAssertThrowsError(try RuleParser.parse("# rules\n" + line, file: "r.txt"), line) {
        error in
        guard let error = error as? GateRuleError else { return XCTFail("\(error)") }
        XCTAssertEqual(error.location?.line, expectedLine, line)
        XCTAssertEqual(error.location?.column, column, "\(line): \(error.message)")
        XCTAssertTrue(error.message.contains(message), "\(line): \(error.message)")
        XCTAssertEqual(error.exitCode, .dataError)
      }
    }
  }

  func testCommandLineRuleErrorsAreUsageErrors() {
    XCTAssertThrowsError(try RuleParser.parseExpression("auc => 1", index: 2)) { error in
      let error = error as? GateRuleError
      XCTAssertEqual(error?.exitCode, .usage)
      XCTAssertEqual(error?.location?.file, "--rule 2")
      XCTAssertEqual(error?.location?.column, 5)
    }
    XCTAssertThrowsError(try RuleParser.parseExpression("  # nothing", index: 1))
  }

  func testNormalisedTextRoundTrips() throws {
    for text in [
      "a >= baseline - 0.01", "b <= baseline + 2%", "c <= baseline * 1.05", "d > 3",
      "e < baseline", "f >= 0.5 optional",
    ] {
      let rule = try RuleParser.parseExpression(text, index: 1)
      XCTAssertEqual(rule.text, text)
      XCTAssertEqual(try RuleParser.parseExpression(rule.text, index: 1), rule)
    }
  }
}
