import Foundation
import XCTest

/// Memory stays bounded on the streaming paths: the peak resident set of each streaming tool
/// on a table four times larger (4,000,000 rows, 224 MB) than a smaller one (1,000,000 rows,
/// 56 MB) grows by far less than the input does (docs/hardening.md, "Resource bounds"). The
/// tools read in chunks, a few in flight: the peak grows until that bound (about 55 MB with
/// two threads in a release build, more in a debug build, whose slower workers keep every
/// chunk slot full) and then not at all; a tool holding the rows would grow by 168 MB or more.
/// The smaller table is itself larger than the chunks in flight, so both runs reach the bound
/// whatever the build: a 14 MB table did not, and a debug build's peak then grew by 27 MB.
final class StreamingMemoryTests: XCTestCase {
  /// The most the peak may grow from the small to the large table.
  static let allowedGrowth = 24 << 20

  /// Writes a CSV of `rows` rows (numbers, a category, free text, a few missing values) with
  /// Python, which writes 224 MB in seconds where a debug build of the tests would not.
  private func writeTable(rows: Int, to path: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "-c",
      "import sys\n"
        + "with open(sys.argv[2], 'w') as f:\n"
        + "    f.write('id,x,y,group,note\\n')\n"
        + "    for row in range(int(sys.argv[1])):\n"
        + "        x = '' if row % 97 == 0 else repr((row % 1000) * 0.25)\n"
        + "        f.write(f'{row},{x},{row % 13},g{row % 7},note {row % 50} of the table\\n')\n",
      String(rows), path,
    ]
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "writing \(path)")
  }

  /// The peak resident set, in bytes, of one run of `tool args` in `directory`: the child's
  /// `ru_maxrss`, read by a fresh Python process that runs nothing else.
  private func peak(_ tool: String, _ args: [String], in directory: String) throws -> Int {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      [
        "python3", "-c",
        "import resource, subprocess, sys\n"
          + "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
          + "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
          + "sys.exit(code)",
        CLIRunner.executable(tool),
      ] + args
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    // 1 is check's verdict on rows outside the small table's observed ranges: still a run.
    XCTAssertTrue([0, 1].contains(process.terminationStatus), "\(tool) \(args)")
    let kilobytes = try XCTUnwrap(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), text)
    return kilobytes << 10
  }

  func testStreamingToolsHoldBoundedMemoryOnAFourTimesLargerTable() throws {
    let directory = try makeTempDir(self)
    try writeTable(rows: 1_000_000, to: directory + "/small.csv")
    try writeTable(rows: 4_000_000, to: directory + "/large.csv")
    let schema = try CLIRunner.run(
      "validate-data", ["infer", "small.csv", "-o", "schema.json"], directory: directory)
    XCTAssertEqual(schema.status, 0, schema.stderr)
    // Without `unique`: the uniqueness check keeps one hash per row by design (documented).
    let text = try String(contentsOfFile: directory + "/schema.json", encoding: .utf8)
    try text.replacingOccurrences(of: "\"unique\": true", with: "\"unique\": false")
      .write(toFile: directory + "/schema.json", atomically: true, encoding: .utf8)
    let runs: [(String, (String) -> [String])] = [
      ("validate-data", { ["infer", $0, "--threads", "2", "-o", "/dev/null"] }),
      ("validate-data", { ["profile", $0, "--threads", "2", "-o", "/dev/null"] }),
      (
        "validate-data",
        { ["check", $0, "--schema", "schema.json", "--threads", "2"] }
      ),
      (
        "split-data",
        {
          [
            $0, "--key", "id", "--test-fraction", "0.2", "--threads", "2", "--train-out",
            "train.csv", "--test-out", "test.csv",
          ]
        }
      ),
    ]
    var measured = 0
    for (tool, arguments) in runs {
      let small = try peak(tool, arguments("small.csv"), in: directory)
      let large = try peak(tool, arguments("large.csv"), in: directory)
      XCTAssertLessThan(
        large - small, Self.allowedGrowth,
        "\(tool) \(arguments("large.csv")): \(small >> 20) MB on 56 MB, \(large >> 20) MB on 224 MB"
      )
      print("\(tool) \(arguments("").first ?? ""): \(small >> 10) KB -> \(large >> 10) KB")
      measured += 1
    }
    XCTAssertEqual(measured, 4)
  }
}
