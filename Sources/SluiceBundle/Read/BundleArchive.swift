import SluiceCore

/// One archive member as scanned: its header, the digest and size of its content, and the
/// content itself when it was kept.
public struct ArchiveMember: Sendable {
  /// The header as read.
  public var header: TarHeader
  /// SHA-256 of the content (empty when not hashed).
  public var sha256: String
  /// The content, when kept.
  public var bytes: [UInt8]?
}

/// The result of reading a whole .tar.gz: the members up to the first structural error.
public struct ArchiveScan: Sendable {
  /// Members in archive order.
  public var members: [ArchiveMember] = []
  /// The error that stopped the scan (corrupt gzip, bad header, truncation, size limit).
  public var error: String?
  /// Whether non-zero bytes follow the end-of-archive marker.
  public var trailingData = false
  /// SHA-256 of the archive file (complete only when the scan read it to the end).
  public var archiveSHA256 = ""
  /// SHA-256 of the uncompressed tar stream, every byte to its end: the bundle's identity,
  /// which does not depend on the gzip level or zlib build that compressed it. Nil when the
  /// stream could not be read to its end (corrupt, truncated or over the size limit).
  public var tarSHA256: String?
  /// Decompressed bytes read.
  public var decompressedBytes: UInt64 = 0

  /// The member whose path (without a trailing "/") is `path`.
  public func member(_ path: String) -> ArchiveMember? {
    members.first { $0.header.trimmedPath == path }
  }
}

/// Reads bundle archives with bounded memory and output.
public enum BundleArchive {
  /// Members up to this size are kept in memory for content checks; larger ones are hashed.
  public static let keepLimit: UInt64 = 64 << 20
  /// The bundle's own documents (model.json of a text model can be large) are kept up to this.
  public static let documentLimit: UInt64 = 1 << 30

  /// Whether a member is kept by default: small ones, and the bundle's own documents (not
  /// artifacts or the MLflow copy) up to `documentLimit`.
  public static func keptByDefault(_ header: TarHeader) -> Bool {
    if header.size <= keepLimit { return true }
    let inside = header.trimmedPath.split(separator: "/").dropFirst().first ?? ""
    return header.size <= documentLimit && inside != "artifacts" && inside != "mlflow"
  }

  /// Whether `path` starts like a gzip file (the magic bytes 1f 8b).
  public static func looksCompressed(_ path: String) -> Bool {
    guard let reader = try? FileReader(path: path) else { return false }
    var magic: [UInt8] = [0, 0]
    let count = (try? magic.withUnsafeMutableBytes { try reader.read(into: $0) }) ?? 0
    return count == 2 && magic == [0x1f, 0x8b]
  }

  /// Scans the archive at `path`. Only a missing or unreadable file throws (66, or 74 on a
  /// read error); every defect of the archive is recorded in the scan. `keep` decides which
  /// members' content is kept (by path inside the archive); `hash` whether others are hashed.
  public static func scan(
    path: String, limit: UInt64 = GzipReader.defaultLimit,
    keep: (TarHeader) -> Bool = keptByDefault, hash: Bool = true
  ) throws -> ArchiveScan {
    let file = try FileReader(path: path)
    let hashing = HashingReader(file)
    var scan = ArchiveScan()
    do {
      let gzip = try GzipReader(source: hashing, limit: limit)
      let stream = HashingReader(gzip)
      let tar = TarReader(source: stream)
      defer { scan.decompressedBytes = gzip.bytesOut }
      while let header = try tar.next() {
        var member = ArchiveMember(header: header, sha256: "", bytes: nil)
        if header.isFile {
          let kept = keep(header)
          if kept || hash {
            var digest = SHA256()
            var bytes: [UInt8] = []
            try tar.readContent { piece in
              digest.update(piece)
              if kept { bytes.append(contentsOf: piece) }
            }
            member.sha256 = digest.hexDigest()
            if kept { member.bytes = bytes }
          }
        }
        scan.members.append(member)
      }
      scan.trailingData = tar.trailingNonZero
      // Whatever the tar reader left (the end marker's padding) is part of the stream.
      try stream.drain()
      var streamDigest = stream.hash
      scan.tarSHA256 = streamDigest.hexDigest()
    } catch let error as BundleError {
      scan.error = error.message
    } catch let error as CoreError {
      if case .io = error { throw error }
      scan.error = error.message
    }
    try hashing.drain()
    var digest = hashing.hash
    scan.archiveSHA256 = digest.hexDigest()
    return scan
  }
}

/// A reader that hashes what passes through it.
final class HashingReader: ByteReader {
  private let base: any ByteReader
  private(set) var hash = SHA256()

  init(_ base: any ByteReader) {
    self.base = base
  }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let count = try base.read(into: buffer)
    hash.update(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<count]))
    return count
  }

  /// Reads (and hashes) whatever is left, so the digest covers the whole file.
  func drain() throws {
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while try buffer.withUnsafeMutableBytes({ try read(into: $0) }) > 0 {}
  }
}
