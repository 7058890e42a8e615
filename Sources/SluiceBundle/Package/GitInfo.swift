import SluiceCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What git says about the working directory's repository, when it is a git work tree.
public enum GitInfo {
  /// The commit HEAD names, or nil outside a git work tree (or without git).
  public static func headCommit() -> String? {
    guard let text = run(["git", "rev-parse", "--verify", "-q", "HEAD"]) else { return nil }
    let commit = text.trimmingSuffixNewlines
    return commit.count >= 40 && commit.allSatisfy(\.isHexDigit) ? commit : nil
  }

  /// The tracked files whose work-tree or index content differs from HEAD (`git status
  /// --porcelain`, untracked files left out), or nil outside a git work tree. Untracked files
  /// are not inputs git knows, so they do not make the tree dirty.
  public static func changes() -> GitChanges? {
    // --no-optional-locks: reading must not rewrite the user's index (git status refreshes
    // it otherwise), nor contend with a git command running beside us.
    guard
      let text = run([
        "git", "--no-optional-locks", "status", "--porcelain=v1", "-z", "--untracked-files=no",
      ])
    else { return nil }
    // Each entry is "XY path\0"; a rename or copy is followed by "\0original".
    var names: [String] = []
    var skipNext = false
    for entry in text.split(separator: "\0", omittingEmptySubsequences: true) {
      if skipNext {
        skipNext = false
        continue
      }
      guard entry.count > 3 else { continue }
      let status = entry.prefix(2)
      if status.contains("R") || status.contains("C") { skipNext = true }
      names.append(String(entry.dropFirst(3)))
    }
    names.sort()
    return GitChanges(
      files: Array(names.prefix(GitChanges.limit)), count: names.count)
  }

  /// The branch HEAD is on, or nil outside a git work tree or on a detached HEAD.
  public static func branch() -> String? {
    guard let text = run(["git", "rev-parse", "--abbrev-ref", "HEAD"]) else { return nil }
    let name = text.trimmingSuffixNewlines
    return name.isEmpty || name == "HEAD" ? nil : name
  }

  /// HEAD's committer time in seconds since 1970, or nil outside a git work tree.
  public static func headCommitTime() -> Int64? {
    run(["git", "log", "-1", "--format=%ct", "HEAD"]).flatMap { Int64($0.trimmingSuffixNewlines) }
  }

  /// Runs a command found on PATH and returns its standard output when it exits 0.
  static func run(_ arguments: [String]) -> String? {
    var pipeEnds: [Int32] = [0, 0]
    guard pipe(&pipeEnds) == 0 else { return nil }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
    posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environ)
    close(pipeEnds[1])
    defer { close(pipeEnds[0]) }
    guard spawned == 0 else { return nil }
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(pipeEnds[0], $0.baseAddress, $0.count) }
      if count > 0 {
        output.append(contentsOf: buffer[0..<count])
      } else if count == 0 || errno != EINTR {
        break
      }
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    // Exited normally (no signal) with status 0.
    guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else { return nil }
    return String(decoding: output, as: UTF8.self)
  }
}

/// The uncommitted changes of a git work tree: names only, at most `limit` of them.
public struct GitChanges: Sendable, Equatable {
  /// The most file names recorded; `count` still says how many differ in all.
  public static let limit = 100
  /// Tracked files that differ from HEAD, sorted by path from the repository root.
  public var files: [String]
  /// How many tracked files differ.
  public var count: Int
  /// Whether the work tree differs from HEAD.
  public var isDirty: Bool { count > 0 }

  /// Creates a change list.
  public init(files: [String], count: Int) {
    self.files = files
    self.count = count
  }

  /// The JSON object recorded next to the commit: `dirty`, `changed_files`,
  /// `changed_file_count`.
  public var json: JSONValue {
    .object([
      "dirty": .bool(isDirty), "changed_files": .array(files.map { .string($0) }),
      "changed_file_count": .int(Int64(count)),
    ])
  }
}

/// The one timestamp a bundle holds: every archive member's mtime.
public struct SourceDate: Sendable, Equatable {
  /// Seconds since 1970.
  public var epoch: Int64
  /// Where it came from: `SOURCE_DATE_EPOCH`, `git` (HEAD's commit time) or `default` (0).
  public var origin: String

  /// Creates a source date.
  public init(epoch: Int64, origin: String) {
    self.epoch = epoch
    self.origin = origin
  }

  /// `SOURCE_DATE_EPOCH` when set (reproducible-builds.org), else the commit time of HEAD
  /// in a git work tree, else 0: never the clock.
  public static func resolve(environment: [String: String]) throws(CoreError) -> SourceDate {
    if let text = environment["SOURCE_DATE_EPOCH"] {
      guard let epoch = Int64(text), epoch >= 0, epoch <= 0o77777777777 else {
        throw .usage("invalid SOURCE_DATE_EPOCH '\(text)': expected seconds since 1970")
      }
      return SourceDate(epoch: epoch, origin: "SOURCE_DATE_EPOCH")
    }
    if let time = GitInfo.headCommitTime(), time >= 0 {
      return SourceDate(epoch: time, origin: "git")
    }
    return SourceDate(epoch: 0, origin: "default")
  }
}

extension String {
  /// The string without trailing CR and LF characters.
  var trimmingSuffixNewlines: String {
    var result = Substring(self)
    while let last = result.last, last == "\n" || last == "\r" { result = result.dropLast() }
    return String(result)
  }
}
