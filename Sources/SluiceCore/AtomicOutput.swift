#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// An output file that appears at its path only when complete.
///
/// Bytes go to a temporary file `.NAME.sluice<PID>.XXXXXX.tmp` in the target's directory;
/// `commit()` flushes, fsyncs, sets the mode to 0666 minus the umask and renames it over the
/// target. Until then the temporary file is registered for removal on SIGINT/SIGTERM/SIGHUP,
/// and `discard()` or deinit without commit removes it. Only SIGKILL (or a crash of the
/// machine) can leave one behind; the first output a later run opens in that folder removes
/// such stale files (`StaleTemporaryFiles`). The path "-" means standard output.
/// A symlink to a regular file is resolved so the linked file is replaced; an existing
/// non-regular file (`/dev/null`, a FIFO, a terminal) is written directly, never replaced.
/// A file the run has read (`OpenedInputs`) is refused as a target, at init and at commit.
public final class AtomicOutput {
  /// The target path as given ("-" for standard output).
  public let path: String
  /// The temporary file's path; nil for standard output and for direct writes.
  public let temporaryPath: String?
  /// Whether this output is standard output.
  public let isStandardOutput: Bool
  /// The file the temporary replaces on commit (symlinks resolved).
  private let renameTarget: String
  private let writer: ByteWriter
  private var descriptor: Int32
  private var slot: Int?
  private var finished = false
  /// Set by `prepare()`: the bytes are complete and the descriptor closed.
  private var prepared = false

  /// Opens `path` for writing ("-" writes to `stdout`); fails with `.cannotCreateOutput`.
  public init(path: String, stdout: ByteWriter = .standardOutput) throws(CoreError) {
    self.path = path
    isStandardOutput = path == "-"
    if isStandardOutput {
      renameTarget = path
      writer = stdout
      descriptor = -1
      temporaryPath = nil
      return
    }
    var target = path
    var info = stat()
    if stat(path, &info) == 0 {
      switch info.st_mode & S_IFMT {
      case S_IFDIR:
        throw .cannotCreateOutput(path: path, reason: "is a directory")
      case S_IFREG:
        try OpenedInputs.checkOutput(path)
        target = Self.resolvedSymlink(path) ?? path
      default:
        descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
          throw .cannotCreateOutput(path: path, reason: systemErrorDescription(currentErrno()))
        }
        temporaryPath = nil
        renameTarget = path
        writer = ByteWriter(fileDescriptor: descriptor)
        return
      }
    }
    renameTarget = target
    let (directory, name) = try Self.split(target, reportedAs: path)
    StaleTemporaryFiles.sweep(directory)
    let marker = StaleTemporaryFiles.ownMarker
    var template = Array(
      "\(directory)/.\(Self.truncated(name)).\(marker).XXXXXX.tmp".utf8CString)
    let (created, code, slot): (Int32, Int32, Int?) = TemporaryFileRegistry.withSignalsBlocked {
      let created = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
        guard let base = buffer.baseAddress else { return -1 }
        return mkstemps(base, 4)
      }
      guard created >= 0 else { return (created, currentErrno(), nil) }
      _ = fcntl(created, F_SETFD, FD_CLOEXEC)
      return (created, 0, TemporaryFileRegistry.register(Self.string(template)))
    }
    guard created >= 0 else {
      throw .cannotCreateOutput(path: path, reason: systemErrorDescription(code))
    }
    temporaryPath = Self.string(template)
    descriptor = created
    self.slot = slot
    writer = ByteWriter(fileDescriptor: created)
  }

  deinit {
    discard()
  }

  /// Appends the UTF-8 bytes of `string`.
  public func write(_ string: String) {
    writer.write(string)
  }

  /// Appends `bytes`.
  public func write(_ bytes: [UInt8]) {
    writer.write(bytes)
  }

  /// Appends the bytes in `bytes`.
  public func write(bytes: UnsafeRawBufferPointer) {
    writer.write(bytes: bytes)
  }

  /// Makes the output visible at `path`; on any failure nothing is left behind.
  public func commit() throws(CoreError) {
    guard !finished && !prepared else {
      throw .internalError("output '\(path)' was already finished")
    }
    if isStandardOutput {
      finished = true
      writer.flush()
      if let code = writer.failure, code != EPIPE {
        throw .io(path: "<stdout>", reason: systemErrorDescription(code))
      }
      return
    }
    try prepare()
    try publish()
  }

  /// The file a commit replaces (symlinks resolved), for `OutputSet`'s rollback.
  var replacedPath: String { renameTarget }

  /// Completes the file without putting it in place: flush, fsync, mode, close. A direct
  /// write (a device, a FIFO) is finished here. Not for standard output.
  public func prepare() throws(CoreError) {
    guard !finished && !prepared else {
      throw .internalError("output '\(path)' was already finished")
    }
    prepared = true
    if temporaryPath != nil { TestHookPause.pause(at: "flush", target: path) }
    writer.flush()
    if let code = writer.failure {
      finished = true
      removeTemporary()
      throw .io(path: path, reason: systemErrorDescription(code))
    }
    writer.detach()
    guard temporaryPath != nil else {
      finished = true
      let closed = close(descriptor)
      descriptor = -1
      if closed != 0 { throw .io(path: path, reason: systemErrorDescription(currentErrno())) }
      return
    }
    if fsync(descriptor) != 0 || fchmod(descriptor, 0o666 & ~Self.processUmask) != 0 {
      let code = currentErrno()
      finished = true
      removeTemporary()
      throw .io(path: path, reason: systemErrorDescription(code))
    }
    let closed = close(descriptor)
    descriptor = -1
    if closed != 0 {
      let code = currentErrno()
      finished = true
      removeTemporary()
      throw .io(path: path, reason: systemErrorDescription(code))
    }
  }

  /// Renames the prepared temporary file over the target (after `prepare()`).
  func publish() throws(CoreError) {
    guard prepared, !finished else { return }
    finished = true
    guard let temporaryPath else { return }
    // Checked again here: an input opened after this output was created must survive too.
    do {
      try OpenedInputs.checkOutput(renameTarget)
    } catch {
      removeTemporary()
      throw error
    }
    TestHookPause.pause(at: "rename", target: path)
    if rename(temporaryPath, renameTarget) != 0 {
      let code = currentErrno()
      removeTemporary()
      throw .cannotCreateOutput(path: path, reason: systemErrorDescription(code))
    }
    if let slot { TemporaryFileRegistry.unregister(slot) }
    slot = nil
    Self.syncDirectory(of: renameTarget)
  }

  /// Abandons the output: removes the temporary file. Safe to call more than once.
  public func discard() {
    guard !finished else { return }
    finished = true
    if isStandardOutput {
      writer.flush()
    } else {
      removeTemporary()
    }
  }

  /// Writes `bytes` to `path` atomically ("-" for `stdout`).
  public static func write(
    _ bytes: [UInt8], to path: String, stdout: ByteWriter = .standardOutput
  ) throws(CoreError) {
    let output = try AtomicOutput(path: path, stdout: stdout)
    output.write(bytes)
    try output.commit()
  }

  /// Writes `text` to `path` atomically ("-" for `stdout`).
  public static func write(
    _ text: String, to path: String, stdout: ByteWriter = .standardOutput
  ) throws(CoreError) {
    let output = try AtomicOutput(path: path, stdout: stdout)
    output.write(text)
    try output.commit()
  }

  /// Closes the descriptor and removes the temporary file, if any.
  private func removeTemporary() {
    writer.detach()
    if descriptor >= 0 {
      close(descriptor)
      descriptor = -1
    }
    if let temporaryPath { unlink(temporaryPath) }
    if let slot { TemporaryFileRegistry.unregister(slot) }
    slot = nil
  }

  /// Splits `path` into its directory ("." when none) and final name.
  private static func split(_ path: String, reportedAs shown: String) throws(CoreError)
    -> (String, String)
  {
    guard !path.isEmpty else { throw .cannotCreateOutput(path: shown, reason: "empty path") }
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let name = String(path[path.index(after: slash)...])
    guard !name.isEmpty, name != ".", name != ".." else {
      throw .cannotCreateOutput(path: shown, reason: "is a directory")
    }
    let directory = String(path[..<slash])
    return (directory.isEmpty ? "/" : directory, name)
  }

  /// The canonical path `path` refers to when it is a symlink; nil otherwise.
  private static func resolvedSymlink(_ path: String) -> String? {
    var info = stat()
    guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK,
      let resolved = realpath(path, nil)
    else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// The NUL-terminated C string in `buffer` as a Swift string.
  private static func string(_ buffer: [CChar]) -> String {
    buffer.withUnsafeBufferPointer { pointer in
      pointer.baseAddress.map { String(cString: $0) } ?? ""
    }
  }

  /// Shortens a file name so the temporary name stays within NAME_MAX.
  private static func truncated(_ name: String) -> String {
    var result = Substring(name)
    while result.utf8.count > 200 { result = result.dropLast() }
    return String(result)
  }

  /// The process umask, read once (reading it requires setting it briefly).
  private static let processUmask: mode_t = {
    let current = umask(0o022)
    umask(current)
    return current
  }()

  /// Best-effort fsync of the directory containing `path`, so the rename is durable.
  private static func syncDirectory(of path: String) {
    guard let (directory, _) = try? split(path, reportedAs: path) else { return }
    let fd = open(directory, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return }
    _ = fsync(fd)
    close(fd)
  }
}
