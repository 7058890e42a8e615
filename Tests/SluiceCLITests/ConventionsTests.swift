import Foundation
import XCTest

/// Command-line conventions every Sluice tool must follow, checked on the built executables.
final class ConventionsTests: XCTestCase {
  static let tools = [
    "validate-data", "split-data", "train", "predict", "evaluate", "gate", "package-model",
  ]

  func testHelpHasAllSectionsOnStdout() throws {
    for tool in Self.tools {
      for flag in ["--help", "-h"] {
        let result = try CLIRunner.run(tool, [flag])
        XCTAssertEqual(result.status, 0, "\(tool) \(flag)")
        XCTAssertEqual(result.stderr, "", "\(tool) \(flag)")
        var previous = result.stdout.startIndex
        for section in [
          "OVERVIEW: ", "\nUSAGE:\n  \(tool)", "\nOPTIONS:\n", "\nEXAMPLES:\n", "\nEXIT CODES:\n",
        ] {
          guard let range = result.stdout.range(of: section) else {
            XCTFail("\(tool) \(flag): missing \(section.debugDescription)")
            continue
          }
          XCTAssertGreaterThanOrEqual(
            range.lowerBound, previous, "\(tool): \(section) out of order")
          previous = range.lowerBound
        }
        XCTAssertTrue(result.stdout.contains("--version"), tool)
        XCTAssertTrue(result.stdout.contains("  64  usage error\n"), tool)
      }
    }
  }

  func testVersion() throws {
    for tool in Self.tools {
      let result = try CLIRunner.run(tool, ["--version"])
      XCTAssertEqual(result.status, 0, tool)
      XCTAssertEqual(result.stdout, "\(tool) 0.1.0\n")
      XCTAssertEqual(result.stderr, "", tool)
    }
  }

  func testUnknownOptionSuggestsHelp() throws {
    for tool in Self.tools {
      let result = try CLIRunner.run(tool, ["--hlep"])
      XCTAssertEqual(result.status, 64, tool)
      XCTAssertEqual(result.stdout, "", tool)
      let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
      XCTAssertEqual(lines.count, 4, "\(tool): \(result.stderr)")
      guard lines.count == 4 else { continue }
      XCTAssertEqual(lines[0], "\(tool): error: unknown option '--hlep'; did you mean '--help'?")
      XCTAssertTrue(lines[1].hasPrefix("Usage: \(tool) "), String(lines[1]))
      XCTAssertEqual(lines[2], "See '\(tool) --help'.")
      XCTAssertEqual(lines[3], "")
    }
  }

  func testNoArgumentsIsAUsageError() throws {
    for tool in Self.tools {
      let result = try CLIRunner.run(tool, [])
      XCTAssertEqual(result.status, 64, tool)
      XCTAssertTrue(result.stderr.hasPrefix("\(tool): error: "), result.stderr)
      XCTAssertTrue(result.stderr.hasSuffix("\nSee '\(tool) --help'.\n"), result.stderr)
    }
  }

  func testBrokenPipeExitsQuietly() throws {
    for tool in Self.tools {
      let (stderr, status) = try CLIRunner.runIntoClosedPipe(tool, ["--help"])
      XCTAssertEqual(status, 0, "\(tool): \(stderr)")
      XCTAssertEqual(stderr, "", tool)
    }
  }

  func testDoubleDashMakesHelpPositional() throws {
    let result = try CLIRunner.run("train", ["--", "--help"])
    XCTAssertEqual(result.status, 64)
    XCTAssertTrue(result.stderr.hasPrefix("train: error: "), result.stderr)
  }
}
