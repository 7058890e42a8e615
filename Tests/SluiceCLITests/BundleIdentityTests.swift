import Foundation
import XCTest

/// Issue 14, a bundle's identity independent of zlib: the SHA-256 of the uncompressed tar
/// stream, which `verify` reports, is the same for the archive `package-model` wrote and for
/// its tar re-compressed by another gzip (Python's zlib at levels 1 and 9), while the
/// archive's own sha256 differs.
final class BundleIdentityTests: XCTestCase {
  /// `verify --json -`'s tar and archive digests.
  private func digests(_ archive: String, in directory: String) throws -> (
    tar: String, archive: String
  ) {
    let result = try CLIRunner.run(
      "package-model", ["verify", archive, "--json", "-"], directory: directory)
    XCTAssertEqual(result.status, 0, "\(archive): \(result.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    let report = try XCTUnwrap((json as? [String: Any])?["result"] as? [String: Any])
    return (
      try XCTUnwrap(report["tar_sha256"] as? String, result.stdout),
      try XCTUnwrap(report["archive_sha256"] as? String, result.stdout)
    )
  }

  func testRecompressedBundleHasTheSameIdentity() throws {
    let directory = try makeTempDir(self)
    try PackageModelTests.writeInputs(directory)
    let build = try CLIRunner.run(
      "package-model",
      ["m.json", "--name", "demo", "--model-version", "1", "--data", "d.csv", "-o", "b.tar.gz"],
      directory: directory)
    XCTAssertEqual(build.status, 0, build.stderr)
    let original = try digests("b.tar.gz", in: directory)

    // The identity is the plain sha256 of the decompressed stream.
    let compressed = try Data(contentsOf: URL(fileURLWithPath: directory + "/b.tar.gz"))
    let script = """
      import gzip, hashlib, sys
      tar = gzip.decompress(open("b.tar.gz", "rb").read())
      print(hashlib.sha256(tar).hexdigest())
      for level in (1, 9):
          data = gzip.compress(tar, compresslevel=level, mtime=0)
          open(f"level{level}.tar.gz", "wb").write(data)
      """
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = ["python3", "-c", script]
    python.currentDirectoryURL = URL(fileURLWithPath: directory)
    let output = Pipe()
    python.standardOutput = output
    try python.run()
    python.waitUntilExit()
    XCTAssertEqual(python.terminationStatus, 0)
    let reference = String(
      decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self
    ).trimmingCharacters(in: .whitespacesAndNewlines)
    XCTAssertEqual(original.tar, reference)

    var levels = 0
    for name in ["level1.tar.gz", "level9.tar.gz"] {
      let recompressed = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
      XCTAssertNotEqual(recompressed, compressed, "\(name) is another compression")
      let other = try digests(name, in: directory)
      XCTAssertEqual(other.tar, original.tar, name)
      XCTAssertNotEqual(other.archive, original.archive, name)
      let summary = try CLIRunner.run("package-model", ["verify", name], directory: directory)
      XCTAssertTrue(summary.stderr.contains("tar sha256 \(original.tar)"), summary.stderr)
      levels += 1
    }
    XCTAssertEqual(levels, 2)
  }
}
