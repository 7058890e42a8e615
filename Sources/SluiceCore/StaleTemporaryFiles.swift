#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Temporary files of `AtomicOutput` left behind by a run that was killed (SIGKILL, a power
/// cut), removed by the next run that writes to the same folder.
///
/// A temporary file is named `.NAME.sluice<PID>.XXXXXX.tmp` (and `OutputSet`'s backup of a
/// replaced file `… .tmp.prev`). A file is stale, and removed, only when all of these hold:
/// its name has exactly that shape, it is a regular file (not a symlink) owned by this
/// process's user, the process `PID` no longer exists, and it was last modified before this
/// run began. Anything else in the folder, including temporary files of older Sluice
/// versions (which carry no PID), is never touched.
enum StaleTemporaryFiles {
  private static let lock = Lock()
  nonisolated(unsafe) private static var swept: Set<String> = []

  /// When this run began, as far as stale files are concerned: the first output it opened.
  private static let runStart: timespec = {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return now
  }()

  /// The marker between the target's name and the random part: `sluice<PID>`.
  static var ownMarker: String { "sluice\(getpid())" }

  /// Removes the stale temporary files in `directory`, once per folder per process.
  static func sweep(_ directory: String) {
    let start = runStart
    let first = lock.withLock { swept.insert(directory).inserted }
    guard first, let folder = opendir(directory) else { return }
    defer { closedir(folder) }
    while let entry = readdir(folder) {
      let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
        pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) {
          String(cString: $0)
        }
      }
      guard let pid = ownerPID(ofTemporaryName: name), pid != getpid(), !isAlive(pid)
      else { continue }
      let path = directory + "/" + name
      var info = stat()
      guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
        info.st_uid == geteuid(), isBefore(modificationTime(info), start)
      else { continue }
      unlink(path)
    }
  }

  /// The PID in a name shaped `.NAME.sluice<PID>.XXXXXX.tmp` or `… .tmp.prev`; nil otherwise.
  static func ownerPID(ofTemporaryName name: String) -> pid_t? {
    guard name.hasPrefix(".") else { return nil }
    var parts = name.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
    if parts.last == "prev" { parts.removeLast() }
    // At least NAME (itself possibly holding dots), the marker, the random part and "tmp".
    guard parts.count >= 4, parts.removeLast() == "tmp" else { return nil }
    let random = parts.removeLast()
    let marker = parts.removeLast()
    guard random.utf8.count == 6,
      random.utf8.allSatisfy({ isalnum(Int32($0)) != 0 }),
      marker.hasPrefix("sluice"),
      !parts.joined().isEmpty
    else { return nil }
    let digits = marker.dropFirst("sluice".count)
    guard !digits.isEmpty, digits.utf8.count <= 10,
      digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      let pid = pid_t(digits), pid > 0
    else { return nil }
    return pid
  }

  /// Whether a process `pid` exists (alive or not yet reaped); true when unsure.
  private static func isAlive(_ pid: pid_t) -> Bool {
    kill(pid, 0) == 0 || currentErrno() != ESRCH
  }

  private static func modificationTime(_ info: stat) -> timespec {
    #if canImport(Darwin)
      return info.st_mtimespec
    #else
      return info.st_mtim
    #endif
  }

  private static func isBefore(_ first: timespec, _ second: timespec) -> Bool {
    first.tv_sec != second.tv_sec ? first.tv_sec < second.tv_sec : first.tv_nsec < second.tv_nsec
  }
}

/// Test hook: pauses a run at a chosen point of writing its outputs, so fault-injection tests
/// can signal or kill it there deterministically. Inert unless `SLUICE_TEST_HOOK_PAUSE_AT`
/// is set; not a user-facing setting.
///
/// `SLUICE_TEST_HOOK_PAUSE_AT=flush` pauses before each output's final flush (part of the
/// bytes written to the temporary file), `=rename` before each rename into place. At each
/// pause the target path and a newline are appended to the file named by
/// `SLUICE_TEST_HOOK_PAUSE_MARKER`; the run then waits until a file `MARKER.go` appears
/// (which it removes), a deferred signal arrives or 30 seconds pass, and carries on.
enum TestHookPause {
  private static let point: String? = getenv("SLUICE_TEST_HOOK_PAUSE_AT").map {
    String(cString: $0)
  }
  private static let marker: String? = getenv("SLUICE_TEST_HOOK_PAUSE_MARKER").map {
    String(cString: $0)
  }

  /// Pauses when the hook is set to `at`; does nothing otherwise.
  static func pause(at: String, target: String) {
    guard point == at, let marker else { return }
    let fd = open(marker, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    if fd >= 0 {
      let line = Array((target + "\n").utf8)
      _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      close(fd)
    }
    let go = marker + ".go"
    for _ in 0..<1500 where TemporaryFileRegistry.pendingSignal == 0 {
      if unlink(go) == 0 { return }
      usleep(20_000)
    }
  }
}
