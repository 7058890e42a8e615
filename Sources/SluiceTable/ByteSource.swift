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
      ownsDescriptor = false
      displayName = "<stdin>"
      return
    }
    let opened = open(path, O_RDONLY | O_CLOEXEC)
    if opened < 0 {
      throw .missingInput(path: path, reason: ByteSource.describe(errno))
    }
    var info = stat()
    if fstat(opened, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      close(opened)
      throw .missingInput(path: path, reason: "is a directory")
    }
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
      throw .io(path: path, reason: ByteSource.describe(errno))
    }
  }

  /// Reads the whole input into memory (for small files such as schemas and models).
  public func readAll() throws(CoreError) -> [UInt8] {
    var result: [UInt8] = []
    let step = 1 << 16
    var scratch = [UInt8](repeating: 0, count: step)
    while true {
      var got = 0
      var failure: CoreError? = nil
      scratch.withUnsafeMutableBytes { raw in
        guard let base = raw.baseAddress else { return }
        do throws(CoreError) { got = try read(into: base, count: step) } catch { failure = error }
      }
      if let failure { throw failure }
      if got == 0 { break }
      result.append(contentsOf: scratch[0..<got])
    }
    return result
  }

  /// The C library's description of an errno value, in lower case.
  static func describe(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text).lowercased()
  }
}

#if canImport(Glibc)
  private let systemRead = Glibc.read
#else
  private let systemRead = Darwin.read
#endif
