import SluiceCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file as it was at a git revision (`REV:PATH`, as `git show` takes it).
///
/// The outcomes are kept apart because they call for different actions: a revision this
/// clone does not have (a shallow CI checkout) is an error that says how to fetch it; a
/// revision that exists without the file is a first run (nothing merged yet) only when the
/// file exists in the working tree, else a wrong path, an error; not being in a git
/// repository is an error.
public enum GitBaseline {
  /// A file read at a revision, or why it is absent there.
  public enum Outcome: Sendable, Equatable {
    /// The file's bytes at the revision.
    case found([UInt8])
    /// The revision exists without the file, which exists in the working tree: a first run.
    case absent(String)
  }

  /// Splits `REV:PATH` at its first colon; a usage error names `option` when either is empty.
  public static func split(_ text: String, option: String) throws(CoreError) -> (
    rev: String, path: String
  ) {
    guard let colon = text.firstIndex(of: ":") else {
      throw .usage(
        "invalid value '\(text)' for '\(option)': expected REV:PATH, e.g. origin/main:metrics.json")
    }
    let rev = String(text[..<colon])
    let path = String(text[text.index(after: colon)...])
    guard !rev.isEmpty, !path.isEmpty else {
      throw .usage(
        "invalid value '\(text)' for '\(option)': expected REV:PATH, e.g. origin/main:metrics.json")
    }
    return (rev, path)
  }

  /// Reads `path` at `rev` in the repository containing `directory` (nil: the current one).
  public static func read(rev: String, path: String, directory: String? = nil) throws(CoreError)
    -> Outcome
  {
    let spec = "\(rev):\(path)"
    let repository = try GitRunner.run(["rev-parse", "--git-dir"], directory: directory)
    guard repository.status == 0 else {
      throw .missingInput(
        path: spec,
        reason: "not in a git repository; run gate in the checkout or pass --baseline FILE")
    }
    let commit = try GitRunner.run(
      ["rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"],
      directory: directory)
    guard commit.status == 0 else {
      let shallow = try GitRunner.run(
        ["rev-parse", "--is-shallow-repository"], directory: directory)
      let isShallow = String(decoding: shallow.stdout, as: UTF8.self).hasPrefix("true")
      let listed = try GitRunner.run(["remote"], directory: directory)
      let remotes = String(decoding: listed.stdout, as: UTF8.self).split(separator: "\n")
        .map(String.init)
      throw .missingInput(
        path: spec, reason: missingRevisionAdvice(rev, shallow: isShallow, remotes: remotes))
    }
    let type = try GitRunner.run(["cat-file", "-t", spec], directory: directory)
    guard type.status == 0 else {
      guard try existsInWorkingTree(path, directory: directory) else {
        throw .missingInput(
          path: spec,
          reason:
            "'\(path)' exists neither at \(rev) nor in the working tree (PATH is from the"
            + " repository root, './' for the current directory); check the path, or pass"
            + " --first-run when there is no baseline yet")
      }
      return .absent("'\(path)' does not exist at \(rev) yet (it is in the working tree)")
    }
    let kind = String(decoding: type.stdout, as: UTF8.self).trimmingNewlines
    guard kind == "blob" else {
      throw .invalidData("'\(spec)' is a \(kind), not a file")
    }
    let shown = try GitRunner.run(["show", "--no-textconv", spec], directory: directory)
    guard shown.status == 0 else {
      throw .missingInput(path: spec, reason: "git show failed: \(shown.stderr.trimmingNewlines)")
    }
    return .found(shown.stdout)
  }

  /// Whether `path`, named as `git show REV:PATH` names it (from the repository root, or
  /// from `directory` when it starts with `./`), exists in the working tree.
  static func existsInWorkingTree(_ path: String, directory: String?) throws(CoreError) -> Bool {
    let base: String
    if path.hasPrefix("./") || path.hasPrefix("../") {
      base = directory ?? "."
    } else {
      let top = try GitRunner.run(["rev-parse", "--show-toplevel"], directory: directory)
      guard top.status == 0 else { return false }
      base = String(decoding: top.stdout, as: UTF8.self).trimmingNewlines
    }
    return access(base + "/" + path, F_OK) == 0
  }

  /// The message for a revision the clone lacks, with the command that fetches it: a
  /// remote-tracking name (`origin/main`, `refs/remotes/upstream/dev`) is fetched from its
  /// remote, anything else (a branch, tag or commit) from `origin`.
  static func missingRevisionAdvice(_ rev: String, shallow: Bool, remotes: [String] = [])
    -> String
  {
    var remote = "origin"
    var name = rev
    let trimmed = rev.hasPrefix("refs/remotes/") ? String(rev.dropFirst(13)) : rev
    if let slash = trimmed.firstIndex(of: "/") {
      let first = String(trimmed[..<slash])
      if first == "origin" || remotes.contains(first) || trimmed != rev {
        remote = first
        name = String(trimmed[trimmed.index(after: slash)...])
      }
    }
    let clone = shallow ? "this shallow clone" : "this clone"
    return
      "revision '\(rev)' is not in \(clone); fetch it with 'git fetch --depth=1 \(remote) \(name)'"
      + " (or use 'fetch-depth: 0' with actions/checkout)"
  }
}

extension String {
  fileprivate var trimmingNewlines: String {
    var text = self
    while let last = text.last, last == "\n" || last == "\r" { text.removeLast() }
    return text
  }
}
