import Foundation
import SluiceCore
import XCTest

/// `OutputSet`: a run's outputs appear together or not at all.
final class OutputSetTests: XCTestCase {
  func testAFailedRenameRestoresTheFilesAlreadyReplaced() throws {
    let directory = try makeTempDir(self)
    try "old first\n".write(toFile: directory + "/first.txt", atomically: true, encoding: .utf8)
    let outputs = OutputSet(stdout: .memory())
    try outputs.output(directory + "/first.txt").write("new first\n")
    try outputs.output(directory + "/new.txt").write("new\n")
    try outputs.output(directory + "/second.txt").write("new second\n")
    // A directory appears where the last output goes: its rename fails after the others.
    try FileManager.default.createDirectory(
      atPath: directory + "/second.txt", withIntermediateDirectories: false)
    XCTAssertThrowsError(try outputs.commit())
    XCTAssertEqual(try readText(directory + "/first.txt"), "old first\n")
    XCTAssertEqual(try listing(directory), ["first.txt", "second.txt"])
  }

  func testStandardOutputIsWrittenOnlyWhenEveryFileIsInPlace() throws {
    let directory = try makeTempDir(self)
    let stdout = ByteWriter.memory()
    let outputs = OutputSet(stdout: stdout)
    try outputs.output("-").write("printed\n")
    XCTAssertThrowsError(try outputs.output(directory + "/missing/x.txt"))
    outputs.discard()
    XCTAssertEqual(stdout.text, "")
    let second = OutputSet(stdout: stdout)
    try second.output("-").write("printed\n")
    try second.output(directory + "/x.txt").write("x\n")
    try second.commit()
    XCTAssertEqual(stdout.text, "printed\n")
    XCTAssertEqual(try readText(directory + "/x.txt"), "x\n")
  }

  func testTwoMembersNamingOneFileAreRefused() throws {
    let directory = try makeTempDir(self)
    let outputs = OutputSet(stdout: .memory())
    _ = try outputs.output(directory + "/a.txt")
    XCTAssertThrowsError(try outputs.output(directory + "/a.txt"))
    _ = try outputs.output("-")
    XCTAssertThrowsError(try outputs.output("-")) { error in
      XCTAssertEqual(
        error as? CoreError, .usage("two outputs of this run are both standard output ('-')"))
    }
    _ = try outputs.output("/dev/null")
    XCTAssertNoThrow(try outputs.output("/dev/null"))
  }
}
