import CZlib
import SluiceCore

/// Streaming gzip compression (zlib's deflate, level 6) into a `ByteSink`.
///
/// The gzip header is fixed, so the output depends only on the bytes written: no file name,
/// modification time 0, no extra fields, and the operating-system byte 255 ("unknown"), which
/// zlib would otherwise set to the building platform's code.
public final class GzipWriter: ByteSink {
  /// The compression level GNU gzip uses by default.
  public static let defaultLevel: Int32 = 6
  private let stream: UnsafeMutablePointer<z_stream>
  private let header: UnsafeMutablePointer<gz_header>
  private let sink: any ByteSink
  private var output: [UInt8]
  private var finished = false
  private let level: Int32
  /// The current deflate strategy: Huffman-only inside large members that compress better
  /// that way (high-entropy weights), zlib's default everywhere else.
  private var strategy = Z_DEFAULT_STRATEGY
  /// Bytes given to `write` so far.
  public private(set) var bytesIn: UInt64 = 0

  /// Starts a gzip stream that writes its compressed bytes to `sink`.
  public init(sink: any ByteSink, level: Int32 = GzipWriter.defaultLevel) throws(BundleError) {
    self.sink = sink
    self.level = level
    output = [UInt8](repeating: 0, count: 1 << 18)
    stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    header = UnsafeMutablePointer<gz_header>.allocate(capacity: 1)
    header.initialize(to: gz_header())
    header.pointee.time = 0
    header.pointee.os = 255
    // windowBits 15 + 16 asks zlib for a gzip wrapper. memLevel 9 (zlib's default is 8)
    // doubles the symbols per block to GNU gzip's 32 Ki, so the output is no larger than
    // `gzip -6`'s (0.1% smaller on float weights than memLevel 8).
    let status = deflateInit2_(
      stream, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY, zlibVersion(),
      Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK, deflateSetHeader(stream, header) == Z_OK else {
      stream.deallocate()
      header.deallocate()
      throw BundleError(
        "cannot start gzip compression (zlib status \(status))", exitCode: .internalError)
    }
  }

  deinit {
    deflateEnd(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
    header.deinitialize(count: 1)
    header.deallocate()
  }

  /// Compresses `bytes`.
  public func write(_ bytes: UnsafeRawBufferPointer) throws {
    guard !finished else {
      throw BundleError("gzip stream already finished", exitCode: .internalError)
    }
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    bytesIn += UInt64(bytes.count)
    // zlib's avail_in is 32 bits: feed large buffers in pieces.
    var offset = 0
    while offset < bytes.count {
      let piece = min(bytes.count - offset, 1 << 30)
      stream.pointee.next_in = UnsafeMutablePointer(
        mutating: base.advanced(by: offset).assumingMemoryBound(to: UInt8.self))
      stream.pointee.avail_in = uInt(piece)
      try pump(flush: Z_NO_FLUSH)
      offset += piece
    }
  }

  /// Ends the current deflate block (Z_BLOCK: no byte alignment, the window is kept), so the
  /// next bytes get Huffman codes of their own: a big binary member between small text files
  /// would otherwise share blocks, and codes, with them.
  public func boundary() throws {
    guard !finished else { return }
    stream.pointee.next_in = nil
    stream.pointee.avail_in = 0
    try pump(flush: Z_BLOCK)
    if strategy != Z_DEFAULT_STRATEGY { try setStrategy(Z_DEFAULT_STRATEGY) }
  }

  /// Starts a large member: ends the block, then compresses the member Huffman-only when its
  /// `sample` comes out smaller that way. Float weights and other high-entropy data have
  /// almost no repeated strings, so the string search costs time and, by spending bits on
  /// rare matches, even size; a content-based choice keeps the output a function of the
  /// bytes alone.
  public func beginLargeMember(sample: UnsafeRawBufferPointer) throws {
    try boundary()
    guard !finished else { return }
    let plain = Self.compressedSize(sample, level: level, strategy: Z_DEFAULT_STRATEGY)
    let huffman = Self.compressedSize(sample, level: level, strategy: Z_HUFFMAN_ONLY)
    if let plain, let huffman, huffman < plain { try setStrategy(Z_HUFFMAN_ONLY) }
  }

  /// Switches the stream's strategy (zlib ends the pending block first).
  private func setStrategy(_ wanted: Int32) throws {
    stream.pointee.next_in = nil
    stream.pointee.avail_in = 0
    while true {
      let (status, produced) = output.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
        stream.pointee.next_out = buffer.baseAddress
        stream.pointee.avail_out = uInt(buffer.count)
        let status = deflateParams(stream, level, wanted)
        return (status, buffer.count - Int(stream.pointee.avail_out))
      }
      if produced > 0 {
        try output.withUnsafeBytes {
          try sink.write(UnsafeRawBufferPointer(rebasing: $0[0..<produced]))
        }
      }
      if status == Z_OK { break }
      guard status == Z_BUF_ERROR, produced > 0 else {
        throw BundleError(
          "gzip compression failed (zlib status \(status))", exitCode: .internalError)
      }
    }
    strategy = wanted
  }

  /// The size of `bytes` as one raw deflate stream, or nil if zlib fails.
  static func compressedSize(_ bytes: UnsafeRawBufferPointer, level: Int32, strategy: Int32)
    -> Int?
  {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
    // zlib keeps a pointer back to the stream, so it needs a fixed address.
    let probe = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    probe.initialize(to: z_stream())
    defer {
      probe.deinitialize(count: 1)
      probe.deallocate()
    }
    guard
      deflateInit2_(
        probe, level, Z_DEFLATED, -15, 9, strategy, zlibVersion(),
        Int32(MemoryLayout<z_stream>.size)) == Z_OK
    else { return nil }
    defer { deflateEnd(probe) }
    var scratch = [UInt8](repeating: 0, count: Int(deflateBound(probe, uLong(bytes.count))))
    probe.pointee.next_in = UnsafeMutablePointer(
      mutating: base.assumingMemoryBound(to: UInt8.self))
    probe.pointee.avail_in = uInt(bytes.count)
    let status = scratch.withUnsafeMutableBufferPointer { buffer -> Int32 in
      probe.pointee.next_out = buffer.baseAddress
      probe.pointee.avail_out = uInt(buffer.count)
      return deflate(probe, Z_FINISH)
    }
    return status == Z_STREAM_END ? Int(probe.pointee.total_out) : nil
  }

  /// Ends the stream: flushes the last block and writes the gzip trailer.
  public func finish() throws {
    guard !finished else { return }
    stream.pointee.next_in = nil
    stream.pointee.avail_in = 0
    try pump(flush: Z_FINISH)
    finished = true
  }

  /// Runs deflate until it has consumed its input (and, when finishing, ended the stream).
  private func pump(flush: Int32) throws {
    while true {
      let (status, produced) = output.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
        stream.pointee.next_out = buffer.baseAddress
        stream.pointee.avail_out = uInt(buffer.count)
        let status = deflate(stream, flush)
        return (status, buffer.count - Int(stream.pointee.avail_out))
      }
      guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
        throw BundleError(
          "gzip compression failed (zlib status \(status))", exitCode: .internalError)
      }
      if produced > 0 {
        try output.withUnsafeBytes {
          try sink.write(UnsafeRawBufferPointer(rebasing: $0[0..<produced]))
        }
      }
      if flush == Z_FINISH {
        if status == Z_STREAM_END { return }
      } else if stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 {
        return
      }
    }
  }
}
