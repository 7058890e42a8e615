import Foundation
import SluiceCore
import XCTest

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

final class AtomicOutputTests: XCTestCase {
  func testCommitWritesTargetAndLeavesNoTemporary() throws {
    let dir = try makeTempDir(self)
    let target = dir + "/out.json"
    let output = try AtomicOutput(path: target)
    output.write("hello ")
    output.write(Array("world\n".utf8))
    try output.commit()
    XCTAssertEqual(try readText(target), "hello world\n")
    XCTAssertEqual(try listing(dir), ["out.json"])
  }

  func testTemporaryIsInTheSameDirectoryAndTargetAbsentUntilCommit() throws {
    let dir = try makeTempDir(self)
    let target = dir + "/model.json"
    let output = try AtomicOutput(path: target)
    output.write("partial")
    let temporary = try XCTUnwrap(output.temporaryPath)
    XCTAssertEqual((temporary as NSString).deletingLastPathComponent, dir)
    let name = (temporary as NSString).lastPathComponent
    XCTAssertTrue(name.hasPrefix(".model.json.") && name.hasSuffix(".tmp"), name)
    XCTAssertTrue(FileManager.default.fileExists(atPath: temporary))
    XCTAssertFalse(FileManager.default.fileExists(atPath: target))
    try output.commit()
    XCTAssertFalse(FileManager.default.fileExists(atPath: temporary))
    XCTAssertEqual(try readText(target), "partial")
  }

  func testDiscardAndDeinitLeaveNothing() throws {
    let dir = try makeTempDir(self)
    let output = try AtomicOutput(path: dir + "/a.csv")
    output.write("x")
    output.discard()
    output.discard()
    XCTAssertEqual(try listing(dir), [])
    do {
      let abandoned = try AtomicOutput(path: dir + "/b.csv")
      abandoned.write("y")
      XCTAssertEqual(try listing(dir).count, 1)
    }
    XCTAssertEqual(try listing(dir), [])
  }

  func testFailedRunKeepsPreviousTargetIntact() throws {
    let dir = try makeTempDir(self)
    let target = dir + "/metrics.json"
    try AtomicOutput.write("old\n", to: target)
    do {
      let output = try AtomicOutput(path: target)
      output.write("new but incomplete")
    }
    XCTAssertEqual(try readText(target), "old\n")
    XCTAssertEqual(try listing(dir), ["metrics.json"])
    try AtomicOutput.write(Array("new\n".utf8), to: target)
    XCTAssertEqual(try readText(target), "new\n")
  }

  func testMissingDirectoryIsCannotCreateOutput() throws {
    let dir = try makeTempDir(self)
    XCTAssertThrowsError(try AtomicOutput(path: dir + "/missing/out.json")) { error in
      guard let error = error as? CoreError else { return XCTFail("\(error)") }
      XCTAssertEqual(error.exitCode, .cannotCreateOutput)
      XCTAssertEqual(error.exitCode.rawValue, 73)
      XCTAssertEqual(
        error,
        .cannotCreateOutput(path: dir + "/missing/out.json", reason: "no such file or directory"))
    }
  }

  func testDirectoryTargetIsCannotCreateOutput() throws {
    let dir = try makeTempDir(self)
    XCTAssertThrowsError(try AtomicOutput(path: dir)) { error in
      XCTAssertEqual(error as? CoreError, .cannotCreateOutput(path: dir, reason: "is a directory"))
    }
    XCTAssertThrowsError(try AtomicOutput(path: dir + "/")) { error in
      XCTAssertEqual((error as? CoreError)?.exitCode, .cannotCreateOutput)
    }
    XCTAssertEqual(try listing(dir), [])
  }

  func testModeIsReadableRespectingUmask() throws {
    let dir = try makeTempDir(self)
    let target = dir + "/m.txt"
    try AtomicOutput.write("x", to: target)
    let mask = umask(0o022)
    umask(mask)
    let attributes = try FileManager.default.attributesOfItem(atPath: target)
    let mode = try XCTUnwrap(attributes[.posixPermissions] as? Int)
    XCTAssertEqual(mode, 0o666 & ~Int(mask))
  }

  func testDashWritesToTheGivenStandardOutput() throws {
    let stdout = ByteWriter.memory()
    let output = try AtomicOutput(path: "-", stdout: stdout)
    XCTAssertTrue(output.isStandardOutput)
    XCTAssertNil(output.temporaryPath)
    output.write("to stdout\n")
    try output.commit()
    XCTAssertEqual(stdout.text, "to stdout\n")
  }

  func testCommitTwiceIsAnInternalError() throws {
    let dir = try makeTempDir(self)
    let output = try AtomicOutput(path: dir + "/x")
    try output.commit()
    XCTAssertThrowsError(try output.commit()) { error in
      XCTAssertEqual((error as? CoreError)?.exitCode, .internalError)
    }
  }

  func testExistingNonRegularFileIsWrittenDirectlyNotReplaced() throws {
    let dir = try makeTempDir(self)
    let fifo = dir + "/pipe"
    XCTAssertEqual(mkfifo(fifo, 0o600), 0)
    let reader = open(fifo, O_RDONLY | O_NONBLOCK)
    XCTAssertGreaterThanOrEqual(reader, 0)
    defer { close(reader) }
    let output = try AtomicOutput(path: fifo)
    XCTAssertNil(output.temporaryPath)
    output.write("through the fifo")
    try output.commit()
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = read(reader, &buffer, buffer.count)
    XCTAssertEqual(
      String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self), "through the fifo")
    var info = stat()
    XCTAssertEqual(lstat(fifo, &info), 0)
    XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the FIFO must not be replaced")
    XCTAssertEqual(try listing(dir), ["pipe"])
  }

  func testSymlinkTargetIsReplacedAndLinkKept() throws {
    let dir = try makeTempDir(self)
    try FileManager.default.createDirectory(
      atPath: dir + "/real", withIntermediateDirectories: true)
    try AtomicOutput.write("old", to: dir + "/real/model.json")
    XCTAssertEqual(symlink(dir + "/real/model.json", dir + "/link.json"), 0)
    try AtomicOutput.write("new", to: dir + "/link.json")
    var info = stat()
    XCTAssertEqual(lstat(dir + "/link.json", &info), 0)
    XCTAssertEqual(info.st_mode & S_IFMT, S_IFLNK, "the symlink must stay a symlink")
    XCTAssertEqual(try readText(dir + "/real/model.json"), "new")
    XCTAssertEqual(try listing(dir + "/real"), ["model.json"])
  }

  /// A child process killed by SIGTERM removes registered temporaries and dies by the signal.
  func testSignalRemovesTemporaryAndReraises() throws {
    let dir = try makeTempDir(self)
    let output = try AtomicOutput(path: dir + "/big.csv")
    output.write("data")
    let temporary = try XCTUnwrap(output.temporaryPath)
    XCTAssertTrue(FileManager.default.fileExists(atPath: temporary))
    let child = fork()
    if child == 0 {
      raise(SIGTERM)
      _exit(99)
    }
    XCTAssertGreaterThan(child, 0)
    var status: Int32 = 0
    XCTAssertEqual(waitpid(child, &status, 0), child)
    XCTAssertEqual(status & 0x7F, SIGTERM, "child should die by SIGTERM, status \(status)")
    XCTAssertFalse(FileManager.default.fileExists(atPath: temporary))
    output.discard()
    XCTAssertEqual(try listing(dir), [])
  }
}
