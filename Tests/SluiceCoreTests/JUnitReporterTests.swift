import Foundation
import SluiceCore
import XCTest

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// One parsed XML element: its name, attributes and text.
struct ParsedElement: Equatable {
  var name: String
  var attributes: [String: String]
  var text = ""
}

/// Parses XML with Foundation's `XMLParser`, collecting elements in document order.
final class ElementCollector: NSObject, XMLParserDelegate {
  var elements: [ParsedElement] = []
  private var open: [Int] = []

  static func parse(_ text: String) -> (elements: [ParsedElement], error: String?) {
    let collector = ElementCollector()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = collector
    let ok = parser.parse()
    return (collector.elements, ok ? nil : String(describing: parser.parserError))
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    open.append(elements.count)
    elements.append(ParsedElement(name: elementName, attributes: attributes))
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName: String?
  ) {
    open.removeLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if let index = open.last { elements[index].text += string }
  }
}

final class JUnitReporterTests: XCTestCase {
  func testGoldenDocument() {
    let expected = """
      <?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="Data check: train.csv" tests="4" failures="2" errors="0">
        <testsuite name="validate-data check" tests="4" failures="2" errors="0" skipped="1">
          <testcase classname="age" name="type"/>
          <testcase classname="age" name="max">
            <failure message="3 findings" type="fail">line 2: 130 &gt; 120
      line 9: 200 &gt; 120</failure>
          </testcase>
          <testcase classname="name" name="null">
            <failure message="1 finding" type="fail">line 4: empty</failure>
          </testcase>
          <testcase classname="dataset" name="row-count">
            <skipped message="no bounds"/>
          </testcase>
        </testsuite>
      </testsuites>

      """
    XCTAssertEqual(JUnitReporter().render(ReporterSamples.report), expected)
  }

  func testReportWithoutCasesBecomesOneCase() {
    let report = Report(tool: "gate", title: "Gate", verdict: .fail, summary: "auc fell")
    let expected = """
      <?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="Gate" tests="1" failures="1" errors="0">
        <testsuite name="gate" tests="1" failures="1" errors="0" skipped="0">
          <testcase classname="gate" name="Gate">
            <failure message="auc fell" type="fail"/>
          </testcase>
        </testsuite>
      </testsuites>

      """
    XCTAssertEqual(JUnitReporter().render(report), expected)
  }

  func testSuitesInOrderOfFirstAppearanceAndInconclusiveIsSkipped() {
    let report = Report(
      tool: "t", title: "T", verdict: .inconclusive,
      cases: [
        ReportCase(suite: "b", className: "x", name: "1", verdict: .pass),
        ReportCase(suite: "a", className: "x", name: "2", verdict: .inconclusive, message: "n=3"),
        ReportCase(suite: "b", className: "x", name: "3", verdict: .skipped),
      ])
    let parsed = ElementCollector.parse(JUnitReporter().render(report))
    XCTAssertNil(parsed.error)
    let suites = parsed.elements.filter { $0.name == "testsuite" }
    XCTAssertEqual(suites.map { $0.attributes["name"] }, ["b", "a"])
    XCTAssertEqual(suites.map { $0.attributes["tests"] }, ["2", "1"])
    XCTAssertEqual(suites.map { $0.attributes["skipped"] }, ["1", "1"])
    let cases = parsed.elements.filter { $0.name == "testcase" }
    XCTAssertEqual(cases.map { $0.attributes["name"] }, ["1", "3", "2"])
    let skipped = parsed.elements.filter { $0.name == "skipped" }
    XCTAssertEqual(skipped.map { $0.attributes["message"] }, ["", "inconclusive: n=3"])
  }

  func testEscapesEveryMarkupCharacterAndDropsIllegalOnes() {
    XCTAssertEqual(
      JUnitReporter.attribute("a&b<c>d\"e'f\tg\nh\r\u{0}\u{1F}\u{7F}\u{FFFE}\u{FFFF}é🚀"),
      "a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;\u{7F}é🚀")
    XCTAssertEqual(JUnitReporter.text("]]>\t\r\n\u{B}x"), "]]&gt;\t&#13;\nx")
  }

  /// What survives a round trip: `text` without the characters XML 1.0 forbids.
  private func legal(_ text: String) -> String {
    let kept = text.unicodeScalars.filter { scalar in
      switch scalar.value {
      case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
      default: false
      }
    }
    return String(String.UnicodeScalarView(kept))
  }

  func testHostileTextRoundTripsThroughXMLParser() throws {
    var generator = SeededGenerator(seed: 1_000_003)
    for trial in 0..<100 {
      let texts = (0..<6).map { _ in ReporterSamples.randomText(&generator, maxLength: 25) }
      let verdict: Verdict = trial % 2 == 0 ? .fail : .skipped
      let report = Report(
        tool: "t", title: texts[0], verdict: .fail,
        cases: [
          ReportCase(
            suite: texts[1], className: texts[2], name: texts[3], verdict: verdict,
            message: texts[4], details: texts[5] + "x")
        ])
      let xml = JUnitReporter().render(report)
      let parsed = ElementCollector.parse(xml)
      XCTAssertNil(parsed.error, xml)
      let names = parsed.elements.map(\.name)
      XCTAssertEqual(
        names, ["testsuites", "testsuite", "testcase", verdict == .fail ? "failure" : "skipped"])
      guard parsed.elements.count == 4 else { continue }
      XCTAssertEqual(parsed.elements[0].attributes["name"], legal(texts[0]))
      XCTAssertEqual(parsed.elements[1].attributes["name"], legal(texts[1]))
      XCTAssertEqual(parsed.elements[2].attributes["classname"], legal(texts[2]))
      XCTAssertEqual(parsed.elements[2].attributes["name"], legal(texts[3]))
      XCTAssertEqual(parsed.elements[3].attributes["message"], legal(texts[4]))
      if verdict == .fail {
        XCTAssertEqual(parsed.elements[3].text, legal(texts[5] + "x"))
      }
    }
  }

  func testXMLLintAcceptsTheOutput() throws {
    let candidates = ["/usr/bin/xmllint", "/usr/local/bin/xmllint", "/opt/homebrew/bin/xmllint"]
    guard
      let xmllint = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else { throw XCTSkip("xmllint is not installed") }
    var report = ReporterSamples.report
    report.title = ReporterSamples.hostile
    report.cases[1].details = ReporterSamples.hostile
    report.cases[1].message = ReporterSamples.hostile
    let directory = try makeTempDir(self)
    let valid = directory + "/report.xml"
    try JUnitReporter().render(report).write(toFile: valid, atomically: true, encoding: .utf8)
    let broken = directory + "/broken.xml"
    try "<testsuites><testcase name=\"a\u{1}\"/></testsuites>"
      .write(toFile: broken, atomically: true, encoding: .utf8)
    XCTAssertEqual(try run(xmllint, ["--noout", valid]), 0)
    XCTAssertNotEqual(try run(xmllint, ["--noout", broken]), 0)
    // Against the JUnit XSD Jenkins publishes (ci/setup-test-tools caches it), with every
    // kind of case: passes, failures, errors and skipped.
    guard let schema = Self.junitSchema else {
      // In CI every oracle is required (the XSD is committed).
      if ProcessInfo.processInfo.environment["CI"] == "true" {
        XCTFail("ci/fixtures/junit/junit-10.xsd is missing")
      }
      return
    }
    XCTAssertEqual(try run(xmllint, ["--noout", "--schema", schema, valid]), 0)
    var errored = ReporterSamples.report
    errored.cases[2].isError = true
    let withError = directory + "/error.xml"
    try JUnitReporter().render(errored).write(toFile: withError, atomically: true, encoding: .utf8)
    XCTAssertEqual(try run(xmllint, ["--noout", "--schema", schema, withError]), 0)
  }

  /// The JUnit XSD: `SLUICE_JUNIT_XSD`, else the committed copy (ci/fixtures/junit/).
  static var junitSchema: String? {
    if let path = ProcessInfo.processInfo.environment["SLUICE_JUNIT_XSD"], !path.isEmpty {
      return path
    }
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("ci/fixtures/junit/junit-10.xsd").path
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  func testAnErrorCaseIsAJUnitErrorCountedAsAnError() {
    var report = ReporterSamples.report
    report.cases[2].isError = true
    let parsed = ElementCollector.parse(JUnitReporter().render(report))
    XCTAssertNil(parsed.error)
    let root = parsed.elements.first { $0.name == "testsuites" }
    XCTAssertEqual(root?.attributes["failures"], "1")
    XCTAssertEqual(root?.attributes["errors"], "1")
    XCTAssertNil(root?.attributes["skipped"])
    let suite = parsed.elements.first { $0.name == "testsuite" }
    XCTAssertEqual(suite?.attributes["errors"], "1")
    XCTAssertEqual(suite?.attributes["skipped"], "1")
    let error = parsed.elements.first { $0.name == "error" }
    XCTAssertEqual(error?.attributes["message"], "1 finding")
    XCTAssertEqual(error?.attributes["type"], "error")
    XCTAssertEqual(error?.text, "line 4: empty")
  }

  private func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  func testDeterministic() {
    XCTAssertEqual(
      JUnitReporter().render(ReporterSamples.report), JUnitReporter().render(ReporterSamples.report)
    )
  }
}
