import SluiceCore
import SluiceTable

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
    descriptor = try InputFile.openForReading(path)
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
/// corrupt stream and more than `limit` decompressed bytes. The inflating itself is
/// `SluiceTable.GzipInflater`, shared with compressed tables.
public final class GzipReader: ByteReader {
  /// The default bound on decompressed bytes: 4 GiB.
  public static let defaultLimit: UInt64 = 4 << 30
  private let inflater: GzipInflater
  private let source: any ByteReader
  private let limit: UInt64
  /// Decompressed bytes returned so far.
  public private(set) var bytesOut: UInt64 = 0

  /// Starts reading the gzip stream in `source`, stopping with an error past `limit` bytes.
  public init(source: any ByteReader, limit: UInt64 = GzipReader.defaultLimit) throws(BundleError) {
    self.source = source
    self.limit = limit
    do {
      inflater = try GzipInflater(multiMember: false)
    } catch {
      throw BundleError(
        "cannot start gzip decompression (\(error.message))", exitCode: .internalError)
    }
  }

  /// Fills `buffer` with decompressed bytes; fewer than asked only at the end (0 after it).
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let filled: Int
    do {
      filled = try inflater.read(into: buffer) { try source.read(into: $0) }
    } catch let failure as GzipInflater.Failure {
      throw BundleError(failure.message)
    }
    bytesOut += UInt64(filled)
    if bytesOut > limit {
      throw BundleError("decompressed size exceeds the limit of \(limit) bytes")
    }
    return filled
  }
}

/// The C library's read(2), named apart from `ByteReader.read`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int)
  -> Int
{
  read(descriptor, buffer, count)
}
