import SluiceCore
import XCTest

final class MarkdownReporterTests: XCTestCase {
  private let pointerSuffix = " not shown; see the full JSON / JUnit report."

  func testGoldenReport() {
    let expected = """
      <!-- sluice-check -->
      ### Data check: train.csv

      Verdict: **FAIL**

      2 of 4 rules failed.

      | column | rule | count |
      | :--- | :--- | ---: |
      | age | max | 3 |
      | name | null | 1 |

      - Schema: schema.json.

      """
    XCTAssertEqual(MarkdownReporter().render(ReporterSamples.report), expected)
  }

  func testMinimalReportHasOnlyTheVerdict() {
    let report = Report(tool: "gate", title: "", verdict: .skipped)
    XCTAssertEqual(MarkdownReporter().render(report), "Verdict: **SKIPPED**\n")
  }

  func testCellEscapingKeepsUserDataLiteral() {
    XCTAssertEqual(
      MarkdownReporter.escapeCell(ReporterSamples.hostile),
      "a\\|b \\`c\\` &lt;script&gt;&amp;amp; 50% x:y,z<br>next\\\\\\|line\\[31m é 🚀 \u{FFFE}")
    XCTAssertEqual(
      MarkdownReporter.escapeCell("__init__ *x* [l](u) ~~s~~ $x$ a\rb"),
      "\\_\\_init\\_\\_ \\*x\\* \\[l\\](u) \\~\\~s\\~\\~ \\$x\\$ a<br>b")
    XCTAssertEqual(MarkdownReporter.escapeCell("- 1. # not a block"), "- 1. # not a block")
  }

  func testTextCannotStartABlock() {
    XCTAssertEqual(MarkdownReporter.escapeText("# heading"), "\\# heading")
    XCTAssertEqual(MarkdownReporter.escapeText("- item"), "\\- item")
    XCTAssertEqual(MarkdownReporter.escapeText("+x"), "\\+x")
    XCTAssertEqual(MarkdownReporter.escapeText("=="), "\\==")
    XCTAssertEqual(MarkdownReporter.escapeText("12. twelve"), "12\\. twelve")
    XCTAssertEqual(MarkdownReporter.escapeText("3) three"), "3\\) three")
    XCTAssertEqual(MarkdownReporter.escapeText("2024 was"), "2024 was")
    XCTAssertEqual(MarkdownReporter.escapeText("    code?\n"), "code?")
    XCTAssertEqual(MarkdownReporter.escapeText("> quote"), "&gt; quote")
    XCTAssertEqual(MarkdownReporter.escapeText("a\nb", newlines: " "), "a b")
  }

  func testHostileTitleSummaryNotesAndMarker() {
    let report = Report(
      tool: "t", title: "# <b>Title</b>\nsecond", verdict: .pass, summary: "- a\n- b",
      notes: ["1. first", "", "   "], marker: "x --> <b>")
    let expected = """
      <!-- x--b -->
      ### \\# &lt;b&gt;Title&lt;/b&gt; second

      Verdict: **PASS**

      \\- a<br>- b

      - 1\\. first

      """
    XCTAssertEqual(MarkdownReporter().render(report), expected)
  }

  func testShortRowsArePaddedAndLongRowsWidenTheTable() {
    let table = ReportTable(
      headers: ["a", "b"], rows: [["1"], ["1", "2", "3"]], alignments: [.right])
    let report = Report(tool: "t", title: "T", verdict: .pass, table: table)
    let expected = """
      ### T

      Verdict: **PASS**

      | a | b |  |
      | ---: | :--- | :--- |
      | 1 |  |  |
      | 1 | 2 | 3 |

      """
    XCTAssertEqual(MarkdownReporter().render(report), expected)
  }

  /// The number of `|` in `line` not escaped by a backslash.
  private func unescapedPipes(_ line: Substring) -> Int {
    var count = 0
    var escaped = false
    for character in line {
      if escaped {
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "|" {
        count += 1
      }
    }
    return count
  }

  func testRandomCellsNeverBreakTheTableOrInjectHTML() {
    var generator = SeededGenerator(seed: 42)
    for _ in 0..<50 {
      let columns = Int.random(in: 1...5, using: &generator)
      let rows = (0..<Int.random(in: 1...10, using: &generator)).map { _ in
        (0..<columns).map { _ in ReporterSamples.randomText(&generator, maxLength: 12) }
      }
      let headers = (0..<columns).map { _ in ReporterSamples.randomText(&generator, maxLength: 6) }
      let report = Report(
        tool: "t", title: "T", verdict: .fail, table: ReportTable(headers: headers, rows: rows))
      let text = MarkdownReporter().render(report)
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      let tableLines = lines.filter { $0.hasPrefix("| ") }
      XCTAssertEqual(tableLines.count, rows.count + 2, text)
      for line in tableLines {
        XCTAssertEqual(unescapedPipes(line), columns + 1, String(line))
        XCTAssertTrue(line.hasSuffix(" |"), String(line))
      }
      let withoutBreaks = text.replacingOccurrences(of: "<br>", with: "")
      XCTAssertFalse(withoutBreaks.contains("<"), text)
      XCTAssertFalse(withoutBreaks.contains(">"), text)
      XCTAssertFalse(text.contains("\r") || text.unicodeScalars.contains { $0.value < 0x0A })
    }
  }

  private let filler = String(repeating: "x", count: 40)

  private func table(rows: Int) -> Report {
    Report(
      tool: "t", title: "T", verdict: .fail, summary: "S",
      table: ReportTable(headers: ["n"], rows: (1...rows).map { ["row \($0) " + filler] }),
      notes: ["note"])
  }

  func testGoldenTruncationKeepsWholeRowsAndTheNotes() {
    let full = MarkdownReporter().render(table(rows: 5))
    let expected = """
      ### T

      Verdict: **FAIL**

      S

      | n |
      | :--- |
      | row 1 \(filler) |
      | row 2 \(filler) |

      … 3 more rows not shown; see the full JSON / JUnit report.

      - note

      """
    let limit = expected.utf16.count
    XCTAssertEqual(MarkdownReporter(maxCharacters: limit).render(table(rows: 5)), expected)
    let row = "| row 3 \(filler) |\n".utf16.count
    XCTAssertEqual(
      MarkdownReporter(maxCharacters: limit + row - 1).render(table(rows: 5)), expected)
    XCTAssertNotEqual(MarkdownReporter(maxCharacters: limit + row).render(table(rows: 5)), expected)
    XCTAssertLessThan(limit, full.utf16.count)
    XCTAssertEqual(MarkdownReporter(maxCharacters: full.utf16.count).render(table(rows: 5)), full)
  }

  func testTruncationDropsNotesBeforeTheHeadAndSaysSo() {
    var report = table(rows: 3)
    report.notes = [String(repeating: "n", count: 500)]
    let text = MarkdownReporter(maxCharacters: 300).render(report)
    XCTAssertTrue(text.contains("| row 3 \(filler) |"), text)
    XCTAssertTrue(text.contains("\n… 1 note" + pointerSuffix + "\n"), text)
    XCTAssertFalse(text.contains("nnn"))
    let tiny = MarkdownReporter(maxCharacters: 100).render(report)
    XCTAssertEqual(
      tiny, "### T\n\nVerdict: **FAIL**\n\nS\n\n… 3 more rows and 1 note" + pointerSuffix + "\n")
    XCTAssertLessThanOrEqual(tiny.utf16.count, 100)
  }

  func testHugeSummaryIsDroppedWholeAndTooSmallALimitGivesNothing() {
    let report = Report(
      tool: "t", title: "T", verdict: .pass, summary: String(repeating: "s", count: 1000))
    let text = MarkdownReporter(maxCharacters: 150).render(report)
    XCTAssertEqual(
      text, "### T\n\nVerdict: **PASS**\n\n… the summary" + pointerSuffix + "\n")
    XCTAssertEqual(MarkdownReporter(maxCharacters: 10).render(report), "")
    XCTAssertEqual(MarkdownReporter(maxCharacters: -1).render(report), "")
  }

  func testRandomTruncationProperties() {
    var generator = SeededGenerator(seed: 65_536)
    for trial in 0..<300 {
      let columns = Int.random(in: 1...4, using: &generator)
      let rowCount = Int.random(in: 0...60, using: &generator)
      let rows = (0..<rowCount).map { _ in
        (0..<columns).map { _ in ReporterSamples.randomText(&generator, maxLength: 20) }
      }
      let notes = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
        ReporterSamples.randomText(&generator, maxLength: 40)
      }
      let report = Report(
        tool: "t", title: ReporterSamples.randomText(&generator, maxLength: 30), verdict: .fail,
        summary: ReporterSamples.randomText(&generator, maxLength: 60),
        table: ReportTable(headers: (0..<columns).map { "c\($0)" }, rows: rows), notes: notes,
        marker: trial % 2 == 0 ? "sluice-gate" : nil)
      let measure: MarkdownReporter.Measure = trial % 3 == 0 ? .utf8Bytes : .utf16CodeUnits
      let full = MarkdownReporter(maxCharacters: .max, measure: measure).render(report)
      let fullRows = full.split(separator: "\n").filter { $0.hasPrefix("| ") }.dropFirst(2)
      let limit = Int.random(in: 100...(measure.count(full) + 20), using: &generator)
      let text = MarkdownReporter(maxCharacters: limit, measure: measure).render(report)
      XCTAssertEqual(text, MarkdownReporter(maxCharacters: limit, measure: measure).render(report))
      XCTAssertLessThanOrEqual(measure.count(text), limit)
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      let pointers = lines.filter { $0.hasPrefix("… ") && $0.hasSuffix(pointerSuffix) }
      if measure.count(full) <= limit {
        XCTAssertEqual(text, full)
        XCTAssertTrue(pointers.isEmpty)
        continue
      }
      XCTAssertEqual(pointers.count, 1, text)
      XCTAssertTrue(text.hasSuffix("\n"))
      let shownRows = lines.filter { $0.hasPrefix("| ") }.dropFirst(2)
      XCTAssertEqual(Array(shownRows), Array(fullRows.prefix(shownRows.count)), text)
      let omitted = fullRows.count - shownRows.count
      if pointers[0].hasPrefix("… the report ") { continue }
      let mentionsRows = pointers[0].contains(" more row")
      XCTAssertEqual(mentionsRows, omitted > 0, String(pointers[0]))
      if omitted > 0 {
        XCTAssertTrue(
          pointers[0].contains(" \(omitted) more \(omitted == 1 ? "row" : "rows")"),
          "\(pointers[0]) vs \(omitted)")
      }
      XCTAssertTrue(
        lines.contains("Verdict: **FAIL**") || pointers[0].hasPrefix("… the report "), text)
    }
  }

  func testUTF8MeasureCountsBytes() {
    var report = table(rows: 40)
    report.table.rows = (1...40).map { ["é🚀 \($0)"] }
    let text = MarkdownReporter(maxCharacters: 300, measure: .utf8Bytes).render(report)
    XCTAssertLessThanOrEqual(text.utf8.count, 300)
    let utf16 = MarkdownReporter(maxCharacters: 300).render(report)
    XCTAssertLessThanOrEqual(utf16.utf16.count, 300)
    XCTAssertGreaterThan(utf16.utf8.count, 300)
  }

  func testDeterministic() {
    let first = MarkdownReporter(maxCharacters: 200).render(table(rows: 30))
    let second = MarkdownReporter(maxCharacters: 200).render(table(rows: 30))
    XCTAssertEqual(first, second)
  }
}
