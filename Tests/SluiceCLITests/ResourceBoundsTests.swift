import Foundation
import XCTest

/// Cost is linear in the input: doubling a small input at most doubles the instructions
/// executed (ratio <= 2.2), counted by valgrind's callgrind (no hardware counters here).
/// docs/hardening.md, "Resource bounds".
final class ResourceBoundsTests: XCTestCase {
  private func valgrind() throws -> String {
    for path in ["/usr/bin/valgrind", "/usr/local/bin/valgrind"]
    where FileManager.default.isExecutableFile(atPath: path) {
      return path
    }
    throw XCTSkip("valgrind is not installed: run ci/setup-test-tools (Debian package valgrind)")
  }

  /// A CSV of `rows` rows: numbers, a category, free text, a few missing values.
  private func table(rows: Int) -> String {
    var text = "id,x,y,group,note\n"
    for row in 0..<rows {
      let x = row % 97 == 0 ? "" : "\(Double(row % 1000) * 0.25)"
      text += "\(row),\(x),\(row % 13),g\(row % 7),note \(row % 50) of the table\n"
    }
    return text
  }

  /// The instructions callgrind counted for one run of `tool args` in `directory`.
  private func instructions(_ tool: String, _ args: [String], in directory: String) throws
    -> Int
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try valgrind())
    process.arguments =
      ["--tool=callgrind", "--callgrind-out-file=/dev/null", CLIRunner.executable(tool)] + args
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, text)
    // "==123== Collected : 456789"
    guard let line = text.split(separator: "\n").first(where: { $0.contains("Collected :") }),
      let count = line.split(separator: " ").last.flatMap({ Int($0) })
    else {
      XCTFail("no instruction count in callgrind's output: \(text)")
      return 0
    }
    return count
  }

  func testDoublingTheInputAtMostDoublesTheInstructions() throws {
    _ = try valgrind()
    let directory = NSTemporaryDirectory() + "sluice-bounds-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
    // 4,000 and 8,000 rows: about 150 and 300 KB, small enough for callgrind on a debug build.
    try table(rows: 4000).write(toFile: directory + "/a.csv", atomically: true, encoding: .utf8)
    try table(rows: 8000).write(toFile: directory + "/b.csv", atomically: true, encoding: .utf8)
    let schema = try CLIRunner.run(
      "validate-data", ["infer", "a.csv", "-o", "schema.json"], directory: directory)
    XCTAssertEqual(schema.status, 0, schema.stderr)
    let commands: [(String, (String) -> [String])] = [
      ("infer", { ["infer", $0, "--threads", "1", "-o", "/dev/null"] }),
      ("profile", { ["profile", $0, "--threads", "1", "-o", "/dev/null"] }),
      ("check", { ["check", $0, "--threads", "1", "--schema", directory + "/schema.json"] }),
    ]
    var lines: [String] = []
    for (name, arguments) in commands {
      let small = try instructions("validate-data", arguments("a.csv"), in: directory)
      let large = try instructions("validate-data", arguments("b.csv"), in: directory)
      guard small > 0 else { continue }
      let ratio = Double(large) / Double(small)
      lines.append("\(name): \(small) -> \(large) instructions, x\(ratio)")
      XCTAssertLessThanOrEqual(ratio, 2.2, "\(name) grows faster than its input")
      XCTAssertGreaterThan(ratio, 1.0, "\(name) did not read the larger input")
    }
    print(lines.joined(separator: "\n"))
  }
}
