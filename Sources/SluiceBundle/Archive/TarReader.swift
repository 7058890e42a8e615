import SluiceCore

/// One member header as read from an archive, with its raw bytes for canonical-form checks.
public struct TarHeader: Sendable {
  /// The member's path: prefix + "/" + name, as stored (a directory's may end with "/").
  public var path: String
  /// The typeflag byte ("0" or NUL file, "5" directory, "1" hard link, "2" symlink...).
  public var typeflag: UInt8
  /// The declared size of the member's content.
  public var size: UInt64
  /// Mode bits.
  public var mode: UInt64
  /// Owner id.
  public var uid: UInt64
  /// Group id.
  public var gid: UInt64
  /// Modification time (seconds since 1970).
  public var mtime: Int64
  /// Owner name.
  public var uname: String
  /// Group name.
  public var gname: String
  /// The link target of a link member.
  public var linkname: String
  /// The 512 bytes as read.
  public var raw: [UInt8]

  /// Whether the member is a regular file.
  public var isFile: Bool { typeflag == UInt8(ascii: "0") || typeflag == 0 }
  /// Whether the member is a directory.
  public var isDirectory: Bool { typeflag == UInt8(ascii: "5") }
  /// The path without a trailing "/".
  public var trimmedPath: String {
    path.hasSuffix("/") ? String(path.dropLast()) : path
  }
}

/// Reads ustar members one by one from a decompressed stream.
///
/// Structural errors (a header with a bad checksum or magic, a truncated member) are thrown
/// as `BundleError`; whether a well-formed member is acceptable is the caller's call.
public final class TarReader {
  private let source: any ByteReader
  private var remaining: UInt64 = 0
  private var padding = 0
  private var block = [UInt8](repeating: 0, count: TarWriter.block)
  /// Set when the end-of-archive marker has been read.
  public private(set) var atEnd = false
  /// Bytes after the end marker that were not zero (a finding for canonical archives).
  public private(set) var trailingNonZero = false

  /// Reads members from `source` (a `GzipReader`, or one that hashes what passes through).
  public init(source: any ByteReader) {
    self.source = source
  }

  /// The next member's header, or nil at the end-of-archive marker (content not read by the
  /// caller is skipped).
  public func next() throws -> TarHeader? {
    guard !atEnd else { return nil }
    try skipContent()
    try fill(&block, what: "a member header")
    if block.allSatisfy({ $0 == 0 }) {
      try fill(&block, what: "the end-of-archive marker")
      guard block.allSatisfy({ $0 == 0 }) else {
        throw BundleError("a lone zero block in the middle of the archive")
      }
      atEnd = true
      try drainAfterEnd()
      return nil
    }
    return try parse(block)
  }

  /// Streams the current member's content to `body` in pieces.
  public func readContent(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while remaining > 0 {
      let want = Int(min(UInt64(buffer.count), remaining))
      let got = try buffer.withUnsafeMutableBytes {
        try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<want]))
      }
      guard got == want else {
        throw BundleError("truncated archive: a member's content is cut short")
      }
      remaining -= UInt64(got)
      try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
    }
  }

  private func skipContent() throws {
    try readContent { _ in }
    if padding > 0 {
      var pad = [UInt8](repeating: 0, count: padding)
      try fill(&pad, what: "a member's padding")
      padding = 0
    }
  }

  private func fill(_ buffer: inout [UInt8], what: String) throws {
    let count = buffer.count
    let got = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
    guard got == count else { throw BundleError("truncated archive: it ends inside \(what)") }
  }

  /// Reads what follows the end marker: zeros (record padding) are fine, anything else is
  /// flagged so a canonical-form check can name it.
  private func drainAfterEnd() throws {
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let got = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
      if got == 0 { return }
      if buffer[0..<got].contains(where: { $0 != 0 }) { trailingNonZero = true }
    }
  }

  private func parse(_ raw: [UInt8]) throws -> TarHeader {
    let stored = try octal(raw, 148, 8, "checksum")
    guard stored == UInt64(TarWriter.checksum(raw)) else {
      throw BundleError("archive header checksum mismatch (not a tar archive, or corrupt)")
    }
    guard
      raw[257..<263].elementsEqual(Array("ustar".utf8) + [0])
        || raw[257..<263].elementsEqual(Array("ustar ".utf8))
    else {
      throw BundleError("archive member is not in ustar format")
    }
    let name = text(raw, 0, 100)
    let prefix = text(raw, 345, 155)
    let size = try octal(raw, 124, 12, "size")
    let header = TarHeader(
      path: prefix.isEmpty ? name : prefix + "/" + name, typeflag: raw[156], size: size,
      mode: try octal(raw, 100, 8, "mode"), uid: try octal(raw, 108, 8, "uid"),
      gid: try octal(raw, 116, 8, "gid"), mtime: Int64(try octal(raw, 136, 12, "mtime")),
      uname: text(raw, 265, 32), gname: text(raw, 297, 32), linkname: text(raw, 157, 100), raw: raw)
    // Only regular files carry content here: other members' sizes are ignored, as tar does.
    remaining = header.isFile ? size : 0
    padding = Int((TarWriter.block - Int(remaining % UInt64(TarWriter.block))) % TarWriter.block)
    return header
  }

  private func text(_ raw: [UInt8], _ offset: Int, _ length: Int) -> String {
    let field = raw[offset..<(offset + length)]
    let end = field.firstIndex(of: 0) ?? field.endIndex
    return String(decoding: field[field.startIndex..<end], as: UTF8.self)
  }

  private func octal(_ raw: [UInt8], _ offset: Int, _ length: Int, _ what: String) throws -> UInt64
  {
    var value: UInt64 = 0
    var digits = 0
    for byte in raw[offset..<(offset + length)] {
      if byte == 0 || byte == 0x20 {
        if digits > 0 { break } else { continue }
      }
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "7"), value < (1 << 60) else {
        throw BundleError("archive header field '\(what)' is not an octal number")
      }
      value = value * 8 + UInt64(byte - UInt8(ascii: "0"))
      digits += 1
    }
    return value
  }
}
