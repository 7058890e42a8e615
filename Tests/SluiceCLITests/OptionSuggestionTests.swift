import Foundation
import XCTest

/// Every `--option` a message names is an option of the tool that prints it.
///
/// A static check: every string literal in Sources/SluiceCommands and in the libraries'
/// sources is scanned for `--name`, and each name must be an option (as listed by
/// `--help`) of the command(s) the file belongs to. A command file belongs to its tool
/// (by file name); a library belongs to the tools that use it, and a name it mentions must
/// be an option of at least one of them.
final class OptionSuggestionTests: XCTestCase {
  /// The repository's Sources directory.
  static let sources = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources")

  /// Commands as `tool [subcommand]` argument lists.
  static let commands: [String: [String]] = [
    "validate-data": ["validate-data"], "infer": ["validate-data", "infer"],
    "check": ["validate-data", "check"], "profile": ["validate-data", "profile"],
    "drift": ["validate-data", "drift"], "split-data": ["split-data"], "train": ["train"],
    "predict": ["predict"], "evaluate": ["evaluate"], "gate": ["gate"],
    "package-model": ["package-model"], "verify": ["package-model", "verify"],
    "inspect": ["package-model", "inspect"], "hash": ["package-model", "hash"],
  ]
  static let tableTools = [
    "infer", "check", "profile", "drift", "split-data", "train", "predict", "evaluate",
  ]

  /// The commands whose options a name in `file` (of module `module`) may be; `all` says
  /// whether it must be an option of every one of them (command files) or of any (libraries).
  static func owners(module: String, file: String) -> (commands: [String], all: Bool)? {
    let name = URL(fileURLWithPath: file).lastPathComponent
    if module == "SluiceCommands" {
      let prefixes: [(String, [String])] = [
        ("ValidateDataCheck", ["check"]), ("ValidateDataDrift", ["drift"]),
        ("ValidateDataInfer", ["infer"]), ("ValidateDataProfile", ["profile"]),
        ("ValidateDataTool", ["validate-data"]), ("SplitDataTool", ["split-data"]),
        ("TrainTool", ["train"]), ("PredictTool", ["predict"]), ("EvaluateTool", ["evaluate"]),
        ("GateTool", ["gate"]), ("PackageModelTool+Verify", ["verify"]),
        ("PackageModelTool+Inspect", ["inspect"]), ("PackageModelTool+Hash", ["hash"]),
        ("PackageModelTool", ["package-model"]), ("ModelArgument", ["predict", "evaluate"]),
        ("TableOptions", tableTools), ("Tools", []),
        ("TrackingOptions", ["train", "evaluate", "gate", "package-model"]),
      ]
      guard let match = prefixes.first(where: { name.hasPrefix($0.0) }) else { return nil }
      return (match.1, true)
    }
    let libraries: [String: [String]] = [
      "SluiceCore": Array(commands.keys), "SluiceTable": tableTools,
      "SluiceData": ["infer", "check", "profile", "drift", "split-data"],
      "SluiceLearn": ["train", "predict", "evaluate"], "SluiceMetrics": ["evaluate", "gate"],
      "SluiceGate": ["gate"], "SluiceTracking": ["train", "evaluate", "gate", "package-model"],
      "SluiceBundle": [
        "package-model", "verify", "inspect", "hash",
        "predict", "evaluate",
      ],
    ]
    // Library files whose messages only some of the library's tools can print.
    let files: [(String, [String])] = [
      ("SluiceBundle/Package/", ["package-model"]),
      ("SluiceBundle/Read/BundleVerifier", ["verify"]),
      ("SluiceData/Split", ["split-data"]), ("SluiceData/CheckReport", ["check"]),
      ("SluiceData/SchemaChecker", ["check"]), ("SluiceLearn/Training/", ["train"]),
      // Fitting happens in training only.
      ("SluiceLearn/Pipeline/NumericEncoder", ["train"]),
      ("SluiceLearn/GBDT/GBDTParameters", ["train"]),
      // evaluate checks its --slice columns (passed as `keep`) before the writer sees them.
      ("SluiceLearn/ModelFile/ModelPredictions", ["predict"]),
    ]
    if let match = files.first(where: { (module + "/" + file).hasPrefix($0.0) }) {
      return (match.1, true)
    }
    return libraries[module].map { ($0, true) }
  }

  /// The long option names in a command's `--help`.
  static func options(_ command: String) throws -> Set<String> {
    let help = try CLIRunner.run(
      commands[command]?.first ?? command,
      Array((commands[command] ?? [command]).dropFirst()) + ["--help"]
    ).stdout
    guard let start = help.range(of: "\nOPTIONS:\n") else { return [] }
    var names: Set<String> = []
    for line in help[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
      if line.isEmpty { break }
      let label = line.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ")[0]
      for word in label.split(whereSeparator: { $0 == " " || $0 == "," })
      where word.hasPrefix("--") {
        names.insert(String(word))
      }
    }
    return names
  }

  /// `--name` words inside the string literals of `text`, with their line numbers and, when
  /// the words follow a command line's tool name (a usage line, an example, the far side of
  /// a pipe: `predict m.json x.csv | evaluate --predictions -`), that command.
  static func mentionedOptions(_ text: String) -> [(line: Int, name: String, command: String?)] {
    let literal = try? NSRegularExpression(pattern: #""(?:[^"\\\n]|\\.)*""#)
    var found: [(Int, String, String?)] = []
    for (number, line) in text.components(separatedBy: "\n").enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("//") { continue }
      let range = NSRange(line.startIndex..., in: line)
      for match in literal?.matches(in: line, range: range) ?? [] {
        guard let literalRange = Range(match.range, in: line) else { continue }
        let content = line[literalRange].dropFirst().dropLast()
        for segment in content.split(separator: "|") {
          let words = segment.split(separator: " ").map(String.init)
            .drop { $0.contains("=") && !$0.hasPrefix("-") }
          var command: String?
          if let first = words.first, let tool = commandName(first) {
            command = tool
            if words.count > 1,
              commands[words[words.index(after: words.startIndex)]]?.first
                == first
            {
              command = words[words.index(after: words.startIndex)]
            }
          }
          for word in words {
            guard let option = optionName(word) else { continue }
            found.append((number + 1, option, command))
          }
        }
      }
    }
    return found
  }

  /// The command key for a tool's name, e.g. "predict"; nil for any other word.
  static func commandName(_ word: String) -> String? {
    commands.first { $0.value.count == 1 && $0.value[0] == word }?.key
  }

  /// `--name` at the start of `word` (after quotes or brackets), without what follows it.
  static func optionName(_ word: String) -> String? {
    let start = word.drop { "'`[(\\\"".contains($0) }
    guard start.hasPrefix("--"), let first = start.dropFirst(2).first, first.isLowercase else {
      return nil
    }
    let name = start.dropFirst(2).prefix { $0.isLowercase || $0.isNumber || $0 == "-" }
    return "--" + name
  }

  /// Options of other programs (git) passed on their command lines, by source file.
  static let externalOptions: [String: Set<String>] = [
    "GitInfo.swift": [
      "--verify", "--format", "--porcelain", "--untracked-files",
      "--no-optional-locks", "--abbrev-ref",
    ],
    // mlflow server's option, named in the hint when a run's artifacts are not proxied.
    "TrackingRun.swift": ["--serve-artifacts"],
    "GitBaseline.swift": [
      "--git-dir", "--verify", "--quiet", "--end-of-options", "--is-shallow-repository",
      "--no-textconv", "--depth", "--show-toplevel",
    ],
  ]

  /// Options of evaluate that SluiceMetrics' predictions reader names in its default hints.
  /// gate reads predictions files through the same reader but passes hints of its own
  /// (`PredictionsFile.Options.columnsHint`, `taskHint`), which RightByDefaultGateTests
  /// checks; the scan cannot see that, so these file-and-option pairs are exempt for gate.
  static let knownGateFindings: Set<String> = [
    "Sources/SluiceMetrics/PredictionsFile.swift --slice",
    "Sources/SluiceMetrics/PredictionsFile.swift --score",
    "Sources/SluiceMetrics/PredictionsFile.swift --prediction",
    "Sources/SluiceMetrics/PredictionsFile.swift --proba-prefix",
    "Sources/SluiceMetrics/PredictionsFile.swift --weight",
    "Sources/SluiceMetrics/PredictionsFile.swift --task",
    "Sources/SluiceMetrics/PredictionsFile+Columns.swift --prediction",
    "Sources/SluiceMetrics/PredictionsFile+Columns.swift --task",
  ]

  func testEveryQuotedOptionIsAnOptionOfItsTool() throws {
    var cache: [String: Set<String>] = [:]
    func options(_ command: String) throws -> Set<String> {
      if let known = cache[command] { return known }
      let found = try Self.options(command)
      cache[command] = found
      return found
    }
    let manager = FileManager.default
    let modules = try manager.contentsOfDirectory(atPath: Self.sources.path).sorted()
    var checked = 0
    for module in modules {
      let directory = Self.sources.appendingPathComponent(module)
      guard let files = manager.enumerator(atPath: directory.path) else { continue }
      for case let relative as String in files where relative.hasSuffix(".swift") {
        let name = URL(fileURLWithPath: relative).lastPathComponent
        guard let owners = Self.owners(module: module, file: relative) else {
          if module == "SluiceCommands" { XCTFail("no tool for Sources/\(module)/\(relative)") }
          continue
        }
        let text = try String(
          contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)
        for (line, option, command) in Self.mentionedOptions(text) {
          if Self.externalOptions[name]?.contains(option) ?? false { continue }
          checked += 1
          let commands = command.map { [$0] } ?? owners.commands
          let all = command != nil || owners.all
          let having = try commands.filter { try options($0).contains(option) }
          let ok = all ? having.count == commands.count : !having.isEmpty
          let place = "Sources/\(module)/\(relative):\(line)"
          let missing = try commands.filter { try !options($0).contains(option) }
          let known =
            missing == ["gate"]
            && Self.knownGateFindings.contains("Sources/\(module)/\(relative) \(option)")
          if !ok && !known {
            XCTFail("\(place): '\(option)' is not an option of \(missing.joined(separator: ", "))")
          }
        }
      }
    }
    XCTAssertGreaterThan(checked, 50, "the scan found too few option names to be working")
  }
}
