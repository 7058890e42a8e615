import SluiceCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs `git` as a child process (via `/usr/bin/env`, so PATH decides which git).
public enum GitRunner {
  /// What a git command printed and how it ended.
  public struct Output: Sendable {
    /// Standard output.
    public var stdout: [UInt8]
    /// Standard error, as text.
    public var stderr: String
    /// The exit status (128 + signal when killed).
    public var status: Int32
  }

  /// Runs `git ARGUMENTS` in `directory` (nil: the current one); throws when git cannot start.
  public static func run(_ arguments: [String], directory: String? = nil) throws(CoreError)
    -> Output
  {
    var out: [Int32] = [0, 0]
    var err: [Int32] = [0, 0]
    guard pipe(&out) == 0 else { throw spawnFailure(errno) }
    guard pipe(&err) == 0 else {
      close(out[0])
      close(out[1])
      throw spawnFailure(errno)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, out[1], 1)
    posix_spawn_file_actions_adddup2(&actions, err[1], 2)
    for descriptor in [out[0], out[1], err[0], err[1]] {
      posix_spawn_file_actions_addclose(&actions, descriptor)
    }
    var command = ["/usr/bin/env", "git"]
    if let directory { command += ["-C", directory] }
    command += arguments
    var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    // A prompt for credentials or a pager must never block a CI job.
    var environment = ProcessEnvironment.current
    environment["GIT_TERMINAL_PROMPT"] = "0"
    environment["GIT_PAGER"] = "cat"
    environment["LC_ALL"] = "C"
    var envp: [UnsafeMutablePointer<CChar>?] =
      environment.keys.sorted().map { strdup("\($0)=\(environment[$0] ?? "")") } + [nil]
    defer { for pointer in envp { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, &argv, &envp)
    close(out[1])
    close(err[1])
    guard spawned == 0 else {
      close(out[0])
      close(err[0])
      throw spawnFailure(spawned)
    }
    let (stdout, stderr) = drain(out[0], err[0])
    close(out[0])
    close(err[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let signalled = status & 0x7F
    let code = signalled == 0 ? (status >> 8) & 0xFF : 128 + signalled
    if code == 127 {
      throw .missingInput(path: "git", reason: "git is not installed or not on PATH")
    }
    return Output(stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self), status: code)
  }

  private static func spawnFailure(_ code: Int32) -> CoreError {
    .missingInput(path: "git", reason: "cannot run git: \(systemErrorDescription(code))")
  }

  /// Reads both pipes to their ends without letting either fill up and block the child.
  private static func drain(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
    var buffers: [[UInt8]] = [[], []]
    var open = [true, true]
    let descriptors = [first, second]
    var chunk = [UInt8](repeating: 0, count: 65536)
    while open[0] || open[1] {
      var polls = descriptors.enumerated().map { index, descriptor in
        pollfd(fd: open[index] ? descriptor : -1, events: Int16(POLLIN), revents: 0)
      }
      let ready = poll(&polls, nfds_t(polls.count), -1)
      if ready < 0 {
        if errno == EINTR { continue }
        break
      }
      for index in 0..<2 where open[index] && polls[index].revents != 0 {
        let count = chunk.withUnsafeMutableBytes {
          read(descriptors[index], $0.baseAddress, $0.count)
        }
        if count > 0 {
          buffers[index].append(contentsOf: chunk[0..<count])
        } else if count == 0 || errno != EINTR {
          open[index] = false
        }
      }
    }
    return (buffers[0], buffers[1])
  }
}
