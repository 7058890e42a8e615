import CZlib

/// Streaming gzip decompression: the one zlib inflate loop of Sluice, used for compressed
/// tables here and for model bundles (`SluiceBundle.GzipReader`).
///
/// Compressed bytes are pulled from a caller's closure into a fixed 256 KiB buffer, so memory
/// stays bounded whatever the stream's size.
public final class GzipInflater {
  /// Why a stream could not be decompressed.
  public enum Failure: Error, Equatable, Sendable {
    /// The input ends before a member's trailer.
    case truncated
    /// zlib found invalid data (its message).
    case corrupt(String)
    /// Bytes follow the member and `multiMember` is off.
    case trailingBytes
    /// zlib failed otherwise (its status).
    case failed(Int32)

    /// The failure in words, lower-case.
    public var message: String {
      switch self {
      case .truncated: "truncated gzip stream (it ends before its trailer)"
      case .corrupt(let detail): "corrupt gzip stream: \(detail)"
      case .trailingBytes: "unexpected bytes after the end of the gzip stream"
      case .failed(let status): "gzip decompression failed (zlib status \(status))"
      }
    }
  }

  /// Whether members may follow each other (`cat a.gz b.gz`), as gzip(1) reads them.
  public let multiMember: Bool
  /// Compressed bytes consumed so far (where an error was found).
  public private(set) var compressedOffset = 0
  private let stream: UnsafeMutablePointer<z_stream>
  private let input: UnsafeMutableRawBufferPointer
  private var inputStart = 0
  private var inputEnd = 0
  private var ended = false

  /// Starts an inflater for gzip members only (a bare zlib or raw deflate stream is refused).
  public init(multiMember: Bool) throws(Failure) {
    self.multiMember = multiMember
    input = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
    stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    // windowBits 15 + 16: a gzip wrapper only.
    let status = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else {
      stream.deinitialize(count: 1)
      stream.deallocate()
      input.deallocate()
      throw .failed(status)
    }
  }

  deinit {
    inflateEnd(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
    input.deallocate()
  }

  /// Fills `buffer` with decompressed bytes pulled through `pull` (which fills a buffer with
  /// compressed bytes, 0 at the end); fewer than asked only at the end, 0 after it.
  /// A `Failure` is thrown for a bad stream; errors of `pull` pass through.
  public func read(
    into buffer: UnsafeMutableRawBufferPointer,
    pull: (UnsafeMutableRawBufferPointer) throws -> Int
  ) throws -> Int {
    guard let base = buffer.baseAddress else { return 0 }
    var filled = 0
    while filled < buffer.count && !ended {
      if inputStart == inputEnd {
        inputStart = 0
        inputEnd = try pull(input)
        guard inputEnd > 0 else { throw Failure.truncated }
      }
      let available = inputEnd - inputStart
      let room = min(buffer.count - filled, 1 << 30)
      stream.pointee.next_in = input.baseAddress?.advanced(by: inputStart)
        .assumingMemoryBound(to: UInt8.self)
      stream.pointee.avail_in = uInt(available)
      stream.pointee.next_out = base.advanced(by: filled).assumingMemoryBound(to: UInt8.self)
      stream.pointee.avail_out = uInt(room)
      let status = inflate(stream, Z_NO_FLUSH)
      let consumed = available - Int(stream.pointee.avail_in)
      inputStart += consumed
      compressedOffset += consumed
      filled += room - Int(stream.pointee.avail_out)
      switch status {
      case Z_OK, Z_BUF_ERROR:
        continue
      case Z_STREAM_END:
        try endOfMember(pull: pull)
      case Z_DATA_ERROR:
        let detail = stream.pointee.msg.map { String(cString: $0) } ?? "invalid data"
        throw Failure.corrupt(detail)
      default:
        throw Failure.failed(status)
      }
    }
    return filled
  }

  /// After a member's trailer: the end, or (multi-member) the next member's start. A single
  /// member may not be followed by anything (a second member would hide content).
  private func endOfMember(pull: (UnsafeMutableRawBufferPointer) throws -> Int) throws {
    if inputStart == inputEnd {
      inputStart = 0
      inputEnd = try pull(input)
    }
    if inputStart == inputEnd {
      ended = true
      return
    }
    guard multiMember else { throw Failure.trailingBytes }
    let status = inflateReset(stream)
    guard status == Z_OK else { throw Failure.failed(status) }
  }
}
