#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A buffered, thread-safe byte writer for a file descriptor or an in-memory capture.
///
/// Write failures are recorded (see `failure`) rather than thrown; after the first failure
/// further writes are dropped. A writer created with `exitOnBrokenPipe` removes registered
/// temporary files and exits the process with status 0 when the reader has gone away.
public final class ByteWriter: @unchecked Sendable {
  private let descriptor: Int32?
  private let capacity: Int
  private let exitOnBrokenPipe: Bool
  private let lock = Lock()
  private let storage: UnsafeMutableRawPointer
  private var buffered = 0
  private var captured: [UInt8] = []
  private var errorNumber: Int32?
  private var detached = false

  /// Creates a writer for `fileDescriptor` (not owned: never closed by the writer).
  public init(fileDescriptor: Int32, bufferSize: Int = 65536, exitOnBrokenPipe: Bool = false) {
    descriptor = fileDescriptor
    capacity = max(bufferSize, 0)
    self.exitOnBrokenPipe = exitOnBrokenPipe
    storage = .allocate(byteCount: max(capacity, 1), alignment: 16)
  }

  private init() {
    descriptor = nil
    capacity = 0
    exitOnBrokenPipe = false
    storage = .allocate(byteCount: 1, alignment: 16)
  }

  deinit {
    flush()
    storage.deallocate()
  }

  /// A writer that keeps everything in memory (see `contents` and `text`).
  public static func memory() -> ByteWriter {
    ByteWriter()
  }

  /// The process's standard output: 64 KiB buffer, exits quietly on a broken pipe.
  public static let standardOutput = ByteWriter(fileDescriptor: 1, exitOnBrokenPipe: true)

  /// The process's standard error: unbuffered.
  public static let standardError = ByteWriter(fileDescriptor: 2, bufferSize: 0)

  /// The `errno` of the first failed write, if any.
  public var failure: Int32? {
    lock.withLock { errorNumber }
  }

  /// Whether a write failed because the reader closed the pipe.
  public var brokenPipe: Bool { failure == EPIPE }

  /// Everything written so far (memory writers only).
  public var contents: [UInt8] {
    lock.withLock { captured }
  }

  /// Everything written so far as text (memory writers only).
  public var text: String {
    String(decoding: contents, as: UTF8.self)
  }

  /// Writes the UTF-8 bytes of `string`.
  public func write(_ string: String) {
    var copy = string
    copy.withUTF8 { write(bytes: UnsafeRawBufferPointer($0)) }
  }

  /// Writes `bytes`.
  public func write(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { write(bytes: $0) }
  }

  /// Writes the bytes in `bytes`.
  public func write(bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    lock.withLock {
      guard errorNumber == nil, !detached else { return }
      guard let descriptor else {
        captured.append(contentsOf: bytes)
        return
      }
      if buffered + bytes.count > capacity {
        drain(descriptor)
      }
      if bytes.count >= capacity {
        writeAll(descriptor, base, bytes.count)
      } else {
        (storage + buffered).copyMemory(from: base, byteCount: bytes.count)
        buffered += bytes.count
      }
    }
  }

  /// Writes out everything buffered.
  public func flush() {
    lock.withLock {
      if let descriptor, !detached { drain(descriptor) }
    }
  }

  /// Drops buffered bytes and ignores all later writes (used before closing the descriptor).
  func detach() {
    lock.withLock {
      buffered = 0
      detached = true
    }
  }

  private func drain(_ descriptor: Int32) {
    if buffered > 0 && errorNumber == nil {
      writeAll(descriptor, UnsafeRawPointer(storage), buffered)
    }
    buffered = 0
  }

  private func writeAll(_ descriptor: Int32, _ base: UnsafeRawPointer, _ count: Int) {
    var offset = 0
    while offset < count {
      let result = systemWrite(descriptor, base + offset, count - offset)
      if result >= 0 {
        offset += result
        continue
      }
      let code = currentErrno()
      if code == EINTR { continue }
      if code == EAGAIN || code == EWOULDBLOCK {
        var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        _ = poll(&poller, 1, -1)
        continue
      }
      errorNumber = code
      buffered = 0
      if code == EPIPE && exitOnBrokenPipe {
        TemporaryFileRegistry.unlinkAll()
        _exit(0)
      }
      return
    }
  }
}

/// The raw `write(2)` system call, named apart from `ByteWriter.write`.
private func systemWrite(_ descriptor: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Int {
  #if canImport(Darwin)
    return Darwin.write(descriptor, base, count)
  #elseif canImport(Musl)
    return Musl.write(descriptor, base, count)
  #else
    return Glibc.write(descriptor, base, count)
  #endif
}

/// Unbuffered writes to the process's standard error.
public enum Stderr {
  /// Writes `string` to standard error immediately.
  public static func write(_ string: String) {
    ByteWriter.standardError.write(string)
  }
}
