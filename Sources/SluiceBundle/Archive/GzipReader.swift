import CZlib
import SluiceCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where compressed bytes are pulled from.
public protocol ByteReader: AnyObject {
  /// Fills up to `buffer.count` bytes; 0 means the end.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Bytes held in memory.
public final class MemoryReader: ByteReader {
  private let bytes: [UInt8]
  private var position = 0

  /// Reads `bytes` from the start.
  public init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// Copies the next bytes into `buffer`.
  public func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
    let count = min(buffer.count, bytes.count - position)
    guard count > 0 else { return 0 }
    bytes.withUnsafeBytes { source in
      buffer.copyMemory(
        from: UnsafeRawBufferPointer(rebasing: source[position..<(position + count)]))
    }
    position += count
    return count
  }
}

/// A file read through its descriptor.
public final class FileReader: ByteReader {
  /// The path as given.
  public let path: String
  private let descriptor: Int32

  /// Opens `path`; a missing or unreadable file (or a directory) is `.missingInput` (66).
  public init(path: String) throws(CoreError) {
    self.path = path
    descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw .missingInput(path: path, reason: systemErrorDescription(errno))
    }
    var info = stat()
    if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      close(descriptor)
      throw .missingInput(path: path, reason: "is a directory")
    }
    OpenedInputs.record(descriptor: descriptor, path: path)
  }

  deinit {
    close(descriptor)
  }

  /// Reads the next bytes; `.io` (74) on a read error.
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    while true {
      let count = systemRead(descriptor, buffer.baseAddress, buffer.count)
      if count >= 0 { return count }
      let code = errno
      if code != EINTR { throw CoreError.io(path: path, reason: systemErrorDescription(code)) }
    }
  }
}

/// Streaming gzip decompression with a bound on the output.
///
/// Exactly one gzip member is accepted: bytes after it are an error, as are a truncated or
/// corrupt stream and more than `limit` decompressed bytes.
public final class GzipReader {
  /// The default bound on decompressed bytes: 4 GiB.
  public static let defaultLimit: UInt64 = 4 << 30
  private let stream: UnsafeMutablePointer<z_stream>
  private let source: any ByteReader
  private let limit: UInt64
  private let input: UnsafeMutableRawBufferPointer
  private var inputStart = 0
  private var inputEnd = 0
  private var ended = false
  /// Decompressed bytes returned so far.
  public private(set) var bytesOut: UInt64 = 0

  /// Starts reading the gzip stream in `source`, stopping with an error past `limit` bytes.
  public init(source: any ByteReader, limit: UInt64 = GzipReader.defaultLimit) throws(BundleError) {
    self.source = source
    self.limit = limit
    input = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
    stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    // windowBits 15 + 16: a gzip wrapper only (a zlib or raw stream is not a .tar.gz).
    let status = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else {
      stream.deallocate()
      input.deallocate()
      throw BundleError(
        "cannot start gzip decompression (zlib status \(status))", exitCode: .internalError)
    }
  }

  deinit {
    inflateEnd(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
    input.deallocate()
  }

  /// Fills `buffer` with decompressed bytes; fewer than asked only at the end (0 after it).
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let base = buffer.baseAddress else { return 0 }
    var filled = 0
    while filled < buffer.count && !ended {
      if inputStart == inputEnd {
        inputStart = 0
        inputEnd = try source.read(into: input)
        guard inputEnd > 0 else {
          throw BundleError("truncated gzip stream (it ends before its trailer)")
        }
      }
      let available = inputEnd - inputStart
      let room = buffer.count - filled
      stream.pointee.next_in = input.baseAddress?.advanced(by: inputStart)
        .assumingMemoryBound(to: UInt8.self)
      stream.pointee.avail_in = uInt(available)
      stream.pointee.next_out = base.advanced(by: filled).assumingMemoryBound(to: UInt8.self)
      stream.pointee.avail_out = uInt(min(room, 1 << 30))
      let status = inflate(stream, Z_NO_FLUSH)
      inputStart += available - Int(stream.pointee.avail_in)
      filled += min(room, 1 << 30) - Int(stream.pointee.avail_out)
      switch status {
      case Z_OK, Z_BUF_ERROR:
        continue
      case Z_STREAM_END:
        ended = true
        try expectEnd()
      case Z_DATA_ERROR:
        let detail = stream.pointee.msg.map { String(cString: $0) } ?? "invalid data"
        throw BundleError("corrupt gzip stream: \(detail)")
      default:
        throw BundleError("gzip decompression failed (zlib status \(status))")
      }
    }
    bytesOut += UInt64(filled)
    if bytesOut > limit {
      throw BundleError("decompressed size exceeds the limit of \(limit) bytes")
    }
    return filled
  }

  /// After the gzip trailer nothing may follow (a second member would hide content).
  private func expectEnd() throws {
    if inputStart < inputEnd {
      throw BundleError("unexpected bytes after the end of the gzip stream")
    }
    var probe: UInt8 = 0
    let more = try withUnsafeMutableBytes(of: &probe) { try source.read(into: $0) }
    if more > 0 { throw BundleError("unexpected bytes after the end of the gzip stream") }
  }
}

/// The C library's read(2), named apart from `ByteReader.read`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int)
  -> Int
{
  read(descriptor, buffer, count)
}
