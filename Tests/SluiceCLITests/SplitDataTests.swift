import Foundation
import XCTest

/// `split-data` run as a process: outputs, determinism, key stability, errors and atomicity.
final class SplitDataTests: XCTestCase {
  static let penguins = ValidateDataTests.penguins

  private func read(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
  }

  private func write(_ text: String, _ path: String) throws {
    try text.write(toFile: path, atomically: true, encoding: .utf8)
  }

  /// Runs split-data in `directory` with the two outputs train.csv and test.csv.
  private func split(_ args: [String], in directory: String, stdin: Data? = nil) throws
    -> CLIResult
  {
    try CLIRunner.run(
      "split-data", args + ["--train-out", "train.csv", "--test-out", "test.csv"], stdin: stdin,
      directory: directory)
  }

  private func files(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
  }

  func testPenguinsSplitCountsAndSummary() throws {
    let directory = try makeTempDir(self)
    let result = try split([Self.penguins, "--test-fraction", "0.2", "--seed", "7"], in: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual(result.stdout, "")
    XCTAssertEqual(result.stderr, "split-data: 344 rows: 275 train, 69 test (20.1%)\n")
    let header = try read(Self.penguins).prefix { $0 != "\n" }
    let train = try read(directory + "/train.csv").split(separator: "\n")
    let test = try read(directory + "/test.csv").split(separator: "\n")
    XCTAssertEqual(train.count, 276)
    XCTAssertEqual(test.count, 70)
    XCTAssertEqual(train.first.map(String.init), String(header))
    XCTAssertEqual(test.first.map(String.init), String(header))
    XCTAssertEqual(try files(directory), ["test.csv", "train.csv"])
  }

  func testSameSeedSameBytesOtherSeedOtherSplit() throws {
    var outputs: [Data] = []
    for (seed, threads) in [("7", "4"), ("7", "1"), ("8", "4")] {
      let directory = try makeTempDir(self)
      let result = try split(
        [Self.penguins, "--test-fraction", "0.3", "--seed", seed, "--threads", threads],
        in: directory)
      XCTAssertEqual(result.status, 0, result.stderr)
      outputs.append(try Data(contentsOf: URL(fileURLWithPath: directory + "/test.csv")))
      outputs.append(try Data(contentsOf: URL(fileURLWithPath: directory + "/train.csv")))
    }
    XCTAssertEqual(outputs[0], outputs[2])
    XCTAssertEqual(outputs[1], outputs[3])
    XCTAssertNotEqual(outputs[0], outputs[4])
  }

  func testStratifiedKeepsClassProportions() throws {
    let directory = try makeTempDir(self)
    let result = try split(
      [Self.penguins, "--test-fraction", "0.2", "--stratify", "species"], in: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    var counts: [Substring: Int] = [:]
    for line in try read(directory + "/test.csv").split(separator: "\n").dropFirst() {
      counts[line.prefix { $0 != "," }, default: 0] += 1
    }
    // 152, 68 and 124 penguins: shares 30.4, 13.6 and 24.8; 69 rows by largest remainder.
    XCTAssertEqual(counts, ["Adelie": 30, "Chinstrap": 14, "Gentoo": 25])
  }

  func testStratifiedWarnsWhenAClassCannotBeOnBothSides() throws {
    let directory = try makeTempDir(self)
    let rows = (0..<20).map { "\($0),\($0 < 18 ? "big" : "tiny")\n" }.joined()
    try write("id,y\n" + rows, directory + "/d.csv")
    let result = try split(
      ["d.csv", "--test-fraction", "0.02", "--stratify", "y"], in: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual(
      result.stderr,
      "split-data: 20 rows: 20 train, 0 test (0.0%)\n"
        + "split-data: warning: 2 classes of 'y' with 2 or more rows are on one side only ('big', 'tiny'): the test fraction leaves too few test rows for every class\n"
    )
  }

  /// Rows keep their side by key when the data grows and is reordered.
  func testKeySideSurvivesGrowthAndShuffling() throws {
    let directory = try makeTempDir(self)
    let original = (0..<1000).map { "u\($0),\($0 % 7)" }
    try write("user,value\n" + original.joined(separator: "\n") + "\n", directory + "/v1.csv")
    // Later: 500 new rows and every row in another order (a fixed permutation).
    let grown = (original + (1000..<1500).map { "u\($0),\($0 % 7)" }).enumerated()
      .sorted { ($0.offset * 7919) % 1500 < ($1.offset * 7919) % 1500 }.map(\.element)
    try write("user,value\n" + grown.joined(separator: "\n") + "\n", directory + "/v2.csv")
    func testRows(_ file: String) throws -> Set<Substring> {
      let result = try CLIRunner.run(
        "split-data",
        [
          file, "--test-fraction", "0.2", "--seed", "3", "--key", "user", "--train-out",
          "/dev/null", "--test-out", "-",
        ],
        directory: directory)
      XCTAssertEqual(result.status, 0, result.stderr)
      return Set(result.stdout.split(separator: "\n").dropFirst())
    }
    let before = try testRows("v1.csv")
    let after = try testRows("v2.csv")
    let originalSet = Set(original.map { Substring($0) })
    XCTAssertEqual(after.intersection(originalSet), before)
    XCTAssertGreaterThan(before.count, 150)
    XCTAssertLessThan(before.count, 250)
  }

  func testTestRowsToStandardOutputMatchTheFile() throws {
    let directory = try makeTempDir(self)
    let args = [Self.penguins, "--test-fraction", "0.2", "--train-out", "train.csv", "--test-out"]
    let piped = try CLIRunner.run("split-data", args + ["-"], directory: directory)
    XCTAssertEqual(piped.status, 0, piped.stderr)
    let named = try CLIRunner.run("split-data", args + ["test.csv"], directory: directory)
    XCTAssertEqual(named.status, 0, named.stderr)
    XCTAssertEqual(
      piped.stdoutBytes, try Data(contentsOf: URL(fileURLWithPath: directory + "/test.csv")))
    XCTAssertEqual(named.stdout, "")
  }

  func testReadsStandardInputAndJSONLines() throws {
    let directory = try makeTempDir(self)
    let lines = (0..<10).map { #"{"id": \#($0), "text": "a,\"b\"", "n": null}"# }
    let stdin = Data((lines.joined(separator: "\n") + "\n").utf8)
    let result = try split(
      ["-", "--input-format", "jsonl", "--test-fraction", "0.5", "--key", "id"], in: directory,
      stdin: stdin)
    XCTAssertEqual(result.status, 0, result.stderr)
    let all = try read(directory + "/train.csv") + read(directory + "/test.csv")
    let records = all.split(separator: "\n")
    XCTAssertEqual(records.filter { $0 == "id,text,n" }.count, 2)
    XCTAssertEqual(
      Set(records.filter { $0 != "id,text,n" }), Set((0..<10).map { "\($0),\"a,\"\"b\"\"\"," }))
  }

  func testUsageErrors() throws {
    let directory = try makeTempDir(self)
    let base = [Self.penguins, "--train-out", "a.csv", "--test-out", "b.csv"]
    for fraction in ["0", "1", "-0.1", "1.5", "abc", "nan"] {
      let result = try CLIRunner.run(
        "split-data", base + ["--test-fraction", fraction], directory: directory)
      XCTAssertEqual(result.status, 64, fraction)
      XCTAssertTrue(result.stderr.contains("'--test-fraction'"), result.stderr)
    }
    let both = try CLIRunner.run(
      "split-data", base + ["--test-fraction", "0.2", "--key", "year", "--stratify", "species"],
      directory: directory)
    XCTAssertEqual(both.status, 64)
    XCTAssertTrue(
      both.stderr.hasPrefix("split-data: error: '--key' and '--stratify' cannot be combined"),
      both.stderr)
    let cases: [([String], String)] = [
      (
        [Self.penguins, "--test-fraction", "0.2", "--train-out", "-", "--test-out", "-"],
        "cannot both be '-'"
      ),
      (
        [Self.penguins, "--test-fraction", "0.2", "--train-out", "x.csv", "--test-out", "x.csv"],
        "must be different files"
      ),
      (
        [Self.penguins, "--test-fraction", "0.2", "--train-out", "x.csv", "--test-out", "./x.csv"],
        "must be different files"
      ),
      ([Self.penguins, "--test-fraction", "0.2", "--test-out", "x.csv"], "'--train-out'"),
      ([Self.penguins, "--train-out", "a", "--test-out", "b"], "'--test-fraction'"),
    ]
    try write("existing\n", directory + "/x.csv")
    for (args, expected) in cases {
      let result = try CLIRunner.run("split-data", args, directory: directory)
      XCTAssertEqual(result.status, 64, "\(args)")
      XCTAssertTrue(result.stderr.contains(expected), result.stderr)
      XCTAssertTrue(result.stderr.contains("See 'split-data --help'."), result.stderr)
    }
    XCTAssertEqual(try files(directory), ["x.csv"])
    XCTAssertEqual(try read(directory + "/x.csv"), "existing\n")
  }

  func testDataErrorsAndMissingInput() throws {
    let directory = try makeTempDir(self)
    let unknown = try split(
      [Self.penguins, "--test-fraction", "0.2", "--stratify", "specis"], in: directory)
    XCTAssertEqual(unknown.status, 65)
    XCTAssertEqual(
      unknown.stderr,
      "split-data: error: no column 'specis' (from --stratify) in \(Self.penguins); available columns: species, island, bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g, sex, year; did you mean 'species'?\n"
    )
    let missing = try split(["nope.csv", "--test-fraction", "0.2"], in: directory)
    XCTAssertEqual(missing.status, 66)
    XCTAssertTrue(missing.stderr.hasPrefix("split-data: error: cannot read 'nope.csv'"))
    XCTAssertEqual(try files(directory), [])
  }

  /// A row without a key, found after many rows were written: neither output appears and an
  /// existing output is left as it was.
  func testFailureLeavesNoOutputs() throws {
    let directory = try makeTempDir(self)
    let rows = (0..<50_000).map { "k\($0),\($0)\n" }.joined()
    try write("key,v\n" + rows + ",50000\n", directory + "/d.csv")
    try write("old train\n", directory + "/train.csv")
    let result = try split(["d.csv", "--test-fraction", "0.2", "--key", "key"], in: directory)
    XCTAssertEqual(result.status, 65)
    XCTAssertEqual(
      result.stderr,
      "d.csv:50002:1: error: missing value in the key column 'key'; every row needs a key to have a stable side\n"
    )
    XCTAssertEqual(result.stdout, "")
    XCTAssertEqual(try files(directory), ["d.csv", "train.csv"])
    XCTAssertEqual(try read(directory + "/train.csv"), "old train\n")
    let piped = try CLIRunner.run(
      "split-data",
      [
        "d.csv", "--test-fraction", "0.2", "--key", "key", "--train-out", "t.csv", "--test-out",
        "-",
      ],
      directory: directory)
    XCTAssertEqual(piped.status, 65)
    XCTAssertEqual(piped.stdout, "", "a failed run prints no rows")
    XCTAssertEqual(try files(directory), ["d.csv", "train.csv"])
  }

  func testUncreatableOutputLeavesNeither() throws {
    let directory = try makeTempDir(self)
    let result = try CLIRunner.run(
      "split-data",
      [
        Self.penguins, "--test-fraction", "0.2", "--train-out", "train.csv", "--test-out",
        "missing-dir/test.csv",
      ],
      directory: directory)
    XCTAssertEqual(result.status, 73)
    XCTAssertTrue(
      result.stderr.hasPrefix("split-data: error: cannot create 'missing-dir/test.csv'"))
    XCTAssertEqual(try files(directory), [])
  }

  func testHelpDocumentsTheTool() throws {
    let result = try CLIRunner.run("split-data", ["--help"])
    XCTAssertEqual(result.status, 0)
    for text in [
      "always writes CSV", "JSON Lines", "--stratify <col>", "--key <col>", "--threads",
      "split-data examples/penguins/penguins.csv --test-fraction 0.2 --seed 7",
      "  65  bad input data", "  73  cannot create an output",
    ] {
      XCTAssertTrue(result.stdout.contains(text), text)
    }
    XCTAssertFalse(result.stdout.contains("Not implemented"))
  }
}
