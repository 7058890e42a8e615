import Foundation
import XCTest

/// Issue 12, "data read as the user meant, or a clear question": the CSV delimiter is sniffed,
/// gzip input is read transparently, decimal commas are recognised and `--decimal ,` reads
/// them, and a number too large for a double is a value error in every tool.
final class RightByDefaultReadingTests: XCTestCase {
  private func write(_ text: String, _ path: String) throws {
    try text.write(toFile: path, atomically: true, encoding: .utf8)
  }

  private func json(_ text: String) throws -> [String: Any] {
    try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  private func columns(_ schema: String) throws -> [[String: Any]] {
    try XCTUnwrap(json(schema)["columns"] as? [[String: Any]])
  }

  // MARK: Delimiter sniffing

  func testSemicolonCSVIsReadAsItsColumnsByInferProfileAndSplit() throws {
    let directory = try makeTempDir(self)
    var text = "name;height;weight\n"
    for row in 0..<20 { text += "p\(row);\(150 + row);\(50 + row)\n" }
    try write(text, directory + "/data.csv")
    let infer = try CLIRunner.run("validate-data", ["infer", "data.csv"], directory: directory)
    XCTAssertEqual(infer.status, 0, infer.stderr)
    XCTAssertEqual(
      infer.stderr,
      "validate-data: note: data.csv: delimiter ';' detected (give --delimiter to choose)\n")
    let schema = try json(infer.stdout)
    XCTAssertEqual((schema["columns"] as? [[String: Any]])?.count, 3)
    XCTAssertEqual((schema["dialect"] as? [String: String])?["delimiter"], ";")

    let profile = try CLIRunner.run("validate-data", ["profile", "data.csv"], directory: directory)
    XCTAssertEqual(profile.status, 0, profile.stderr)
    XCTAssertEqual((try json(profile.stdout)["columns"] as? [Any])?.count, 3)
    XCTAssertTrue(profile.stderr.contains("delimiter ';' detected"), profile.stderr)

    let split = try CLIRunner.run(
      "split-data",
      [
        "data.csv", "--test-fraction", "0.25", "--train-out", "train.csv", "--test-out", "test.csv",
      ],
      directory: directory)
    XCTAssertEqual(split.status, 0, split.stderr)
    let train = try String(contentsOfFile: directory + "/train.csv", encoding: .utf8)
    XCTAssertEqual(train.split(separator: "\n").first, "name,height,weight")
  }

  func testTabSeparatedCSVIsSniffed() throws {
    let directory = try makeTempDir(self)
    try write("a\tb\n1\t2\n3\t4\n", directory + "/data.csv")
    let result = try CLIRunner.run("validate-data", ["infer", "data.csv"], directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual(
      result.stderr,
      "validate-data: note: data.csv: delimiter tab detected (give --delimiter to choose)\n")
    XCTAssertEqual(
      try columns(result.stdout).compactMap { $0["type"] as? String }, ["integer", "integer"])
    XCTAssertEqual((try json(result.stdout)["dialect"] as? [String: String])?["delimiter"], "\t")
  }

  func testCommaFilesAndOneColumnFilesAreReadAsBeforeWithoutANote() throws {
    let directory = try makeTempDir(self)
    try write("a,b\n1,\"x;y\"\n2,\"z;w\"\n", directory + "/comma.csv")
    try write("only\n1\n2\n3\n", directory + "/one.csv")
    for (file, count) in [("comma.csv", 2), ("one.csv", 1)] {
      let result = try CLIRunner.run("validate-data", ["infer", file], directory: directory)
      XCTAssertEqual(result.status, 0, result.stderr)
      XCTAssertEqual(result.stderr, "", file)
      XCTAssertEqual(try columns(result.stdout).count, count, file)
      XCTAssertNil(try json(result.stdout)["dialect"], file)
    }
  }

  func testAmbiguousDelimiterIsRefusedWithTheCandidates() throws {
    let directory = try makeTempDir(self)
    try write("a,b;c\n1,2;3\n4,5;6\n", directory + "/data.csv")
    let result = try CLIRunner.run("validate-data", ["infer", "data.csv"], directory: directory)
    XCTAssertEqual(result.status, 65, result.stderr)
    XCTAssertEqual(
      result.stderr,
      "validate-data: error: data.csv: cannot tell the field delimiter: in the first 3 records: "
        + "',' gives 2 fields, ';' gives 2 fields, tab gives 1 field, '|' gives 1 field; "
        + "give --delimiter\n")
    XCTAssertEqual(result.stdout, "")
    let chosen = try CLIRunner.run(
      "validate-data", ["infer", "data.csv", "--delimiter", ";"], directory: directory)
    XCTAssertEqual(chosen.status, 0, chosen.stderr)
    XCTAssertEqual(try columns(chosen.stdout).map { $0["name"] as? String }, ["a,b", "c"])
  }

  func testSniffingWorksOnStandardInput() throws {
    let result = try CLIRunner.run(
      "validate-data", ["infer", "-"], stdin: Data("x|y\n1|2\n3|4\n".utf8))
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual(
      result.stderr,
      "validate-data: note: <stdin>: delimiter '|' detected (give --delimiter to choose)\n")
    XCTAssertEqual(try columns(result.stdout).count, 2)
  }

  // MARK: gzip

  func testGzipFilesAreReadByEveryTableTool() throws {
    let directory = try makeTempDir(self)
    var text = "x,y\n"
    // x is a float: a distinct integer per row would be key-like and left out of training.
    for row in 0..<40 { text += "\(row).5,\(row % 2)\n" }
    try write(text, directory + "/plain.csv")
    try gzip(Data(text.utf8)).write(to: URL(fileURLWithPath: directory + "/data.csv.gz"))
    let plain = try CLIRunner.run("validate-data", ["infer", "plain.csv"], directory: directory)
    let packed = try CLIRunner.run("validate-data", ["infer", "data.csv.gz"], directory: directory)
    XCTAssertEqual(packed.status, 0, packed.stderr)
    XCTAssertEqual(packed.stdout, plain.stdout)
    let profile = try CLIRunner.run(
      "validate-data", ["profile", "data.csv.gz"], directory: directory)
    XCTAssertEqual(profile.status, 0, profile.stderr)
    let train = try CLIRunner.run(
      "train", ["data.csv.gz", "--target", "y", "-o", "model.json"], directory: directory)
    XCTAssertEqual(train.status, 0, train.stderr)
    let predict = try CLIRunner.run("predict", ["model.json", "data.csv.gz"], directory: directory)
    XCTAssertEqual(predict.status, 0, predict.stderr)
    XCTAssertEqual(predict.stdout.split(separator: "\n").count, 41)
    let evaluate = try CLIRunner.run(
      "evaluate", ["model.json", "data.csv.gz", "--target", "y"], directory: directory)
    XCTAssertEqual(evaluate.status, 0, evaluate.stderr)
    let split = try CLIRunner.run(
      "split-data",
      ["data.csv.gz", "--test-fraction", "0.25", "--train-out", "a.csv", "--test-out", "b.csv"],
      directory: directory)
    XCTAssertEqual(split.status, 0, split.stderr)
  }

  func testGzipFormatComesFromTheInnerExtension() throws {
    let directory = try makeTempDir(self)
    try gzip(Data("a\tb\n1\t\"2\n".utf8)).write(to: URL(fileURLWithPath: directory + "/t.tsv.gz"))
    let result = try CLIRunner.run("validate-data", ["infer", "t.tsv.gz"], directory: directory)
    XCTAssertEqual(result.status, 0, result.stderr)
    // TSV does not quote: the quote is data, so b is a string.
    XCTAssertEqual(
      try columns(result.stdout).compactMap { $0["type"] as? String }, ["integer", "string"])
  }

  func testGzipOnStandardInputIsRecognisedByItsMagicBytes() throws {
    let result = try CLIRunner.run(
      "validate-data", ["infer", "-"], stdin: gzip(Data("x,y\n1,2\n".utf8)))
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual(try columns(result.stdout).count, 2)
  }

  func testMultiMemberGzipIsReadWhole() throws {
    var data = gzip(Data("x\n1\n".utf8))
    data.append(gzip(Data("2\n3\n".utf8)))
    let result = try CLIRunner.run("validate-data", ["infer", "-"], stdin: data)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual((try json(result.stdout)["rows"] as? [String: Any])?["observed"] as? Int, 3)
  }

  func testCorruptOrTruncatedGzipIsADataError() throws {
    let directory = try makeTempDir(self)
    let whole = gzip(Data("x,y\n1,2\n3,4\n".utf8))
    try whole.prefix(whole.count - 5).write(to: URL(fileURLWithPath: directory + "/cut.csv.gz"))
    var corrupt = whole
    corrupt[10] = 0x07  // a reserved deflate block type
    try corrupt.write(to: URL(fileURLWithPath: directory + "/bad.csv.gz"))
    let cut = try CLIRunner.run("validate-data", ["infer", "cut.csv.gz"], directory: directory)
    XCTAssertEqual(cut.status, 65, cut.stderr)
    XCTAssertTrue(
      cut.stderr.hasPrefix("validate-data: error: cut.csv.gz: truncated gzip stream"), cut.stderr)
    let bad = try CLIRunner.run(
      "split-data",
      ["bad.csv.gz", "--test-fraction", "0.5", "--train-out", "a.csv", "--test-out", "b.csv"],
      directory: directory)
    XCTAssertEqual(bad.status, 65, bad.stderr)
    XCTAssertTrue(
      bad.stderr.hasPrefix("split-data: error: bad.csv.gz: corrupt gzip stream: "), bad.stderr)
    XCTAssertTrue(bad.stderr.contains("at compressed byte"), bad.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/a.csv"))
  }

  // MARK: Decimal commas

  private func decimalCommaTable() -> String {
    var text = "price;kind;y\n"
    for row in 0..<60 { text += "\(row / 10),\(row % 10);\(row % 3 == 0 ? "a" : "b");\(row % 2)\n" }
    return text
  }

  func testDecimalCommasDrawAWarningWithTheFix() throws {
    let directory = try makeTempDir(self)
    try write(decimalCommaTable(), directory + "/data.csv")
    for arguments in [
      ["infer", "data.csv"], ["profile", "data.csv", "-o", "p.json"],
      ["profile", "data.csv", "--shard", "2/3", "-o", "p.json"],
    ] {
      let run = try CLIRunner.run("validate-data", arguments, directory: directory)
      XCTAssertEqual(run.status, 0, run.stderr)
      XCTAssertTrue(
        run.stderr.contains(
          "validate-data: warning: column 'price' looks like numbers with a decimal comma "
            + "(1,5); give --decimal ,\n"), "\(arguments): \(run.stderr)")
      XCTAssertFalse(run.stderr.contains("'kind'"), run.stderr)
    }
    let train = try CLIRunner.run(
      "train", ["data.csv", "--target", "y", "-o", "model.json"], directory: directory)
    XCTAssertEqual(train.status, 0, train.stderr)
    XCTAssertTrue(
      train.stderr.contains(
        "train: warning: column 'price' looks like numbers with a decimal comma (1,5); "
          + "give --decimal ,"), train.stderr)
  }

  func testDecimalOptionReadsCommaNumbersInEveryTool() throws {
    let directory = try makeTempDir(self)
    try write(decimalCommaTable(), directory + "/data.csv")
    let infer = try CLIRunner.run(
      "validate-data", ["infer", "data.csv", "--decimal", ","], directory: directory)
    XCTAssertEqual(infer.status, 0, infer.stderr)
    XCTAssertFalse(infer.stderr.contains("warning"), infer.stderr)
    let price = try XCTUnwrap(try columns(infer.stdout).first)
    XCTAssertEqual(price["type"] as? String, "float")
    XCTAssertEqual(price["role"] as? String, "numeric")
    let priceRange = price["observed"] as? [String: Any]
    XCTAssertEqual(priceRange?["min"] as? Double, 0.0)
    XCTAssertEqual(priceRange?["max"] as? Double, 5.9)
    XCTAssertEqual((try json(infer.stdout)["dialect"] as? [String: String])?["decimal"], ",")
    try write(infer.stdout, directory + "/schema.json")
    let check = try CLIRunner.run(
      "validate-data", ["check", "data.csv", "--schema", "schema.json", "--decimal", ","],
      directory: directory)
    XCTAssertEqual(check.status, 0, check.stderr)
    let profile = try CLIRunner.run(
      "validate-data", ["profile", "data.csv", "--decimal", ","], directory: directory)
    XCTAssertEqual(profile.status, 0, profile.stderr)
    XCTAssertTrue(profile.stdout.contains("\"type\": \"float\""), profile.stdout)
    XCTAssertFalse(profile.stderr.contains("warning"), profile.stderr)
    let train = try CLIRunner.run(
      "train", ["data.csv", "--target", "y", "--decimal", ",", "-o", "model.json"],
      directory: directory)
    XCTAssertEqual(train.status, 0, train.stderr)
    XCTAssertFalse(train.stderr.contains("warning"), train.stderr)
    // One number and the two kinds: three features, not sixty one-hot price columns.
    XCTAssertTrue(train.stderr.contains(", 3 features"), train.stderr)
    let predict = try CLIRunner.run(
      "predict", ["model.json", "data.csv", "--decimal", ","], directory: directory)
    XCTAssertEqual(predict.status, 0, predict.stderr)
    let evaluate = try CLIRunner.run(
      "evaluate", ["model.json", "data.csv", "--target", "y", "--decimal", ","],
      directory: directory)
    XCTAssertEqual(evaluate.status, 0, evaluate.stderr)
    let wrong = try CLIRunner.run(
      "validate-data", ["infer", "data.csv", "--decimal", ";"], directory: directory)
    XCTAssertEqual(wrong.status, 64, wrong.stderr)
  }

  func testDecimalCommaInAQuotedCommaSeparatedField() throws {
    let result = try CLIRunner.run(
      "validate-data", ["infer", "-", "--decimal", ","],
      stdin: Data("x,label\n\"1,5\",\"a,b\"\n\"-2,25e1\",c\n".utf8))
    XCTAssertEqual(result.status, 0, result.stderr)
    let list = try columns(result.stdout)
    let range = list[0]["observed"] as? [String: Any]
    XCTAssertEqual(range?["min"] as? Double, -22.5)
    XCTAssertEqual(range?["max"] as? Double, 1.5)
    XCTAssertEqual(list[1]["values"] as? [String], ["a,b", "c"])
  }

  // MARK: Numbers too large for a double

  private let overflowTable = "x,y\n1,0\n1e400,1\n3,0\n4,1\n5,0\n6,1\n"

  func testOverflowIsALocatedErrorInInferAndProfile() throws {
    let directory = try makeTempDir(self)
    try write(overflowTable, directory + "/data.csv")
    for subcommand in ["infer", "profile"] {
      let result = try CLIRunner.run(
        "validate-data", [subcommand, "data.csv"], directory: directory)
      XCTAssertEqual(result.status, 65, subcommand)
      XCTAssertEqual(
        result.stderr,
        "data.csv:3:1: error: value '1e400' in column 'x' is out of range for a double\n",
        subcommand)
      XCTAssertEqual(result.stdout, "", subcommand)
    }
  }

  func testOverflowIsAFindingInCheck() throws {
    let directory = try makeTempDir(self)
    try write(overflowTable, directory + "/data.csv")
    try write(
      """
      {"columns": [{"name": "x", "type": "float", "role": "numeric", "nullable": false},
      {"name": "y", "type": "integer", "role": "numeric", "nullable": false}]}
      """, directory + "/schema.json")
    let result = try CLIRunner.run(
      "validate-data", ["check", "data.csv", "--schema", "schema.json"], directory: directory)
    XCTAssertEqual(result.status, 1, result.stderr)
    XCTAssertTrue(
      result.stderr.contains(
        "data.csv:3:1: error: [type] x: value '1e400' is out of range for a double"),
      result.stderr)
  }

  func testOverflowIsALocatedErrorInTrainAndEvaluate() throws {
    let directory = try makeTempDir(self)
    try write(overflowTable, directory + "/data.csv")
    try write(overflowTable.replacingOccurrences(of: "1e400", with: "2"), directory + "/ok.csv")
    let message =
      "data.csv:3:1: error: value '1e400' in numeric column 'x' is out of range for a double\n"
    let train = try CLIRunner.run(
      "train", ["data.csv", "--target", "y", "-o", "model.json"], directory: directory)
    XCTAssertEqual(train.status, 65)
    XCTAssertEqual(train.stderr, message)
    let trained = try CLIRunner.run(
      "train", ["ok.csv", "--target", "y", "-o", "model.json"], directory: directory)
    XCTAssertEqual(trained.status, 0, trained.stderr)
    let evaluate = try CLIRunner.run(
      "evaluate", ["model.json", "data.csv", "--target", "y"], directory: directory)
    XCTAssertEqual(evaluate.status, 65)
    XCTAssertEqual(evaluate.stderr, message)
  }

  func testOverflowInATextColumnIsText() throws {
    for text in ["x\n1e400\nabc\n", "x\nabc\n1e400\n"] {
      let result = try CLIRunner.run("validate-data", ["infer", "-"], stdin: Data(text.utf8))
      XCTAssertEqual(result.status, 0, result.stderr)
      XCTAssertEqual(try columns(result.stdout).first?["type"] as? String, "string")
    }
  }

  func testOverflowErrorIsTheFirstInInputOrderWhateverTheThreads() throws {
    let directory = try makeTempDir(self)
    var lines = ["a,b"]
    for row in 0..<120_000 { lines.append("\(row),\(row)") }
    lines[90_001] = "1,-2e308"
    lines[100_001] = "1e999,1"
    try write(lines.joined(separator: "\r\n") + "\r\n", directory + "/big.csv")
    for threads in ["1", "4"] {
      let result = try CLIRunner.run(
        "validate-data", ["profile", "big.csv", "--threads", threads], directory: directory)
      XCTAssertEqual(result.status, 65)
      XCTAssertEqual(
        result.stderr,
        "big.csv:90002:2: error: value '-2e308' in column 'b' is out of range for a double\n")
    }
  }

  func testExplicitInfinityIsStillAFloat() throws {
    let result = try CLIRunner.run(
      "validate-data", ["infer", "-"], stdin: Data("x\n1\ninf\n-Infinity\n".utf8))
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual(try columns(result.stdout).first?["type"] as? String, "float")
  }

  // MARK: gzip writing for the tests (stored blocks: no zlib needed here)

  private func gzip(_ data: Data) -> Data {
    let bytes = [UInt8](data)
    var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
    var offset = 0
    repeat {
      let length = min(65535, bytes.count - offset)
      let last: UInt8 = offset + length == bytes.count ? 1 : 0
      out += [last, UInt8(length & 0xFF), UInt8(length >> 8)]
      out += [UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
      out += bytes[offset..<(offset + length)]
      offset += length
    } while offset < bytes.count
    let crc = crc32(bytes)
    let size = UInt32(truncatingIfNeeded: bytes.count)
    for value in [crc, size] {
      out += [0, 8, 16, 24].map { UInt8((value >> UInt32($0)) & 0xFF) }
    }
    return Data(out)
  }

  private func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }
}
