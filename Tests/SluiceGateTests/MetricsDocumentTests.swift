import SluiceCore
import XCTest

@testable import SluiceGate

/// Dotted paths into any JSON metrics file: nesting, keys with dots, arrays, real exports.
final class MetricsDocumentTests: XCTestCase {
  func document(_ json: String) throws -> MetricsDocument {
    try MetricsDocument.parse(Array(json.utf8), name: "m.json")
  }

  func testKeysContainingDotsMatchLongestFirst() throws {
    let doc = try document(
      #"{"a": {"b.c": 1, "b": {"c": 2}}, "x.y": {"z": 3}, "l": [4, {"k": 5}]}"#)
    XCTAssertEqual(doc.lookup("a.b.c"), .number(1))
    XCTAssertEqual(doc.lookup("x.y.z"), .number(3))
    XCTAssertEqual(doc.lookup("l.0"), .number(4))
    XCTAssertEqual(doc.lookup("l.1.k"), .number(5))
    XCTAssertEqual(doc.lookup("l.2"), .missing(suggestion: "l.0"))
    // Backtracking: the longest key exists but the rest of the path is only under a shorter one.
    let nested = try document(#"{"a.b": {"q": 1}, "a": {"b": {"c": 2}}}"#)
    XCTAssertEqual(nested.lookup("a.b.c"), .number(2))
  }

  func testDVCMetricsFile() throws {
    // `dvc metrics show --json`-style plain nested metrics as written by dvclive.
    let doc = try document(
      #"{"train": {"loss": 0.231, "acc": 0.912}, "eval": {"loss": 0.298, "acc": 0.887, "roc_auc": 0.941}}"#
    )
    XCTAssertEqual(doc.lookup("eval.acc"), .number(0.887))
    XCTAssertEqual(doc.lookup("eval.roc_auc"), .number(0.941))
    XCTAssertEqual(doc.lookup("roc_auc"), .missing(suggestion: "eval.roc_auc"))
  }

  func testMLflowRunExport() throws {
    // `mlflow runs describe --run-id …` output: metrics under data.metrics, params as strings.
    let doc = try document(
      #"""
      {"info": {"run_id": "8f3c", "status": "FINISHED", "start_time": 1700000000000},
       "data": {"metrics": {"val_auc": 0.873, "val.loss": 0.41, "epoch": 20},
                "params": {"lr": "0.01"}, "tags": {"mlflow.runName": "brave-cat-1"}}}
      """#)
    XCTAssertEqual(doc.lookup("data.metrics.val_auc"), .number(0.873))
    XCTAssertEqual(doc.lookup("data.metrics.val.loss"), .number(0.41))
    XCTAssertEqual(doc.lookup("data.metrics.epoch"), .number(20))
    XCTAssertEqual(doc.lookup("data.params.lr"), .unusable("a string (\"0.01\")"))
    XCTAssertEqual(doc.lookup("val_auc"), .missing(suggestion: "data.metrics.val_auc"))
  }

  func testWildcardExpansionIsSortedByBytes() throws {
    let doc = try document(
      #"{"slices": {"region": {"south": {"acc": 1}, "North": {"acc": 2}, "east": {"f1": 3}}}}"#)
    XCTAssertEqual(
      doc.expand("slices.region.*.acc"), ["slices.region.North.acc", "slices.region.south.acc"])
    XCTAssertEqual(doc.expand("slices.*.*.f1"), ["slices.region.east.f1"])
    XCTAssertEqual(doc.expand("nothing.*"), [])
  }

  func testPublishedIntervalLocations() throws {
    let doc = try document(
      #"{"auc": 0.8, "ci": {"auc": [0.7, 0.9]}, "metrics": {"f1": 0.5, "ci": {"f1": {"lower": 0.4, "upper": 0.6}}}}"#
    )
    XCTAssertEqual(doc.interval(for: "auc")?.low, 0.7)
    XCTAssertEqual(doc.interval(for: "metrics.f1")?.high, 0.6)
    XCTAssertNil(doc.interval(for: "metrics.missing"))
  }

  func testBareNaNAndInfinityFromPythonReadAsUnusableMetrics() throws {
    let doc = try document(
      #"{"loss": NaN, "gain": -Infinity, "note": "NaN is fine here", "ok": 1}"#)
    XCTAssertEqual(doc.lookup("loss"), .unusable("NaN"))
    XCTAssertEqual(doc.lookup("gain"), .unusable("not finite (-Infinity)"))
    XCTAssertEqual(doc.lookup("ok"), .number(1))
    XCTAssertEqual(doc.lookup("note"), .unusable("a string (\"NaN is fine here\")"))
    XCTAssertThrowsError(try document(#"{"loss": Nan}"#))
  }
}

/// The advice for a baseline revision missing from the clone.
final class GitBaselineAdviceTests: XCTestCase {
  func testFetchCommandNamesTheRemoteAndBranch() {
    let cases: [(String, [String], String)] = [
      ("origin/main", [], "git fetch --depth=1 origin main"),
      ("refs/remotes/upstream/dev", [], "git fetch --depth=1 upstream dev"),
      ("upstream/release/1.2", ["origin", "upstream"], "git fetch --depth=1 upstream release/1.2"),
      ("feature/x", ["origin"], "git fetch --depth=1 origin feature/x"),
      ("v1.0", [], "git fetch --depth=1 origin v1.0"),
    ]
    for (rev, remotes, command) in cases {
      let advice = GitBaseline.missingRevisionAdvice(rev, shallow: true, remotes: remotes)
      XCTAssertTrue(advice.contains("'\(command)'"), advice)
      XCTAssertTrue(advice.contains("shallow clone"), advice)
    }
    XCTAssertThrowsError(try GitBaseline.split("main", option: "--baseline-ref"))
    XCTAssertThrowsError(try GitBaseline.split(":m.json", option: "--baseline-ref"))
    XCTAssertEqual(try? GitBaseline.split("main:a:b.json", option: "x").path, "a:b.json")
  }
}
