import Foundation
import XCTest

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Faults while writing outputs (docs/hardening.md, "Faults"): an unwritable folder, a full
/// disk, signals and SIGKILL mid-write, two runs racing for one output. Every output is
/// either the previous file or the new one, whole.
///
/// Mid-write is made deterministic by the test hook `SLUICE_TEST_HOOK_PAUSE_AT` (`flush`:
/// before an output's final flush, part of it written; `rename`: before its rename), which
/// appends the target to `SLUICE_TEST_HOOK_PAUSE_MARKER` and pauses the run.
final class FaultInjectionTests: XCTestCase {
  private var mounts: [String] = []

  override func tearDown() {
    for mount in mounts.reversed() { _ = Self.shell("umount '\(mount)'") }
    mounts = []
    super.tearDown()
  }

  // MARK: fixtures

  /// A folder holding `data.csv`: 4,000 rows (about 190 KB), more than a 64 KiB buffer and
  /// a 64 KiB tmpfs.
  private func fixture() throws -> String {
    let directory = NSTemporaryDirectory() + "sluice-faults-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
    var text = "id,x,y,label,comment\n"
    for row in 0..<4000 {
      text += "\(row),\(Double(row) * 0.37),\(row % 17),\(row % 3 == 0 ? "a" : "b"),"
      text += "row number \(row) of the fault-injection fixture\n"
    }
    try text.write(toFile: directory + "/data.csv", atomically: true, encoding: .utf8)
    return directory
  }

  private static let splitArguments = [
    "data.csv", "--test-fraction", "0.5", "--seed", "1",
    "--train-out", "out/train.csv", "--test-out", "out/test.csv",
  ]

  private func read(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
  }

  private func temporaries(_ directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasSuffix(".tmp") || $0.hasSuffix(".tmp.prev") }.sorted()
  }

  @discardableResult
  private static func shell(_ command: String) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return -1 }
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// Mounts a tmpfs of `size` (with `options`) on a new folder `name` in `directory`; skips
  /// when this process may not mount (not root, or no CAP_SYS_ADMIN).
  private func mountTmpfs(in directory: String, name: String, options: String) throws -> String {
    let path = directory + "/" + name
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    let status = Self.shell("mount -t tmpfs -o '\(options)' tmpfs '\(path)'")
    guard status == 0 else {
      throw XCTSkip(
        "cannot mount a tmpfs here (mount exit \(status); needs root with CAP_SYS_ADMIN)")
    }
    mounts.append(path)
    return path
  }

  /// A tool started with the pause hook; `waitForPause(count)` returns once it has paused
  /// `count` times in all, and the targets it paused on.
  private final class PausedRun {
    let process = Process()
    let marker: String

    init(_ tool: String, _ args: [String], in directory: String, at point: String) throws {
      marker = directory + "/pause-marker-" + UUID().uuidString
      process.executableURL = URL(fileURLWithPath: CLIRunner.executable(tool))
      process.arguments = args
      process.currentDirectoryURL = URL(fileURLWithPath: directory)
      var environment = ProcessInfo.processInfo.environment
      environment["SLUICE_TEST_HOOK_PAUSE_AT"] = point
      environment["SLUICE_TEST_HOOK_PAUSE_MARKER"] = marker
      process.environment = environment
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      process.standardInput = FileHandle.nullDevice
      try process.run()
    }

    /// Lets the run carry on from its current pause.
    func resume() {
      FileManager.default.createFile(atPath: marker + ".go", contents: Data())
    }

    func waitForPause(_ count: Int) throws -> [String] {
      let deadline = Date().addingTimeInterval(120)
      while Date() < deadline {
        let text =
          FileManager.default.contents(atPath: marker)
          .map { String(decoding: $0, as: UTF8.self) } ?? ""
        let lines = text.split(separator: "\n").map(String.init)
        if lines.count >= count { return lines }
        guard process.isRunning else { break }
        usleep(20_000)
      }
      process.terminate()
      throw XCTSkip("the run never paused (hook inert?)")
    }

    /// Sends `signal` and waits; returns the exit status (128 + signal when killed by one).
    func signal(_ number: Int32) -> Int32 {
      kill(process.processIdentifier, number)
      process.waitUntilExit()
      return process.terminationReason == .uncaughtSignal
        ? 128 + process.terminationStatus : process.terminationStatus
    }
  }

  /// Puts an old version of both split outputs in `directory/out`.
  private func plantOldOutputs(_ directory: String) throws {
    try FileManager.default.createDirectory(
      atPath: directory + "/out", withIntermediateDirectories: true)
    for name in ["train.csv", "test.csv"] {
      try "old \(name)\n".write(
        toFile: directory + "/out/" + name, atomically: true, encoding: .utf8)
    }
  }

  private func assertOldOutputs(_ directory: String, line: UInt = #line) {
    for name in ["train.csv", "test.csv"] {
      XCTAssertEqual(read(directory + "/out/" + name), "old \(name)\n", name, line: line)
    }
  }

  // MARK: output folder not writable

  func testAnUnwritableOutputFolderIs73AndNothingIsWritten() throws {
    let directory = try fixture()
    let folder: String
    if geteuid() == 0 {
      // root writes through mode bits, so a read-only mount makes the folder unwritable
      folder = try mountTmpfs(in: directory, name: "ro", options: "ro,size=64k")
    } else {
      folder = directory + "/ro"
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      chmod(folder, 0o555)
      addTeardownBlock { chmod(folder, 0o755) }
    }
    let infer = try CLIRunner.run(
      "validate-data", ["infer", "data.csv", "-o", "ro/schema.json"], directory: directory)
    XCTAssertEqual(infer.status, 73, infer.stderr)
    XCTAssertTrue(infer.stderr.contains("ro/schema.json"), infer.stderr)
    let split = try CLIRunner.run(
      "split-data",
      ["data.csv", "--test-fraction", "0.5", "--train-out", "t.csv", "--test-out", "ro/s.csv"],
      directory: directory)
    XCTAssertEqual(split.status, 73, split.stderr)
    XCTAssertTrue(split.stderr.contains("ro/s.csv"), split.stderr)
    XCTAssertNil(read(directory + "/t.csv"), "an output of a failed run was left")
    XCTAssertEqual(temporaries(directory), [])
  }

  // MARK: disk full

  func testDevFullIs74AndTheOtherOutputsAreNotWritten() throws {
    let directory = try fixture()
    let infer = try CLIRunner.run(
      "validate-data", ["infer", "data.csv", "-o", "/dev/full"], directory: directory)
    XCTAssertEqual(infer.status, 74, infer.stderr)
    XCTAssertTrue(infer.stderr.contains("no space left on device"), infer.stderr)
    try plantOldOutputs(directory)
    let split = try CLIRunner.run(
      "split-data",
      [
        "data.csv", "--test-fraction", "0.5", "--train-out", "out/train.csv",
        "--test-out", "/dev/full",
      ],
      directory: directory)
    XCTAssertEqual(split.status, 74, split.stderr)
    XCTAssertTrue(split.stderr.contains("/dev/full"), split.stderr)
    XCTAssertEqual(read(directory + "/out/train.csv"), "old train.csv\n")
    XCTAssertEqual(temporaries(directory + "/out"), [])
  }

  func testAFullTmpfsIs74AndKeepsThePreviousOutputs() throws {
    let directory = try fixture()
    let small = try mountTmpfs(in: directory, name: "out", options: "size=64k")
    for name in ["train.csv", "test.csv"] {
      try "old \(name)\n".write(toFile: small + "/" + name, atomically: true, encoding: .utf8)
    }
    let split = try CLIRunner.run("split-data", Self.splitArguments, directory: directory)
    XCTAssertEqual(split.status, 74, split.stderr)
    XCTAssertTrue(split.stderr.contains("no space left on device"), split.stderr)
    assertOldOutputs(directory)
    XCTAssertEqual(temporaries(small), [])
    // A single output that does not fit: the same.
    let profile = try CLIRunner.run(
      "validate-data", ["profile", "data.csv", "-o", "out/profile.json"], directory: directory)
    if profile.status != 0 {
      XCTAssertEqual(profile.status, 74, profile.stderr)
      XCTAssertNil(read(small + "/profile.json"))
    }
    XCTAssertEqual(temporaries(small), [])
  }

  // MARK: signals mid-write

  func testSIGINTAndSIGTERMMidWriteLeaveNoTemporaryAndThePreviousOutputs() throws {
    let directory = try fixture()
    for number in [SIGINT, SIGTERM] {
      try plantOldOutputs(directory)
      let run = try PausedRun("split-data", Self.splitArguments, in: directory, at: "flush")
      _ = try run.waitForPause(1)
      // Mid-write: both temporary files exist, the first one holding part of its bytes.
      let left = temporaries(directory + "/out")
      XCTAssertEqual(left.count, 2, "\(left)")
      XCTAssertEqual(run.signal(number), 128 + number, "\(number)")
      XCTAssertEqual(temporaries(directory + "/out"), [], "\(number)")
      assertOldOutputs(directory)
    }
    // A single output (AtomicOutput alone), complete but not yet renamed.
    for number in [SIGINT, SIGTERM] {
      try "old schema\n".write(
        toFile: directory + "/out/schema.json", atomically: true, encoding: .utf8)
      let run = try PausedRun(
        "validate-data", ["infer", "data.csv", "-o", "out/schema.json"], in: directory,
        at: "rename")
      _ = try run.waitForPause(1)
      XCTAssertEqual(run.signal(number), 128 + number)
      XCTAssertEqual(temporaries(directory + "/out"), [])
      XCTAssertEqual(read(directory + "/out/schema.json"), "old schema\n")
    }
  }

  /// SIGTERM between the renames of an output set is acted on after the last rename: every
  /// output is new and whole, and the run then ends by the signal.
  func testSIGTERMBetweenTheRenamesOfASetCompletesTheSet() throws {
    let directory = try fixture()
    let reference = try CLIRunner.run(
      "split-data",
      [
        "data.csv", "--test-fraction", "0.5", "--seed", "1",
        "--train-out", "train.csv", "--test-out", "test.csv",
      ],
      directory: directory)
    XCTAssertEqual(reference.status, 0, reference.stderr)
    try plantOldOutputs(directory)
    let run = try PausedRun("split-data", Self.splitArguments, in: directory, at: "rename")
    _ = try run.waitForPause(1)
    run.resume()
    _ = try run.waitForPause(2)
    XCTAssertEqual(run.signal(SIGTERM), 128 + SIGTERM)
    for name in ["train.csv", "test.csv"] {
      XCTAssertEqual(read(directory + "/out/" + name), read(directory + "/" + name), name)
    }
    XCTAssertEqual(temporaries(directory + "/out"), [])
  }

  // MARK: SIGKILL

  /// SIGKILL mid-write leaves the temporary files; the next run writing to the folder removes
  /// them, and nothing else.
  func testSIGKILLLeavesTemporariesThatTheNextRunRemoves() throws {
    let directory = try fixture()
    try plantOldOutputs(directory)
    let out = directory + "/out"
    let run = try PausedRun("split-data", Self.splitArguments, in: directory, at: "flush")
    _ = try run.waitForPause(1)
    XCTAssertEqual(run.signal(SIGKILL), 128 + SIGKILL)
    let left = temporaries(out)
    XCTAssertEqual(left.count, 2, "\(left)")
    XCTAssertTrue(left.allSatisfy { $0.contains(".sluice\(run.process.processIdentifier).") })
    assertOldOutputs(directory)
    // Files the sweep must leave alone: the user's, an older Sluice's (no PID), a live
    // process's (this test's), a symlink of the right shape.
    let alive = getpid()
    let keep = [
      ".notes.tmp", ".train.csv.Ab12Cd.tmp", ".train.csv.sluice\(alive).Ab12Cd.tmp",
      "train.csv.sluice1.Ab12Cd.tmp", ".x.sluiceabc.Ab12Cd.tmp",
    ]
    for name in keep {
      try "user\n".write(toFile: out + "/" + name, atomically: false, encoding: .utf8)
    }
    try FileManager.default.createSymbolicLink(
      atPath: out + "/.y.sluice999999.Ab12Cd.tmp", withDestinationPath: "train.csv")
    let next = try CLIRunner.run(
      "validate-data", ["infer", "data.csv", "-o", "out/schema.json"], directory: directory)
    XCTAssertEqual(next.status, 0, next.stderr)
    let remaining = ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).sorted()
    XCTAssertEqual(
      remaining,
      (keep + [".y.sluice999999.Ab12Cd.tmp", "schema.json", "test.csv", "train.csv"]).sorted())
    assertOldOutputs(directory)
  }

  /// SIGKILL between the renames of an output set: the outputs renamed so far are new, the
  /// rest old, and the set's temporaries (the unrenamed files, the backups of replaced ones)
  /// stay until the next run in the folder.
  func testSIGKILLBetweenRenamesLeavesAMixedSetDocumented() throws {
    let directory = try fixture()
    let reference = try CLIRunner.run(
      "split-data",
      [
        "data.csv", "--test-fraction", "0.5", "--seed", "1",
        "--train-out", "train.csv", "--test-out", "test.csv",
      ],
      directory: directory)
    XCTAssertEqual(reference.status, 0, reference.stderr)
    try plantOldOutputs(directory)
    let run = try PausedRun("split-data", Self.splitArguments, in: directory, at: "rename")
    _ = try run.waitForPause(1)
    run.resume()
    let paused = try run.waitForPause(2)
    XCTAssertEqual(run.signal(SIGKILL), 128 + SIGKILL)
    let first = (paused[0] as NSString).lastPathComponent
    let second = (paused[1] as NSString).lastPathComponent
    XCTAssertEqual(read(directory + "/out/" + first), read(directory + "/" + first))
    XCTAssertEqual(read(directory + "/out/" + second), "old \(second)\n")
    // Left: the second output's temporary file and the backups (hard links) of both
    // replaced files, taken before each rename.
    let left = temporaries(directory + "/out")
    XCTAssertEqual(left.count, 3, "\(left)")
    XCTAssertTrue(left.contains { $0.hasPrefix(".\(second).") && $0.hasSuffix(".tmp") })
    for name in [first, second] {
      let prev = try XCTUnwrap(left.first { $0.hasPrefix(".\(name).") && $0.hasSuffix(".prev") })
      XCTAssertEqual(read(directory + "/out/" + prev), "old \(name)\n")
    }
    let next = try CLIRunner.run("split-data", Self.splitArguments, directory: directory)
    XCTAssertEqual(next.status, 0, next.stderr)
    XCTAssertEqual(temporaries(directory + "/out"), [])
  }

  // MARK: two runs at once

  func testTwoRunsWritingTheSameOutputsLeaveWholeFiles() throws {
    let directory = try fixture()
    var expected: [String: Set<String>] = ["train.csv": [], "test.csv": []]
    for seed in ["1", "2"] {
      let result = try CLIRunner.run(
        "split-data",
        [
          "data.csv", "--test-fraction", "0.5", "--seed", seed,
          "--train-out", "train-\(seed).csv", "--test-out", "test-\(seed).csv",
        ],
        directory: directory)
      XCTAssertEqual(result.status, 0, result.stderr)
      for name in ["train", "test"] {
        expected[name + ".csv", default: []].insert(
          read(directory + "/\(name)-\(seed).csv") ?? "")
      }
    }
    try FileManager.default.createDirectory(
      atPath: directory + "/out", withIntermediateDirectories: true)
    for _ in 0..<4 {
      let group = DispatchGroup()
      for seed in ["1", "2"] {
        group.enter()
        DispatchQueue.global().async {
          var args = Self.splitArguments
          args[4] = seed
          let result = try? CLIRunner.run("split-data", args, directory: directory)
          XCTAssertEqual(result?.status, 0, result?.stderr ?? "")
          group.leave()
        }
      }
      group.wait()
      for name in ["train.csv", "test.csv"] {
        let text = read(directory + "/out/" + name) ?? ""
        XCTAssertTrue(expected[name]?.contains(text) ?? false, "\(name) is not whole")
      }
      XCTAssertEqual(temporaries(directory + "/out"), [])
    }
  }
}
