import Foundation
import XCTest

/// Issue 16's known defects: NUL bytes read as text, and provenance naming HEAD's commit for
/// a work tree with uncommitted changes.
final class HardeningDefectsTests: XCTestCase {
  func testNULByteInAFieldIsBadDataNamingTheLine() throws {
    let directory = try makeTempDir(self)
    // Enough plain rows first that the fast path reads a batch before reaching the NUL.
    var text = "x,color,y\n"
    for row in 0..<500 { text += "\(row),red,\(row % 2)\n" }
    var data = Data(text.utf8)
    data.append(Data("501,bl".utf8) + Data([0]) + Data("ue,1\n".utf8))
    try data.write(to: URL(fileURLWithPath: directory + "/d.csv"))
    for arguments in [
      ["infer", "d.csv", "-o", "s.json"], ["profile", "d.csv", "-o", "p.json"],
    ] {
      let result = try CLIRunner.run("validate-data", arguments, directory: directory)
      XCTAssertEqual(result.status, 65, result.stderr)
      XCTAssertTrue(result.stderr.contains("d.csv:502:2:"), result.stderr)
      XCTAssertTrue(result.stderr.contains("NUL byte"), result.stderr)
    }
    let train = try CLIRunner.run(
      "train", ["d.csv", "--target", "y", "-o", "m.json", "--quiet"], directory: directory)
    XCTAssertEqual(train.status, 65, train.stderr)
    XCTAssertTrue(train.stderr.contains("d.csv:502:2:"), train.stderr)
  }

  func testNULByteInTheHeaderAndInJSONLines() throws {
    let directory = try makeTempDir(self)
    try (Data("a,b\0c\n1,2\n".utf8)).write(to: URL(fileURLWithPath: directory + "/h.csv"))
    let header = try CLIRunner.run(
      "validate-data", ["infer", "h.csv", "-o", "s.json"], directory: directory)
    XCTAssertEqual(header.status, 65, header.stderr)
    XCTAssertTrue(header.stderr.contains("h.csv:1:2:"), header.stderr)
    try (Data("{\"a\": \"x\0\"}\n".utf8)).write(to: URL(fileURLWithPath: directory + "/j.jsonl"))
    let lines = try CLIRunner.run(
      "validate-data", ["infer", "j.jsonl", "-o", "s.json"], directory: directory)
    XCTAssertEqual(lines.status, 65, lines.stderr)
    XCTAssertTrue(lines.stderr.contains("j.jsonl:1:"), lines.stderr)
  }

  func testDirtyWorkTreeIsRecordedInLineageAndProvenance() throws {
    let directory = try makeTempDir(self)
    try PackageModelTests.writeInputs(directory)
    try "v1\n".write(toFile: directory + "/notes.txt", atomically: true, encoding: .utf8)
    let (status, output) = try PackageModelTests.shell(
      "git init -q . && git add m.json notes.txt d.csv && git -c user.name=t -c user.email=t@t "
        + "commit -q -m m", directory: directory)
    XCTAssertEqual(status, 0, output)
    let environment = ["GIT_DIR": directory + "/.git", "SOURCE_DATE_EPOCH": "0"]
    let clean = try CLIRunner.run(
      "package-model", ["m.json", "--name", "g", "--model-version", "1", "-o", "clean.tar.gz"],
      directory: directory, environment: environment)
    XCTAssertEqual(clean.status, 0, clean.stderr)
    let (_, cleanLineage) = try PackageModelTests.shell(
      "tar -xzOf clean.tar.gz g-1/lineage.json", directory: directory)
    XCTAssertTrue(cleanLineage.contains("\"git_dirty\": false"), cleanLineage)
    XCTAssertTrue(cleanLineage.contains("\"git_changed_file_count\": 0"), cleanLineage)

    // A changed tracked file, a staged deletion and an untracked file (which does not count).
    try "v2\n".write(toFile: directory + "/notes.txt", atomically: true, encoding: .utf8)
    try "new\n".write(toFile: directory + "/untracked.txt", atomically: true, encoding: .utf8)
    let (removed, removeOutput) = try PackageModelTests.shell(
      "git rm -q --cached d.csv", directory: directory)
    XCTAssertEqual(removed, 0, removeOutput)
    let dirty = try CLIRunner.run(
      "package-model", ["m.json", "--name", "g", "--model-version", "1", "-o", "dirty.tar.gz"],
      directory: directory, environment: environment)
    XCTAssertEqual(dirty.status, 0, dirty.stderr)
    let (_, lineage) = try PackageModelTests.shell(
      "tar -xzOf dirty.tar.gz g-1/lineage.json g-1/MODEL_CARD.md && cat dirty.tar.gz.intoto.json",
      directory: directory)
    XCTAssertTrue(lineage.contains("\"git_dirty\": true"), lineage)
    XCTAssertTrue(lineage.contains("\"git_changed_file_count\": 2"), lineage)
    XCTAssertTrue(lineage.contains("\"d.csv\",\n    \"notes.txt\""), lineage)
    XCTAssertFalse(lineage.contains("untracked.txt"), lineage)
    XCTAssertTrue(lineage.contains("uncommitted changes to 2 tracked files"), lineage)
    XCTAssertTrue(lineage.contains("\"dirty\": true"), lineage)
    XCTAssertTrue(lineage.contains("\"changed_file_count\": 2"), lineage)
  }
}
