#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whole-file reading with Sluice's error conventions.
public enum InputFile {
  /// Opens the regular input file `path` read-only: `.missingInput` (66) when it is absent,
  /// unreadable or a directory. The file is recorded in `OpenedInputs` (no output of the run
  /// may replace it) unless `replaceable`. The caller closes the descriptor.
  public static func openForReading(_ path: String, replaceable: Bool = false) throws(CoreError)
    -> Int32
  {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw .missingInput(path: path, reason: systemErrorDescription(currentErrno()))
    }
    var info = stat()
    if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      close(descriptor)
      throw .missingInput(path: path, reason: "is a directory")
    }
    if !replaceable { OpenedInputs.record(descriptor: descriptor, path: path) }
    return descriptor
  }

  /// Reads all of `path` ("-" reads standard input); `.missingInput` (66) or `.io` (74).
  ///
  /// The file is recorded in `OpenedInputs` so no output of the run replaces it, unless
  /// `replaceable` says the command's purpose is to rewrite it (an update in place).
  public static func readAll(_ path: String, replaceable: Bool = false) throws(CoreError)
    -> [UInt8]
  {
    let descriptor = path == "-" ? 0 : try openForReading(path, replaceable: replaceable)
    defer { if descriptor != 0 { close(descriptor) } }
    if path == "-" && !replaceable { OpenedInputs.record(descriptor: 0, path: path) }
    var info = stat()
    var expected = 0
    if fstat(descriptor, &info) == 0 {
      if (info.st_mode & S_IFMT) == S_IFDIR {
        throw .missingInput(path: path, reason: "is a directory")
      }
      if (info.st_mode & S_IFMT) == S_IFREG { expected = Int(info.st_size) }
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(expected + 1)
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = chunk.withUnsafeMutableBytes { buffer in
        read(descriptor, buffer.baseAddress, buffer.count)
      }
      if count == 0 { break }
      if count < 0 {
        let code = currentErrno()
        if code == EINTR { continue }
        throw .io(path: path == "-" ? "<stdin>" : path, reason: systemErrorDescription(code))
      }
      bytes.append(contentsOf: chunk[0..<count])
    }
    return bytes
  }
}
