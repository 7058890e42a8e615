#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A run's outputs, put in place together or not at all.
///
/// Each member is an `AtomicOutput`; standard output ("-") is held in memory and written
/// only after every file is in place, so a failed run prints nothing. `commit()` first
/// completes every file (flush, fsync), then renames them one by one; if a rename fails,
/// the files already renamed are rolled back: a file that existed before is restored from
/// a hard link taken just before its rename, a new one is removed. Members never committed
/// are discarded when the set is, or when it is deinitialized.
public final class OutputSet {
  private var members: [AtomicOutput] = []
  private var held: [ByteWriter] = []
  private let stdout: ByteWriter
  private var finished = false

  /// Creates an empty set whose "-" members go to `stdout`.
  public init(stdout: ByteWriter = .standardOutput) {
    self.stdout = stdout
  }

  deinit {
    discard()
  }

  /// Opens `path` as a member ("-" for standard output); refuses a path already in the set.
  public func output(_ path: String) throws(CoreError) -> AtomicOutput {
    if let other = members.first(where: { Self.sameFile($0.path, path) }) {
      if path == "-" { throw .usage("two outputs of this run are both standard output ('-')") }
      throw .usage("two outputs of this run are the same file: '\(other.path)' and '\(path)'")
    }
    let output: AtomicOutput
    if path == "-" {
      let buffer = ByteWriter.memory()
      output = try AtomicOutput(path: path, stdout: buffer)
      held.append(buffer)
    } else {
      output = try AtomicOutput(path: path)
    }
    members.append(output)
    return output
  }

  /// Puts every member in place, or none (see the type's summary).
  public func commit() throws(CoreError) {
    guard !finished else { throw .internalError("output set was already finished") }
    finished = true
    // Direct writes (devices, FIFOs) cannot be undone, so they complete before any rename.
    let ordered = members.sorted {
      ($0.temporaryPath == nil ? 0 : 1) < ($1.temporaryPath == nil ? 0 : 1)
    }
    for (index, member) in ordered.enumerated() where !member.isStandardOutput {
      do {
        try member.prepare()
      } catch {
        for other in ordered[(index + 1)...] { other.discard() }
        throw error
      }
    }
    // SIGINT/SIGTERM/SIGHUP during the renames take effect after them (or the rollback), so
    // a signal never leaves some outputs new and others old; only SIGKILL can (docs).
    try TemporaryFileRegistry.withSignalsDeferred { () throws(CoreError) in
      try Self.publishAll(ordered)
    }
    for member in ordered where member.isStandardOutput { try member.commit() }
    for buffer in held { stdout.write(buffer.contents) }
  }

  /// Renames every prepared member into place; on a failure rolls back those already renamed.
  private static func publishAll(_ ordered: [AtomicOutput]) throws(CoreError) {
    var published: [(AtomicOutput, String?)] = []
    for (index, member) in ordered.enumerated() where member.temporaryPath != nil {
      let backup = Self.backup(member)
      do {
        try member.publish()
        published.append((member, backup))
      } catch {
        if let backup { unlink(backup) }
        for other in ordered[(index + 1)...] { other.discard() }
        for (done, saved) in published.reversed() { Self.rollBack(done, backup: saved) }
        throw error
      }
    }
    for (_, backup) in published { if let backup { unlink(backup) } }
  }

  /// Abandons every member not yet committed. Safe to call more than once.
  public func discard() {
    guard !finished else { return }
    finished = true
    for member in members { member.discard() }
  }

  /// A hard link to the file `member` is about to replace, or nil when there is none.
  private static func backup(_ member: AtomicOutput) -> String? {
    guard let temporary = member.temporaryPath else { return nil }
    let backup = temporary + ".prev"
    return link(member.replacedPath, backup) == 0 ? backup : nil
  }

  /// Undoes a published member: restores the previous file, or removes the new one.
  private static func rollBack(_ member: AtomicOutput, backup: String?) {
    if let backup {
      if rename(backup, member.replacedPath) != 0 { unlink(backup) }
    } else {
      unlink(member.replacedPath)
    }
  }

  /// Whether two output paths name one file (same string, or same device and inode);
  /// devices such as /dev/null may be named twice.
  private static func sameFile(_ first: String, _ second: String) -> Bool {
    if first == "-" || second == "-" { return first == second }
    var a = stat()
    var b = stat()
    let firstExists = stat(first, &a) == 0
    if firstExists && (a.st_mode & S_IFMT) != S_IFREG { return false }
    if first == second { return true }
    return firstExists && stat(second, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino
  }
}
