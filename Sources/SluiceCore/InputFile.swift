#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whole-file reading with Sluice's error conventions.
public enum InputFile {
  /// Reads all of `path` ("-" reads standard input); `.missingInput` (66) or `.io` (74).
  public static func readAll(_ path: String) throws(CoreError) -> [UInt8] {
    let descriptor: Int32
    if path == "-" {
      descriptor = 0
    } else {
      descriptor = open(path, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else {
        throw .missingInput(path: path, reason: systemErrorDescription(currentErrno()))
      }
    }
    defer { if descriptor != 0 { close(descriptor) } }
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
