import SluiceCore
import XCTest

final class GitHubActionsReporterTests: XCTestCase {
  func testGoldenCommands() {
    let expected = """
      ::error title=max,file=train.csv,line=2,col=3::age: 130 > 120
      ::warning::column order differs

      """
    XCTAssertEqual(GitHubActionsReporter().render(ReporterSamples.report), expected)
  }

  func testEscapingMatchesTheToolkit() {
    // Expected strings follow actions/toolkit packages/core/src/command.ts:
    // escapeData: % \r \n; escapeProperty: also : and ,.
    let annotation = Annotation(
      level: .notice, file: "data/a,b:c.csv", line: 7, column: 1, title: "50% off, now: yes\r\n",
      message: "line1\nline2\r\n100% done: a,b ::x::")
    XCTAssertEqual(
      GitHubActionsReporter.command(annotation),
      "::notice title=50%25 off%2C now%3A yes%0D%0A,file=data/a%2Cb%3Ac.csv,line=7,col=1"
        + "::line1%0Aline2%0D%0A100%25 done: a,b ::x::\n")
  }

  func testPercentIsEscapedFirstSoEscapesAreNotDoubled() {
    XCTAssertEqual(GitHubActionsReporter.escapeData("%0A\n"), "%250A%0A")
    XCTAssertEqual(GitHubActionsReporter.escapeProperty("%3A:"), "%253A%3A")
  }

  func testAbsentEmptyAndNonPositivePropertiesAreLeftOut() {
    let annotation = Annotation(
      level: .error, file: "", line: 0, column: -1, title: "", message: "plain")
    XCTAssertEqual(GitHubActionsReporter.command(annotation), "::error::plain\n")
    let lineOnly = Annotation(level: .warning, file: "f", line: 3, message: "")
    XCTAssertEqual(GitHubActionsReporter.command(lineOnly), "::warning file=f,line=3::\n")
  }

  func testUTF8PassesThroughUnchanged() {
    let annotation = Annotation(level: .error, file: "données/é.csv", message: "🚀 中文")
    XCTAssertEqual(
      GitHubActionsReporter.command(annotation), "::error file=données/é.csv::🚀 中文\n")
  }

  func testLimitAddsOneNoticeCountingTheRest() {
    var report = ReporterSamples.report
    report.annotations = (1...13).map { (index: Int) in
      Annotation(level: .error, line: index, message: "m\(index)")
    }
    let lines = GitHubActionsReporter().render(report).split(separator: "\n")
    XCTAssertEqual(lines.count, 11)
    XCTAssertEqual(lines[9], "::error line=10::m10")
    XCTAssertEqual(
      lines[10], "::notice::3 more annotations not shown; see the full JSON / JUnit report.")
    let three = GitHubActionsReporter(limit: 2).render(
      Report(tool: "t", title: "t", verdict: .fail, annotations: Array(report.annotations[0..<3])))
    XCTAssertEqual(
      three,
      "::error line=1::m1\n::error line=2::m2\n"
        + "::notice::1 more annotation not shown; see the full JSON / JUnit report.\n")
  }

  func testExactlyTheLimitHasNoNoticeAndNoneRendersNothing() {
    var report = ReporterSamples.report
    report.annotations = (1...10).map { Annotation(level: .notice, message: "n\($0)") }
    let text = GitHubActionsReporter().render(report)
    XCTAssertEqual(text.split(separator: "\n").count, 10)
    XCTAssertFalse(text.contains("more annotation"))
    report.annotations = []
    XCTAssertEqual(GitHubActionsReporter().render(report), "")
    XCTAssertEqual(GitHubActionsReporter(limit: -5).limit, 0)
  }

  /// Decodes as the runner's ActionCommand does; escaping must invert exactly.
  private func unescape(_ text: String, property: Bool) -> String {
    var result = text.replacingOccurrences(of: "%0D", with: "\r")
      .replacingOccurrences(of: "%0A", with: "\n")
    if property {
      result = result.replacingOccurrences(of: "%3A", with: ":")
        .replacingOccurrences(of: "%2C", with: ",")
    }
    return result.replacingOccurrences(of: "%25", with: "%")
  }

  func testRandomTextSurvivesTheRunnersDecodingOnOneLine() {
    var generator = SeededGenerator(seed: 20_240_601)
    for _ in 0..<500 {
      let text = ReporterSamples.randomText(&generator, maxLength: 30)
      let data = GitHubActionsReporter.escapeData(text)
      let property = GitHubActionsReporter.escapeProperty(text)
      XCTAssertFalse(data.contains("\n") || data.contains("\r"), data)
      XCTAssertFalse(property.contains(",") || property.contains(":"), property)
      XCTAssertEqual(unescape(data, property: false), text)
      XCTAssertEqual(unescape(property, property: true), text)
      let command = GitHubActionsReporter.command(
        Annotation(level: .error, file: text, title: text, message: text))
      XCTAssertEqual(command.unicodeScalars.filter { $0 == "\n" || $0 == "\r" }.count, 1)
      XCTAssertTrue(command.hasPrefix("::error"))
    }
  }
}
