import Dispatch
import Foundation
import XCTest

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The outcome of running a tool as a child process.
struct CLIResult {
  var stdout: String
  var stderr: String
  var status: Int32
  var stdoutBytes: Data
}

/// Runs the built Sluice executables as child processes.
enum CLIRunner {
  /// The directory holding the executables under test: `SLUICE_BIN_DIR` when set (ci/test
  /// points it at one release build that every integration test shares), else the debug
  /// build next to the test bundle.
  static let binDirectory: URL = {
    if let dir = ProcessInfo.processInfo.environment["SLUICE_BIN_DIR"], !dir.isEmpty {
      return URL(fileURLWithPath: dir, isDirectory: true)
    }
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      return bundle.bundleURL.deletingLastPathComponent()
    }
    return Bundle.main.bundleURL
  }()

  /// The path of the built executable `tool`.
  static func executable(_ tool: String) -> String {
    binDirectory.appendingPathComponent(tool).path
  }

  /// Runs `tool` with `args`, optional stdin bytes, working directory and extra environment.
  static func run(
    _ tool: String, _ args: [String], stdin: Data? = nil, directory: String? = nil,
    environment: [String: String] = [:]
  ) throws -> CLIResult {
    signal(SIGPIPE, SIG_IGN)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable(tool))
    process.arguments = args
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { _, new in new }
    process.environment = env
    let outPipe = Pipe()
    let errPipe = Pipe()
    let inPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    process.standardInput = inPipe
    try process.run()
    let collected = Collected()
    let group = DispatchGroup()
    for (index, pipe) in [outPipe, errPipe].enumerated() {
      group.enter()
      DispatchQueue.global().async {
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        collected.set(index, data)
        group.leave()
      }
    }
    if let stdin, !stdin.isEmpty { try? inPipe.fileHandleForWriting.write(contentsOf: stdin) }
    try? inPipe.fileHandleForWriting.close()
    group.wait()
    process.waitUntilExit()
    let status =
      process.terminationReason == .uncaughtSignal
      ? 128 + process.terminationStatus : process.terminationStatus
    return CLIResult(
      stdout: String(decoding: collected.get(0), as: UTF8.self),
      stderr: String(decoding: collected.get(1), as: UTF8.self),
      status: status, stdoutBytes: collected.get(0))
  }

  /// Runs `tool` with its standard output connected to a pipe nobody reads (closed before
  /// start) and SIGPIPE at its default action, so its first write to stdout fails with
  /// EPIPE unless the tool ignores SIGPIPE; returns (stderr, status).
  ///
  /// Uses `posix_spawn` directly: Foundation's `Process` would let the child inherit this
  /// test process's ignored SIGPIPE, which would hide a tool that forgets to ignore it.
  static func runIntoClosedPipe(_ tool: String, _ args: [String]) throws -> (String, Int32) {
    signal(SIGPIPE, SIG_IGN)
    var out: [Int32] = [0, 0]
    var err: [Int32] = [0, 0]
    guard pipe(&out) == 0, pipe(&err) == 0 else { throw POSIXError(.EMFILE) }
    close(out[0])

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, out[1], 1)
    posix_spawn_file_actions_adddup2(&actions, err[1], 2)
    posix_spawn_file_actions_addclose(&actions, out[1])
    posix_spawn_file_actions_addclose(&actions, err[0])
    posix_spawn_file_actions_addclose(&actions, err[1])

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGPIPE)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))

    let path = executable(tool)
    var argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, &actions, &attributes, &argv, environ)
    close(out[1])
    close(err[1])
    guard spawned == 0 else {
      close(err[0])
      throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL)
    }
    let stderr = FileHandle(fileDescriptor: err[0], closeOnDealloc: true).readDataToEndOfFile()
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let signalled = status & 0x7F
    let exitStatus = signalled == 0 ? (status >> 8) & 0xFF : 128 + signalled
    return (String(decoding: stderr, as: UTF8.self), exitStatus)
  }
}

/// Thread-safe storage for the two pipes' contents.
private final class Collected: @unchecked Sendable {
  private let lock = NSLock()
  private var data: [Int: Data] = [:]

  func set(_ index: Int, _ value: Data) {
    lock.lock()
    data[index] = value
    lock.unlock()
  }

  func get(_ index: Int) -> Data {
    lock.lock()
    defer { lock.unlock() }
    return data[index] ?? Data()
  }
}

/// Runs `executable` with `arguments` to completion, in `directory` and with `environment`
/// when given (else this process's), standard input `/dev/null` when `nullInput`; returns its
/// status and its standard output and error merged in the order written.
func runMerged(
  _ executable: String, _ arguments: [String], directory: String? = nil,
  environment: [String: String]? = nil, nullInput: Bool = false
) throws -> (status: Int32, output: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
  if let environment { process.environment = environment }
  if nullInput { process.standardInput = FileHandle.nullDevice }
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The JSON object in the file at `path` (fails the test when the file holds another value).
func jsonObject(atPath path: String) throws -> [String: Any] {
  let data = try Data(contentsOf: URL(fileURLWithPath: path))
  return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

/// Creates a fresh, empty temporary directory removed when the test ends.
func makeTempDir(_ test: XCTestCase) throws -> String {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("sluice-cli-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
  return url.path
}

/// A fresh directory holding m.json (PredictTests' binary model) and d.csv (four rows of
/// data it can score, one with a category the model never saw).
func makeModelFixture(_ test: XCTestCase) throws -> String {
  let directory = try makeTempDir(test)
  try PredictTests.model.write(toFile: directory + "/m.json", atomically: true, encoding: .utf8)
  let data = "id,x,c,y\nr1,0,a,no\nr2,1,zzz,yes\nr3,2,a,yes\nr4,-1,a,no\n"
  try data.write(toFile: directory + "/d.csv", atomically: true, encoding: .utf8)
  return directory
}
