import SluiceCore
import XCTest

final class ArgumentParserTests: XCTestCase {
  let spec = CommandSpec(
    name: "demo",
    overview: "Demo.",
    usage: ["demo DATA [OUT]"],
    arguments: [
      ArgumentSpec("data", help: "Input."),
      ArgumentSpec("out", help: "Output.", optional: true),
    ],
    options: [
      OptionSpec(["-o", "--output"], value: "file", help: "Output file."),
      OptionSpec(["-v", "--verbose"], help: "Chatty."),
      OptionSpec(["-q", "--quiet"], help: "Quiet."),
      OptionSpec(["--rule"], value: "expr", help: "A rule.", repeatable: true),
      OptionSpec(["--max-errors"], value: "n", help: "Limit.", default: "10"),
      OptionSpec(["--threshold"], value: "x", help: "Cut-off."),
    ])

  func parse(_ args: [String]) throws -> ParsedArguments {
    try ArgumentParser.parse(args, spec: spec)
  }

  func usageMessage(_ args: [String], file: StaticString = #filePath, line: UInt = #line) -> String?
  {
    do {
      _ = try ArgumentParser.parse(args, spec: spec)
      XCTFail("expected a usage error for \(args)", file: file, line: line)
      return nil
    } catch {
      guard case .usage(let message) = error else {
        XCTFail("expected .usage, got \(error)", file: file, line: line)
        return nil
      }
      return message
    }
  }

  func testLongOptionWithSeparateAndInlineValue() throws {
    XCTAssertEqual(try parse(["d", "--output", "a.json"]).string("--output"), "a.json")
    XCTAssertEqual(try parse(["d", "--output=b.json"]).string("--output"), "b.json")
    XCTAssertEqual(try parse(["d", "--output=x=y"]).string("-o"), "x=y")
  }

  func testShortOptionWithSeparateAndAttachedValue() throws {
    XCTAssertEqual(try parse(["d", "-o", "a"]).string("--output"), "a")
    XCTAssertEqual(try parse(["d", "-ob"]).string("--output"), "b")
  }

  func testBundledShortFlagsAndTrailingValueOption() throws {
    let parsed = try parse(["-vq", "d"])
    XCTAssertTrue(parsed.flag("--verbose"))
    XCTAssertTrue(parsed.flag("-q"))
    let withValue = try parse(["-vo", "file", "d"])
    XCTAssertTrue(withValue.flag("-v"))
    XCTAssertEqual(withValue.string("--output"), "file")
    XCTAssertEqual(withValue.positionals, ["d"])
  }

  func testAliasesResolveToTheSameOption() throws {
    let parsed = try parse(["d", "-o", "first", "--output", "second"])
    XCTAssertEqual(parsed.string("-o"), "second")
    XCTAssertEqual(parsed.strings("--output"), ["first", "second"])
  }

  func testRepeatableCollectsAllInOrder() throws {
    let parsed = try parse(["--rule", "a > 1", "d", "--rule=b < 2"])
    XCTAssertEqual(parsed.strings("--rule"), ["a > 1", "b < 2"])
    XCTAssertEqual(parsed.string("--rule"), "b < 2")
    XCTAssertEqual(parsed.positionals, ["d"])
  }

  func testFlagsCountAndAbsentFlags() throws {
    let parsed = try parse(["-v", "d", "--verbose"])
    XCTAssertEqual(parsed.count("-v"), 2)
    XCTAssertTrue(parsed.flag("--verbose"))
    XCTAssertFalse(parsed.flag("--quiet"))
  }

  func testTerminatorMakesEverythingPositional() throws {
    let parsed = try parse(["--", "-x", "--output"])
    XCTAssertEqual(parsed.positionals, ["-x", "--output"])
    XCTAssertNil(parsed.string("--output"))
  }

  func testLoneDashIsPositionalAndAValue() throws {
    let parsed = try parse(["-", "-o", "-"])
    XCTAssertEqual(parsed.positionals, ["-"])
    XCTAssertEqual(parsed.string("--output"), "-")
  }

  func testNegativeNumbersAsValuesAndPositionals() throws {
    let parsed = try parse(["--threshold", "-0.5", "-3"])
    XCTAssertEqual(try parsed.double("--threshold"), -0.5)
    XCTAssertEqual(parsed.positionals, ["-3"])
  }

  func testFlagWithValueIsAnError() {
    XCTAssertEqual(
      usageMessage(["d", "--verbose=yes"]), "option '--verbose' does not take a value")
  }

  func testMissingValue() {
    XCTAssertEqual(usageMessage(["d", "--output"]), "missing value for '--output'")
    XCTAssertEqual(usageMessage(["d", "-o"]), "missing value for '-o'")
    XCTAssertEqual(usageMessage(["d", "--output", "--verbose"]), "missing value for '--output'")
  }

  func testUnknownOptionSuggestsClosest() {
    XCTAssertEqual(
      usageMessage(["d", "--outptu", "x"]), "unknown option '--outptu'; did you mean '--output'?")
    XCTAssertEqual(usageMessage(["--hlep"]), "unknown option '--hlep'; did you mean '--help'?")
    XCTAssertEqual(
      usageMessage(["--verison"]), "unknown option '--verison'; did you mean '--version'?")
    XCTAssertEqual(
      usageMessage(["d", "--max-erors=3"]),
      "unknown option '--max-erors'; did you mean '--max-errors'?")
  }

  func testUnknownOptionWithoutSuggestion() {
    XCTAssertEqual(usageMessage(["d", "--zzzzzz"]), "unknown option '--zzzzzz'")
    XCTAssertEqual(usageMessage(["d", "-x"]), "unknown option '-x'")
    XCTAssertEqual(usageMessage(["d", "-vx"]), "unknown option '-vx'")
  }

  func testSingleDashLongNameSuggestsDoubleDash() {
    XCTAssertEqual(
      usageMessage(["d", "-quite"]), "unknown option '-quite'; did you mean '--quiet'?")
  }

  func testPositionalCountValidation() {
    XCTAssertEqual(usageMessage([]), "missing argument <data>")
    XCTAssertEqual(usageMessage(["a", "b", "c"]), "unexpected argument 'c'")
    XCTAssertNoThrow(try parse(["a"]))
    XCTAssertNoThrow(try parse(["a", "b"]))
  }

  func testVariadicArgumentAcceptsMany() throws {
    let variadic = CommandSpec(
      name: "v", overview: "V.", usage: ["v FILE..."],
      arguments: [ArgumentSpec("files", help: "Files.", variadic: true)])
    XCTAssertEqual(
      try ArgumentParser.parse(["a", "b", "c"], spec: variadic).positionals, ["a", "b", "c"])
    XCTAssertThrowsError(try ArgumentParser.parse([], spec: variadic)) { error in
      XCTAssertEqual(error as? CoreError, .usage("missing argument <files>"))
    }
  }

  func testTypedGetters() throws {
    let parsed = try parse(["d", "--threshold", "abc", "--max-errors", "x1"])
    XCTAssertThrowsError(try parsed.int("--max-errors")) { error in
      XCTAssertEqual(
        error as? CoreError, .usage("invalid value 'x1' for '--max-errors': expected an integer"))
    }
    XCTAssertThrowsError(try parsed.double("--threshold")) { error in
      XCTAssertEqual(
        error as? CoreError, .usage("invalid value 'abc' for '--threshold': expected a number"))
    }
    let nan = try parse(["d", "--threshold", "nan"])
    XCTAssertThrowsError(try nan.double("--threshold"))
    let good = try parse(["d", "--threshold", "0.25", "--max-errors", "7"])
    XCTAssertEqual(try good.int("--max-errors"), 7)
    XCTAssertEqual(try good.double("--threshold"), 0.25)
  }

  func testDefaultsAndRequired() throws {
    let parsed = try parse(["d"])
    XCTAssertEqual(parsed.string("--max-errors"), "10")
    XCTAssertEqual(try parsed.int("--max-errors"), 10)
    XCTAssertFalse(parsed.flag("--max-errors"))
    XCTAssertNil(parsed.string("--output"))
    XCTAssertEqual(try parsed.required("--max-errors"), "10")
    XCTAssertThrowsError(try parsed.required("-o")) { error in
      XCTAssertEqual(error as? CoreError, .usage("missing required option '--output'"))
    }
  }

  func testEditDistance() {
    XCTAssertEqual(ArgumentParser.editDistance("help", "hlep"), 1)
    XCTAssertEqual(ArgumentParser.editDistance("kitten", "sitting"), 3)
    XCTAssertEqual(ArgumentParser.editDistance("", "abc"), 3)
    XCTAssertEqual(ArgumentParser.editDistance("same", "same"), 0)
    XCTAssertEqual(ArgumentParser.closestMatch(to: "infr", among: ["check", "infer"]), "infer")
    XCTAssertNil(ArgumentParser.closestMatch(to: "zzzz", among: ["check", "infer"]))
  }
}
