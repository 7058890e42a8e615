import SluiceCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One member of an archive: a directory, or a file whose bytes are in memory or on disk.
public struct TarEntry: Sendable {
  /// Where the bytes come from.
  public enum Content: Sendable {
    /// Bytes held in memory.
    case bytes([UInt8])
    /// A file on disk, read when the archive is written; it must still have `size` bytes.
    case file(path: String, size: UInt64)
  }

  /// The member's path inside the archive, without a trailing slash.
  public var path: String
  /// Whether the member is a directory (content is ignored).
  public var isDirectory: Bool
  /// The file's bytes.
  public var content: Content

  /// A file member.
  public init(path: String, content: Content) {
    self.path = path
    self.isDirectory = false
    self.content = content
  }

  /// A directory member.
  public init(directory path: String) {
    self.path = path
    self.isDirectory = true
    self.content = .bytes([])
  }

  /// The file's size in bytes (0 for a directory).
  public var size: UInt64 {
    guard !isDirectory else { return 0 }
    switch content {
    case .bytes(let bytes): return UInt64(bytes.count)
    case .file(_, let size): return size
    }
  }

  /// The name as stored: directories end with "/", which also fixes the canonical order.
  public var storedName: String { isDirectory ? path + "/" : path }
}

/// Writes reproducible POSIX ustar archives.
///
/// Canonical form: members sorted by their stored name's UTF-8 bytes (a directory's name ends
/// with "/", so it precedes its contents); uid and gid 0 with empty user and group names;
/// mode 0644 for files and 0755 for directories; every mtime the same; names over 100 bytes
/// split at a "/" into the 155-byte prefix field (longer names are refused); files up to
/// 8 GiB - 1 (the 11 octal digits of the size field). The archive ends with two zero blocks
/// and is not padded to a record size.
public enum TarWriter {
  /// The mode of every file member.
  public static let fileMode: UInt64 = 0o644
  /// The mode of every directory member.
  public static let directoryMode: UInt64 = 0o755
  /// The largest member a ustar size field can describe.
  public static let maxSize: UInt64 = 0o77777777777
  /// Members at least this big are compressed in deflate blocks of their own.
  public static let blockBoundarySize: UInt64 = 64 << 10
  /// How much of a large member a compressor sees first, to choose how to compress it.
  public static let sampleSize = 1 << 20
  /// The tar block size.
  public static let block = 512

  /// The canonical order: by stored name's bytes.
  public static func sorted(_ entries: [TarEntry]) -> [TarEntry] {
    entries.sorted {
      Array($0.storedName.utf8).lexicographicallyPrecedes(Array($1.storedName.utf8))
    }
  }

  /// Writes `entries` in canonical order to `sink`, every mtime `mtime`.
  public static func write(_ entries: [TarEntry], mtime: Int64, to sink: any ByteSink) throws {
    var seen = Set<String>()
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    for entry in sorted(entries) {
      guard seen.insert(entry.path).inserted else {
        throw BundleError("two archive members are named '\(entry.path)'")
      }
      try sink.write(
        header(
          name: entry.storedName, isDirectory: entry.isDirectory, size: entry.size, mtime: mtime))
      guard !entry.isDirectory else { continue }
      let big = entry.size >= blockBoundarySize
      switch entry.content {
      case .bytes(let bytes):
        if big {
          try bytes.withUnsafeBytes {
            try sink.beginLargeMember(
              sample: UnsafeRawBufferPointer(rebasing: $0.prefix(sampleSize)))
          }
        }
        try sink.write(bytes)
      case .file(let path, let size):
        try copy(path: path, size: size, to: sink, buffer: &buffer, large: big)
      }
      let remainder = Int(entry.size % UInt64(block))
      if remainder > 0 { try sink.write([UInt8](repeating: 0, count: block - remainder)) }
      if big { try sink.boundary() }
    }
    try sink.write([UInt8](repeating: 0, count: 2 * block))
  }

  /// Streams a file's bytes, failing if it no longer has the size it was listed with.
  /// With `large`, the first read (up to `sampleSize` bytes) is also the sample given to
  /// `beginLargeMember`.
  static func copy(
    path: String, size: UInt64, to sink: any ByteSink, buffer: inout [UInt8], large: Bool = false
  ) throws {
    let reader = try FileReader(path: path)
    var total: UInt64 = 0
    var first = true
    while true {
      let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
      if first && large {
        try buffer.withUnsafeBytes {
          try sink.beginLargeMember(
            sample: UnsafeRawBufferPointer(rebasing: $0[0..<min(count, sampleSize)]))
        }
      }
      first = false
      if count == 0 { break }
      total += UInt64(count)
      guard total <= size else { break }
      try buffer.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }
    guard total == size else {
      throw BundleError("'\(path)' changed size while it was being packaged", exitCode: .ioError)
    }
  }

  /// The 512-byte ustar header of a member.
  public static func header(name: String, isDirectory: Bool, size: UInt64, mtime: Int64)
    throws(BundleError)
    -> [UInt8]
  {
    guard size <= maxSize else {
      throw BundleError("'\(name)' is larger than a ustar member can be (8 GiB)")
    }
    guard mtime >= 0, mtime <= 0o77777777777 else {
      throw BundleError("modification time \(mtime) does not fit a ustar header")
    }
    let (prefix, short) = try split(name)
    var header = [UInt8](repeating: 0, count: block)
    put(Array(short.utf8), at: 0, in: &header)
    put(octal(isDirectory ? directoryMode : fileMode, digits: 7), at: 100, in: &header)
    put(octal(0, digits: 7), at: 108, in: &header)
    put(octal(0, digits: 7), at: 116, in: &header)
    put(octal(size, digits: 11), at: 124, in: &header)
    put(octal(UInt64(mtime), digits: 11), at: 136, in: &header)
    header[156] = isDirectory ? UInt8(ascii: "5") : UInt8(ascii: "0")
    put(Array("ustar".utf8) + [0] + Array("00".utf8), at: 257, in: &header)
    put(octal(0, digits: 7), at: 329, in: &header)
    put(octal(0, digits: 7), at: 337, in: &header)
    put(Array(prefix.utf8), at: 345, in: &header)
    put(checksumField(header), at: 148, in: &header)
    return header
  }

  /// The checksum field's 8 bytes: six octal digits, NUL, space (as GNU tar writes it).
  static func checksumField(_ header: [UInt8]) -> [UInt8] {
    octal(UInt64(checksum(header)), digits: 6) + [0x20]
  }

  /// The sum of the header's bytes with the checksum field counted as spaces.
  static func checksum(_ header: [UInt8]) -> Int {
    var sum = 0
    for (index, byte) in header.enumerated() {
      sum += (148..<156).contains(index) ? 0x20 : Int(byte)
    }
    return sum
  }

  /// Splits a name over 100 bytes at a "/" into (prefix ≤ 155, name ≤ 100).
  static func split(_ name: String) throws(BundleError) -> (String, String) {
    let bytes = Array(name.utf8)
    guard !bytes.isEmpty, !bytes.contains(0) else {
      throw BundleError("archive member name '\(name)' is empty or holds a NUL byte")
    }
    if bytes.count <= 100 { return ("", name) }
    // The last usable "/" keeps the most in the prefix; a directory's trailing "/" stays in name.
    for index in stride(from: min(bytes.count - 2, 155), through: 1, by: -1)
    where bytes[index] == UInt8(ascii: "/") {
      let rest = bytes.count - index - 1
      if rest <= 100 {
        return (
          String(decoding: bytes[0..<index], as: UTF8.self),
          String(decoding: bytes[(index + 1)...], as: UTF8.self)
        )
      }
      break
    }
    throw BundleError(
      "archive member name '\(name)' is too long for ustar (at most 255 bytes, split at a '/')")
  }

  /// `value` in octal, zero-padded to `digits`, NUL-terminated.
  static func octal(_ value: UInt64, digits: Int) -> [UInt8] {
    var text = Array(String(value, radix: 8).utf8)
    if text.count < digits {
      text = [UInt8](repeating: UInt8(ascii: "0"), count: digits - text.count) + text
    }
    return text + [0]
  }

  static func put(_ bytes: [UInt8], at offset: Int, in header: inout [UInt8]) {
    for (index, byte) in bytes.enumerated() { header[offset + index] = byte }
  }
}
