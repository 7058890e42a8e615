import SluiceCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A readable file descriptor: a named file or standard input (`-`), decompressed on the fly
/// when it holds gzip (a `.gz` name or the magic bytes 1f 8b, standard input included).
public final class ByteSource: @unchecked Sendable {
  /// The name used in diagnostics: the path, or `<stdin>`.
  public let displayName: String
  /// The path as given (`-` for standard input).
  public let path: String
  /// Whether the bytes are gzip-compressed and read through an inflater.
  public let isCompressed: Bool
  private let fd: Int32
  private let ownsDescriptor: Bool
  private let inflater: GzipInflater?
  /// Raw bytes read ahead to look for the gzip magic, handed out before the descriptor's.
  private var rawAhead: [UInt8] = []
  /// Decoded bytes read ahead by `head(minimum:)`, handed out before any others.
  private var decodedAhead: [UInt8] = []
  private var decodedAheadStart = 0
  private var decodedAtEnd = false

  /// Opens `path` for reading; `-` is standard input.
  public init(path: String) throws(CoreError) {
    self.path = path
    if path == "-" {
      fd = 0
      OpenedInputs.record(descriptor: 0, path: path)
      ownsDescriptor = false
      displayName = "<stdin>"
    } else {
      fd = try InputFile.openForReading(path)
      ownsDescriptor = true
      displayName = path
    }
    // Two bytes decide: a gzip member starts 1f 8b, which no UTF-8 text does.
    let magic = UnsafeMutableRawPointer.allocate(byteCount: 2, alignment: 1)
    defer { magic.deallocate() }
    var got = 0
    while got < 2 {
      let count = try Self.readDescriptor(fd, magic + got, 2 - got, path: path)
      if count == 0 { break }
      got += count
    }
    rawAhead = Array(UnsafeRawBufferPointer(start: magic, count: got))
    let named = path.lowercased().hasSuffix(".gz")
    isCompressed = named || rawAhead == [0x1F, 0x8B]
    if isCompressed {
      do {
        inflater = try GzipInflater(multiMember: true)
      } catch {
        throw .internalError("cannot start gzip decompression: \(error.message)")
      }
    } else {
      inflater = nil
    }
  }

  deinit {
    if ownsDescriptor { close(fd) }
  }

  /// The size in bytes of a plain (uncompressed) regular file, else nil: a reader may size its
  /// buffers from it, never trust it (a file can change while it is read).
  var regularFileSize: Int? {
    guard !isCompressed else { return nil }
    var status = stat()
    guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    return Int(status.st_size)
  }

  /// Reads up to `count` bytes into `buffer`; 0 means end of input.
  ///
  /// `.io` (74) on a read error; a corrupt or truncated gzip stream is `.invalidData` (65),
  /// naming the file and the compressed byte offset.
  public func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(CoreError) -> Int {
    if decodedAheadStart < decodedAhead.count {
      let taken = min(count, decodedAhead.count - decodedAheadStart)
      decodedAhead.withUnsafeBytes { ahead in
        if let source = ahead.baseAddress {
          buffer.copyMemory(from: source + decodedAheadStart, byteCount: taken)
        }
      }
      decodedAheadStart += taken
      if decodedAheadStart == decodedAhead.count {
        decodedAhead = []
        decodedAheadStart = 0
      }
      return taken
    }
    return try decode(into: buffer, count: count)
  }

  /// At least `minimum` bytes from the start of the input (fewer only when it is shorter),
  /// held back so that `read` still returns them: for sniffing the dialect from the head.
  /// Call before the first `read`.
  public func head(minimum: Int) throws(CoreError) -> [UInt8] {
    while decodedAhead.count < minimum && !decodedAtEnd {
      let want = minimum - decodedAhead.count
      let piece = UnsafeMutableRawPointer.allocate(byteCount: want, alignment: 1)
      defer { piece.deallocate() }
      let got = try decode(into: piece, count: want)
      if got == 0 { decodedAtEnd = true }
      decodedAhead += UnsafeRawBufferPointer(start: piece, count: got)
    }
    return decodedAhead
  }

  /// Whether `head` reached the end of the input.
  public var headIsWhole: Bool { decodedAtEnd }

  private func decode(into buffer: UnsafeMutableRawPointer, count: Int) throws(CoreError)
    -> Int
  {
    guard let inflater else { return try readRaw(into: buffer, count: count) }
    do {
      return try inflater.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: count)) {
        target in
        try readRaw(into: target.baseAddress ?? buffer, count: target.count)
      }
    } catch let failure as GzipInflater.Failure {
      throw .invalidData(
        "\(displayName): \(failure.message), at compressed byte \(inflater.compressedOffset)")
    } catch let error as CoreError {
      throw error
    } catch {
      throw .io(path: path, reason: "\(error)")
    }
  }

  private func readRaw(into buffer: UnsafeMutableRawPointer, count: Int) throws(CoreError)
    -> Int
  {
    if !rawAhead.isEmpty {
      let taken = min(count, rawAhead.count)
      rawAhead.withUnsafeBytes { ahead in
        if let source = ahead.baseAddress { buffer.copyMemory(from: source, byteCount: taken) }
      }
      rawAhead.removeFirst(taken)
      return taken
    }
    return try Self.readDescriptor(fd, buffer, count, path: path)
  }

  /// read(2), retrying on interrupts.
  private static func readDescriptor(
    _ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int, path: String
  ) throws(CoreError) -> Int {
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
