import Foundation
import SluiceCore
import XCTest

final class HelpFormatterTests: XCTestCase {
  func testFullHelpIsExactAndOrdered() {
    let spec = CommandSpec(
      name: "demo",
      overview: "Do a demo.",
      usage: ["demo DATA [-o file]", "demo --list"],
      arguments: [ArgumentSpec("data", help: "The input.")],
      options: [
        OptionSpec(["-o", "--output"], value: "file", help: "Where to write.", default: "-"),
        OptionSpec(["--rule"], value: "expr", help: "A rule.", repeatable: true),
      ],
      examples: [Example("demo in.csv", "Run it."), Example("demo --list", "List.")],
      exitCodes: [(.success, "ok"), (.usage, "bad usage")])
    let expected = """
      OVERVIEW: Do a demo.

      USAGE:
        demo DATA [-o file]
        demo --list

      ARGUMENTS:
        <data>  The input.

      OPTIONS:
        -o, --output <file>  Where to write. (default: -)
            --rule <expr>    A rule. (repeatable)
        -h, --help           Show this help and exit.
            --version        Show the version and exit.

      EXAMPLES:
        demo in.csv
            Run it.

        demo --list
            List.

      EXIT CODES:
        0   ok
        64  bad usage

      """
    XCTAssertEqual(HelpFormatter.render(spec), expected)
  }

  func testEmptySectionsOmittedButExitCodesKept() {
    let spec = CommandSpec(name: "tiny", overview: "Tiny.", usage: [])
    let help = HelpFormatter.render(spec)
    XCTAssertFalse(help.contains("ARGUMENTS:"))
    XCTAssertFalse(help.contains("EXAMPLES:"))
    XCTAssertFalse(help.contains("SUBCOMMANDS:"))
    XCTAssertTrue(help.contains("USAGE:\n  tiny\n"))
    XCTAssertTrue(help.contains("OPTIONS:\n  -h, --help"))
    XCTAssertTrue(help.hasSuffix("  74  I/O error\n"))
    XCTAssertEqual(help.components(separatedBy: "\n  ").count - 1, 1 + 2 + ExitCode.allCases.count)
  }

  func testSubcommandsSectionListsChildren() {
    let child = CommandSpec(name: "tool run", overview: "Run things.", usage: ["tool run X"])
    let spec = CommandSpec(
      name: "tool", overview: "Tool.", usage: ["tool run X"], subcommands: [child])
    let help = HelpFormatter.render(spec)
    XCTAssertTrue(help.contains("\nSUBCOMMANDS:\n  run  Run things.\n\nEXIT CODES:\n"))
    let order = ["OVERVIEW:", "USAGE:", "OPTIONS:", "SUBCOMMANDS:", "EXIT CODES:"].compactMap {
      help.range(of: $0)?.lowerBound
    }
    XCTAssertEqual(order.count, 5)
    XCTAssertEqual(order, order.sorted())
  }
}
