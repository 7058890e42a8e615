import Foundation
import SluiceCommands
import SluiceCore
import XCTest

/// One option name means one thing in every tool: the same value kind, the same default,
/// the same short alias and repeatability, and one row in docs/options.md.
final class OptionConsistencyTests: XCTestCase {
  /// Every command with its options: each tool and, recursively, its subcommands.
  static func commands() -> [CommandSpec] {
    func walk(_ tool: Tool) -> [CommandSpec] { [tool.spec] + tool.subcommands.flatMap(walk) }
    return Tools.all.flatMap(walk)
  }

  /// What must agree between two commands that share an option name.
  ///
  /// Two defaults conflict only when both commands state one: an option one command requires
  /// and another defaults (e.g. `--target`) still means the same thing.
  struct Meaning: Equatable, CustomStringConvertible {
    var names: [String]
    var value: String?
    var repeatable: Bool
    var defaultValue: String?

    static func == (lhs: Meaning, rhs: Meaning) -> Bool {
      guard lhs.names == rhs.names, lhs.value == rhs.value, lhs.repeatable == rhs.repeatable
      else { return false }
      guard let left = lhs.defaultValue, let right = rhs.defaultValue else { return true }
      return left == right
    }

    init(_ option: OptionSpec) {
      names = option.names.sorted()
      value = option.valueName
      repeatable = option.repeatable
      defaultValue = option.defaultValue ?? Self.statedDefault(option.help)
    }

    /// The default a help line states in words, e.g. "(default: row numbers)".
    static func statedDefault(_ help: String) -> String? {
      guard let start = help.range(of: "(default: ") else { return nil }
      let rest = help[start.upperBound...]
      guard let end = rest.firstIndex(of: ")") else { return nil }
      return String(rest[..<end])
    }

    var description: String {
      "\(names.joined(separator: "/")) <\(value ?? "flag")>"
        + (repeatable ? " repeatable" : "") + " default: \(defaultValue ?? "none")"
    }
  }

  func testSharedOptionsMeanOneThing() {
    var byName: [String: [(command: String, meaning: Meaning)]] = [:]
    for command in Self.commands() {
      for option in command.allOptions {
        byName[option.displayName, default: []].append((command.name, Meaning(option)))
      }
    }
    XCTAssertGreaterThan(byName.count, 40, "too few options found; is Tools.all complete?")
    var shared = 0
    for (name, uses) in byName.sorted(by: { $0.key < $1.key }) where uses.count > 1 {
      shared += 1
      let first = uses[0]
      for use in uses.dropFirst() where use.meaning != first.meaning {
        XCTFail(
          "'\(name)' means two things: \(first.command): \(first.meaning); \(use.command): \(use.meaning)"
        )
      }
    }
    XCTAssertGreaterThan(shared, 10)
  }

  /// A short name selects the same long option everywhere.
  func testShortNamesAreUnambiguous() {
    var owner: [String: (String, String)] = [:]
    for command in Self.commands() {
      for option in command.allOptions {
        for short in option.names where !short.hasPrefix("--") {
          if let (other, command2) = owner[short], other != option.displayName {
            XCTFail(
              "'\(short)' is '\(other)' in \(command2) but '\(option.displayName)' in \(command.name)"
            )
          }
          owner[short] = (option.displayName, command.name)
        }
      }
    }
    XCTAssertFalse(owner.isEmpty)
  }

  /// docs/options.md lists every option that two commands share, and only options that exist.
  func testSharedOptionsAreDocumented() throws {
    let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../docs/options.md").standardized
    let text = try String(contentsOf: docs, encoding: .utf8)
    var documented: Set<String> = []
    for line in text.split(separator: "\n") where line.hasPrefix("| `-") {
      let cell = line.split(separator: "|").first.map(String.init) ?? ""
      for match in cell.split(separator: "`") where match.hasPrefix("--") {
        documented.insert(String(match.split(separator: " ").first ?? match))
      }
    }
    var users: [String: Set<String>] = [:]
    for command in Self.commands() {
      for option in command.options {
        users[option.displayName, default: []].insert(command.name)
      }
    }
    let sharedNames = users.filter { $0.value.count > 1 }.map(\.key)
    XCTAssertGreaterThan(sharedNames.count, 10)
    for name in sharedNames.sorted() where !documented.contains(name) {
      XCTFail(
        "docs/options.md does not list '\(name)', used by \(users[name, default: []].sorted())")
    }
    for name in documented.sorted()
    where users[name] == nil && name != "--help" && name != "--version" {
      XCTFail("docs/options.md lists '\(name)', which no command has")
    }
  }

  /// The tools that log to MLflow (issue 15) all take the tracking options, with one meaning;
  /// no other tool takes them, and the registry options belong to package-model alone.
  func testTrackingOptionsOnEveryLoggingTool() {
    let logging: Set<String> = ["train", "evaluate", "gate", "package-model"]
    for option in ["--mlflow", "--experiment"] {
      var meanings: [Meaning] = []
      var helps: Set<String> = []
      for command in Self.commands() {
        let found = command.options.first { $0.displayName == option }
        XCTAssertEqual(
          found != nil, logging.contains(command.name), "\(command.name) and \(option)")
        if let found {
          meanings.append(Meaning(found))
          helps.insert(found.help)
        }
      }
      XCTAssertEqual(meanings.count, logging.count, option)
      XCTAssertTrue(meanings.allSatisfy { $0 == meanings[0] }, "\(option): \(meanings)")
      XCTAssertEqual(helps.count, 1, "\(option) is described differently: \(helps)")
    }
    for option in ["--register", "--alias"] {
      let users = Self.commands().filter { $0.options.contains { $0.displayName == option } }
      XCTAssertEqual(users.map(\.name), ["package-model"], option)
    }
  }
}
