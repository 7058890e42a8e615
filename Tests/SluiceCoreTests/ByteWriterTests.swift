import Foundation
import SluiceCore
import XCTest

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

final class ByteWriterTests: XCTestCase {
  override func setUp() {
    super.setUp()
    signal(SIGPIPE, SIG_IGN)
  }

  func testMemoryWriterCapturesEverything() {
    let writer = ByteWriter.memory()
    writer.write("héllo ")
    writer.write([0x41, 0x42])
    Array("!".utf8).withUnsafeBytes { writer.write(bytes: $0) }
    XCTAssertEqual(writer.text, "héllo AB!")
    XCTAssertNil(writer.failure)
  }

  func testDescriptorWriterBuffersUntilFlush() throws {
    let dir = try makeTempDir(self)
    let path = dir + "/f"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    XCTAssertGreaterThanOrEqual(fd, 0)
    defer { close(fd) }
    let writer = ByteWriter(fileDescriptor: fd, bufferSize: 16)
    writer.write("abc")
    XCTAssertEqual(try readText(path), "")
    writer.write(String(repeating: "x", count: 40))
    XCTAssertEqual(try readText(path).count, 43)
    writer.write("tail")
    writer.flush()
    XCTAssertEqual(try readText(path), "abc" + String(repeating: "x", count: 40) + "tail")
  }

  func testBrokenPipeIsRecordedNotFatalInProcess() {
    var fds: [Int32] = [0, 0]
    XCTAssertEqual(pipe(&fds), 0)
    close(fds[0])
    defer { close(fds[1]) }
    let writer = ByteWriter(fileDescriptor: fds[1])
    writer.write("lost")
    writer.flush()
    XCTAssertEqual(writer.failure, EPIPE)
    XCTAssertTrue(writer.brokenPipe)
  }

  func testFullDeviceIsRecorded() throws {
    let fd = open("/dev/full", O_WRONLY)
    try XCTSkipIf(fd < 0, "/dev/full not available")
    defer { close(fd) }
    let writer = ByteWriter(fileDescriptor: fd)
    writer.write("x")
    writer.flush()
    XCTAssertEqual(writer.failure, ENOSPC)
    XCTAssertFalse(writer.brokenPipe)
  }
}
