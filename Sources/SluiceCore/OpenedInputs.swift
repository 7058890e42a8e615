#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process-wide list of regular files this run has opened for reading.
///
/// Every reader records the file it opens (by device and inode, so symlinks, `./x` and hard
/// links all count as the same file) and `AtomicOutput` refuses an output that is one of
/// them, both when it is created and again just before it replaces its target, so a run
/// never replaces one of its own inputs.
public enum OpenedInputs {
  private struct Entry {
    var device: UInt64
    var inode: UInt64
    var path: String
  }

  private static let lock = Lock()
  nonisolated(unsafe) private static var entries: [Entry] = []

  /// Records the file open on `descriptor` (named `path` by the user) as an input.
  ///
  /// Standard input, pipes and devices are not recorded: only a regular file can be
  /// replaced by an output.
  public static func record(descriptor: Int32, path: String) {
    var info = stat()
    guard descriptor >= 0, fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG
    else { return }
    let entry = Entry(
      device: UInt64(truncatingIfNeeded: info.st_dev),
      inode: UInt64(truncatingIfNeeded: info.st_ino), path: path)
    lock.withLock {
      if !entries.contains(where: { $0.device == entry.device && $0.inode == entry.inode }) {
        entries.append(entry)
      }
    }
  }

  /// The path (as the user gave it) of the recorded input that `path` names, if any.
  public static func input(sameAs path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    let device = UInt64(truncatingIfNeeded: info.st_dev)
    let inode = UInt64(truncatingIfNeeded: info.st_ino)
    let matches = lock.withLock {
      entries.filter { $0.device == device && $0.inode == inode }
    }
    // An input since deleted (a temporary file the run wrote and read back) may have left
    // its inode number to a new file: only a path that still names the file counts.
    return matches.first { entry in
      var now = stat()
      return entry.path == "-"
        || (stat(entry.path, &now) == 0 && UInt64(truncatingIfNeeded: now.st_dev) == device
          && UInt64(truncatingIfNeeded: now.st_ino) == inode)
    }?.path
  }

  /// Fails with a usage error when the output `path` is one of the run's inputs.
  public static func checkOutput(_ path: String) throws(CoreError) {
    guard path != "-", let found = input(sameAs: path) else { return }
    let input = found == "-" ? "standard input" : "'\(found)'"
    throw .usage(
      "output '\(path)' is the same file as the input \(input); an output never replaces"
        + " an input, so write it to another path")
  }
}
