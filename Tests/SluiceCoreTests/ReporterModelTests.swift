import SluiceCore
import XCTest

/// A small deterministic generator (SplitMix64) so property tests are repeatable.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Report fixtures shared by the reporter tests.
enum ReporterSamples {
  /// A failing report with a table, notes, cases of every verdict and annotations.
  static let report = Report(
    tool: "validate-data check", title: "Data check: train.csv", verdict: .fail,
    summary: "2 of 4 rules failed.",
    table: ReportTable(
      headers: ["column", "rule", "count"],
      rows: [["age", "max", "3"], ["name", "null", "1"]],
      alignments: [.left, .left, .right]),
    notes: ["Schema: schema.json."],
    cases: [
      ReportCase(suite: "validate-data check", className: "age", name: "type", verdict: .pass),
      ReportCase(
        suite: "validate-data check", className: "age", name: "max", verdict: .fail,
        message: "3 findings", details: "line 2: 130 > 120\nline 9: 200 > 120"),
      ReportCase(
        suite: "validate-data check", className: "name", name: "null", verdict: .fail,
        message: "1 finding", details: "line 4: empty"),
      ReportCase(
        suite: "validate-data check", className: "dataset", name: "row-count",
        verdict: .skipped, message: "no bounds"),
    ],
    annotations: [
      Annotation(
        level: .error, file: "train.csv", line: 2, column: 3, title: "max",
        message: "age: 130 > 120"),
      Annotation(level: .warning, message: "column order differs"),
    ],
    payload: ["valid": false, "findings": 4, "ratio": 0.5],
    marker: "sluice-check")

  /// Text that breaks naive Markdown, XML and workflow commands.
  static let hostile =
    "a|b `c` <script>&amp; 50% x:y,z\r\nnext\\|line\u{0}\u{1B}[31m é 🚀 \u{FFFE}"

  /// A random string over characters that every format has to escape.
  static func randomText(_ generator: inout SeededGenerator, maxLength: Int) -> String {
    let alphabet: [String] = [
      "a", "Z", "0", " ", "|", "`", "\\", "<", ">", "&", "\"", "'", "%", ":", ",", "\r", "\n",
      "\t", "*", "_", "[", "]", "#", "-", "$", "~", "é", "🚀", "👩‍💻", "\u{0}", "\u{7}", "\u{1B}",
      "\u{FFFE}", "中", "=", "1.", "::", "-->",
    ]
    let length = Int.random(in: 0...maxLength, using: &generator)
    return (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
      .joined()
  }
}

final class ReporterModelTests: XCTestCase {
  func testVerdictLabelsAndRawValues() {
    XCTAssertEqual(Verdict.allCases.map(\.rawValue), ["pass", "fail", "inconclusive", "skipped"])
    XCTAssertEqual(Verdict.allCases.map(\.label), ["PASS", "FAIL", "INCONCLUSIVE", "SKIPPED"])
  }

  func testTableColumnCountAndDefaultAlignment() {
    let table = ReportTable(headers: ["a"], rows: [["1", "2", "3"], []], alignments: [.right])
    XCTAssertEqual(table.columnCount, 3)
    XCTAssertEqual(table.alignment(of: 0), .right)
    XCTAssertEqual(table.alignment(of: 2), .left)
    XCTAssertTrue(ReportTable().isEmpty)
    XCTAssertFalse(table.isEmpty)
  }

  func testReportersHaveDistinctNames() {
    let names = [
      JSONReporter.name, MarkdownReporter.name, JUnitReporter.name, GitHubActionsReporter.name,
      TextReporter.name,
    ]
    XCTAssertEqual(names, ["json", "markdown", "junit", "github", "text"])
    XCTAssertEqual(Set(names).count, names.count)
  }

  func testSharedOptionsComeFromTheFileFormats() {
    let options = ReportWriter.options
    XCTAssertEqual(options.map(\.names), [["--json"], ["--markdown"], ["--junit"]])
    XCTAssertEqual(options.map(\.valueName), ["file", "file", "file"])
    XCTAssertTrue(options.allSatisfy { $0.help.contains("'-' for standard output") })
    XCTAssertEqual(ReportWriter.fileFormats.map(\.name), ["json", "markdown", "junit"])
  }

  func testSeededGeneratorIsRepeatable() {
    var first = SeededGenerator(seed: 7)
    var second = SeededGenerator(seed: 7)
    let a = ReporterSamples.randomText(&first, maxLength: 50)
    let b = ReporterSamples.randomText(&second, maxLength: 50)
    XCTAssertEqual(a, b)
    XCTAssertEqual(SeededGenerator(seed: 1).state, 1)
  }
}
