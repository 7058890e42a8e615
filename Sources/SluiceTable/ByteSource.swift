import SluiceCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A readable file descriptor: a named file or standard input (`-`).
public final class ByteSource: @unchecked Sendable {
  /// The name used in diagnostics: the path, or `<stdin>`.
  public let displayName: String
  /// The path as given (`-` for standard input).
  public let path: String
  private let fd: Int32
  private let ownsDescriptor: Bool

  /// Opens `path` for reading; `-` is standard input.
  public init(path: String) throws(CoreError) {
    self.path = path
    if path == "-" {
      fd = 0
      OpenedInputs.record(descriptor: 0, path: path)
      ownsDescriptor = false
      displayName = "<stdin>"
      return
    }
    let opened = open(path, O_RDONLY | O_CLOEXEC)
    if opened < 0 {
      throw .missingInput(path: path, reason: systemErrorDescription(errno))
    }
    var info = stat()
    if fstat(opened, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      close(opened)
      throw .missingInput(path: path, reason: "is a directory")
    }
    OpenedInputs.record(descriptor: opened, path: path)
    fd = opened
    ownsDescriptor = true
    displayName = path
  }

  deinit {
    if ownsDescriptor { close(fd) }
  }

  /// Reads up to `count` bytes into `buffer`, retrying on interrupts; 0 means end of input.
  public func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(CoreError) -> Int {
    while true {
      let got = systemRead(fd, buffer, count)
      if got >= 0 { return got }
      if errno == EINTR { continue }
      throw .io(path: path, reason: systemErrorDescription(errno))
    }
  }
}

#if canImport(Glibc)
  private let systemRead = Glibc.read
#else
  private let systemRead = Darwin.read
#endif
