import SluiceCore
import XCTest

final class CoreErrorTests: XCTestCase {
  func testExitCodesAndValues() {
    XCTAssertEqual(CoreError.usage("x").exitCode.rawValue, 64)
    XCTAssertEqual(CoreError.invalidData("x").exitCode.rawValue, 65)
    XCTAssertEqual(CoreError.missingInput(path: "a", reason: "b").exitCode.rawValue, 66)
    XCTAssertEqual(CoreError.internalError("x").exitCode.rawValue, 70)
    XCTAssertEqual(CoreError.cannotCreateOutput(path: "a", reason: "b").exitCode.rawValue, 73)
    XCTAssertEqual(CoreError.io(path: "a", reason: "b").exitCode.rawValue, 74)
    XCTAssertEqual(ExitCode.negativeVerdict.rawValue, 1)
    XCTAssertEqual(ExitCode.allCases.count, 8)
    XCTAssertEqual(Set(ExitCode.allCases.map(\.meaning)).count, 8)
  }

  func testMessages() {
    XCTAssertEqual(
      CoreError.missingInput(path: "d.csv", reason: "no such file or directory").message,
      "cannot read 'd.csv': no such file or directory")
    XCTAssertEqual(
      CoreError.missingInput(path: "-", reason: "bad").message, "cannot read standard input: bad")
    XCTAssertEqual(
      CoreError.cannotCreateOutput(path: "o/m.json", reason: "permission denied").message,
      "cannot create 'o/m.json': permission denied")
    XCTAssertEqual(
      CoreError.io(path: "<stdout>", reason: "no space left on device").message,
      "input/output error on standard output: no space left on device")
    XCTAssertEqual(CoreError.internalError("oops").message, "internal error: oops")
  }

  func testRenderingWithAndWithoutLocation() {
    XCTAssertEqual(
      Diagnostic.render(error: CoreError.invalidData("bad row"), tool: "train"),
      "train: error: bad row")
    let located = JSONParseError(
      message: "expected ':' after object key",
      location: SourceLocation(file: "m.json", line: 3, column: 7, byteOffset: 40))
    XCTAssertEqual(
      Diagnostic.render(error: located, tool: "gate"),
      "m.json:3:7: error: expected ':' after object key")
  }

  func testSystemErrorDescriptionIsLowerCase() {
    XCTAssertEqual(systemErrorDescription(2), "no such file or directory")
  }
}
