import Foundation
import XCTest

/// Command-line conventions every Sluice tool must follow, checked on the built executables.
final class ConventionsTests: XCTestCase {
  static let tools = [
    "validate-data", "split-data", "train", "predict", "evaluate", "gate", "package-model",
  ]

  /// Input each stub must reject as a usage error, with the usage line it must print.
  static let stubInput: [String: [String]] = [
    "validate-data": ["infer", "data.csv"],
    "split-data": [
      "data.csv", "--test-fraction", "0.2", "--train-out", "a.csv", "--test-out", "b.csv",
    ],
    "train": ["data.csv", "--target", "y", "-o", "model.json"],
    "predict": ["model.json", "data.csv"],
    "evaluate": ["model.json", "data.csv"],
    "gate": ["metrics.json", "--rule", "auc >= 0.8"],
    "package-model": ["model.json", "--name", "churn", "--model-version", "1.0.0"],
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

  /// Tools that are still stubs (their OVERVIEW line says so); implemented tools are tested elsewhere.
  func testStubInputIsAUsageError() throws {
    var checked = 0
    for tool in Self.tools {
      let help = try CLIRunner.run(tool, ["--help"]).stdout
      let overview = help.prefix { $0 != "\n" }
      guard overview.hasSuffix("Not implemented yet in this version of Sluice.") else { continue }
      checked += 1
      let args = try XCTUnwrap(Self.stubInput[tool], tool)
      let result = try CLIRunner.run(tool, args)
      XCTAssertEqual(result.status, 64, "\(tool): \(result.stderr)")
      XCTAssertEqual(result.stdout, "", tool)
      let lines = result.stderr.split(separator: "\n").map(String.init)
      XCTAssertEqual(lines.count, 3, "\(tool): \(result.stderr)")
      guard lines.count == 3 else { continue }
      XCTAssertEqual(lines[0], "\(tool): error: not implemented yet")
      XCTAssertTrue(lines[1].hasPrefix("Usage: \(tool)"), lines[1])
      let usage = String(lines[1].dropFirst("Usage: ".count))
      let command = usage.split(separator: " ").prefix(2).joined(separator: " ")
      XCTAssertTrue(lines[2] == "See '\(tool) --help'." || lines[2] == "See '\(command) --help'.")
      if lines[2] == "See '\(tool) --help'." {
        XCTAssertTrue(help.contains("\n  \(usage)\n"), "\(tool): usage line not in help")
      }
    }
    try XCTSkipIf(checked == 0, "no stub tools left")
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
