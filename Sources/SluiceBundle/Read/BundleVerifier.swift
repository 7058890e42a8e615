import SluiceCore
import SluiceLearn

/// One defect of a bundle.
public struct BundleFinding: Sendable, Equatable {
  /// The check that found it: `compression`, `structure`, `manifest`, `checksums`, `formats`,
  /// `examples` or `provenance`.
  public var check: String
  /// The member it concerns (path inside the top directory), if any.
  public var path: String?
  /// What is wrong.
  public var message: String

  /// Creates a finding.
  public init(check: String, path: String? = nil, message: String) {
    self.check = check
    self.path = path
    self.message = message
  }
}

/// The outcome of `package-model verify`.
public struct VerifyResult: Sendable {
  /// The checks run, in order.
  public static let checks = [
    "compression", "structure", "manifest", "checksums", "formats", "examples", "provenance",
  ]
  /// Every defect found.
  public var findings: [BundleFinding] = []
  /// The manifest, when it could be read.
  public var manifest: BundleManifest?
  /// SHA-256 of the archive file.
  public var archiveSHA256 = ""
  /// SHA-256 of the uncompressed tar stream (the bundle's identity, whatever compressed it);
  /// nil when the stream could not be read to its end.
  public var tarSHA256: String?
  /// Members in the archive.
  public var memberCount = 0
  /// Regular files in the archive (members less directories): the count all tools report.
  public var fileCount = 0
  /// Checks that could not run (an earlier defect left nothing to check), with why.
  public var skipped: [String: String] = [:]

  /// Whether the bundle is valid.
  public var isValid: Bool { findings.isEmpty }
}

/// Checks everything a bundle promises: a canonical archive, every checksum, the manifest,
/// supported formats, the examples reproduced by the native model, and the provenance.
public enum BundleVerifier {
  /// Verifies the bundle at `path`; only a missing or unreadable path (or statement) throws.
  public static func verify(
    path: String, provenancePath: String?, limit: UInt64 = GzipReader.defaultLimit
  ) throws -> VerifyResult {
    let statement = try provenancePath.map { try InputFile.readAll($0) }
    let scan = try BundleArchive.scan(path: path, limit: limit)
    var result = VerifyResult()
    result.archiveSHA256 = scan.archiveSHA256
    result.tarSHA256 = scan.tarSHA256
    result.memberCount = scan.members.count
    result.fileCount = scan.members.filter(\.header.isFile).count
    func find(_ check: String, _ path: String?, _ message: String) {
      result.findings.append(BundleFinding(check: check, path: path, message: message))
    }
    if let error = scan.error {
      let check =
        error.contains("gzip") || error.contains("decompressed") ? "compression" : "structure"
      find(check, nil, error)
    }
    let root = checkStructure(scan, find: find)
    var contents: [String: ArchiveMember] = [:]
    for member in scan.members where member.header.isFile {
      guard let root, member.header.path.hasPrefix(root + "/") else { continue }
      contents[String(member.header.path.dropFirst(root.count + 1))] = member
    }
    let manifest = checkManifest(contents, root: root, find: find)
    result.manifest = manifest
    if let manifest { checkMetadata(scan, epoch: manifest.sourceDateEpoch, find: find) }
    checkSums(contents, manifest: manifest, find: find)
    if let manifest {
      checkFormats(contents, find: find)
      checkExamples(contents, manifest: manifest, find: find)
    } else {
      result.skipped["formats"] = "no readable bundle.json"
      result.skipped["examples"] = "no readable bundle.json"
    }
    if let statement, let provenancePath {
      checkProvenance(
        statement, file: provenancePath, archiveSHA256: scan.archiveSHA256, find: find)
    } else {
      result.skipped["provenance"] = "no --provenance statement given"
    }
    // Paths are reported inside the top directory, as bundle.json and SHA256SUMS name them.
    if let root {
      for index in result.findings.indices {
        if let found = result.findings[index].path, found.hasPrefix(root + "/") {
          result.findings[index].path = String(found.dropFirst(root.count + 1))
        }
      }
    }
    return result
  }

  typealias Find = (String, String?, String) -> Void

  /// Paths, member types, duplicates, one top directory, canonical order; returns the top
  /// directory's name.
  static func checkStructure(_ scan: ArchiveScan, find: Find) -> String? {
    var seen = Set<String>()
    var root: String?
    var previous: String?
    for member in scan.members {
      let header = member.header
      let path = header.trimmedPath
      let parts = path.split(separator: "/", omittingEmptySubsequences: false)
      if header.path.hasPrefix("/") {
        find("structure", path, "absolute path '\(header.path)'")
      } else if parts.contains("..") || parts.contains(".") || parts.contains("") {
        find("structure", path, "path '\(header.path)' holds '..', '.' or an empty component")
      }
      if header.typeflag == UInt8(ascii: "2") {
        find("structure", path, "symbolic link to '\(header.linkname)'")
      } else if header.typeflag == UInt8(ascii: "1") {
        find("structure", path, "hard link to '\(header.linkname)'")
      } else if !header.isFile && !header.isDirectory {
        find(
          "structure", path,
          "unsupported member type '\(Character(Unicode.Scalar(header.typeflag)))'")
      }
      if !seen.insert(path).inserted { find("structure", path, "duplicate member '\(path)'") }
      let top = parts.first.map(String.init) ?? ""
      if root == nil {
        root = top
      } else if top != root {
        find("structure", path, "member outside the top directory '\(root ?? "")'")
      }
      let stored = header.isDirectory ? path + "/" : path
      if let previous, !byBytes(previous, stored) {
        find("structure", path, "member out of canonical order (after '\(previous)')")
      }
      previous = stored
      if header.isDirectory || header.isFile, header.isDirectory != header.path.hasSuffix("/") {
        find("structure", path, "directory names end with '/' and file names do not")
      }
    }
    if scan.trailingData {
      find("structure", nil, "non-zero bytes after the end-of-archive marker")
    }
    if scan.members.isEmpty && scan.error == nil { find("structure", nil, "the archive is empty") }
    if let first = scan.members.first,
      !(first.header.isDirectory && !first.header.trimmedPath.contains("/"))
    {
      find("structure", first.header.trimmedPath, "the first member is not the top directory")
    }
    return root
  }

  /// Every header must be the canonical one (mode, owner, mtime, format details).
  static func checkMetadata(_ scan: ArchiveScan, epoch: Int64, find: Find) {
    for member in scan.members where member.header.isFile || member.header.isDirectory {
      let header = member.header
      let name = header.isDirectory ? header.trimmedPath + "/" : header.trimmedPath
      guard
        let canonical = try? TarWriter.header(
          name: name, isDirectory: header.isDirectory, size: header.size, mtime: epoch)
      else { continue }
      guard canonical != header.raw else { continue }
      let expectedMode = header.isDirectory ? TarWriter.directoryMode : TarWriter.fileMode
      var details: [String] = []
      if header.mode != expectedMode {
        details.append(
          "mode \(String(header.mode, radix: 8)) (expected \(String(expectedMode, radix: 8)))")
      }
      if header.uid != 0 || header.gid != 0 {
        details.append("owner \(header.uid):\(header.gid) (expected 0:0)")
      }
      if !header.uname.isEmpty || !header.gname.isEmpty {
        details.append("owner names '\(header.uname)':'\(header.gname)' (expected none)")
      }
      if header.mtime != epoch {
        details.append("mtime \(header.mtime) (expected source_date_epoch \(epoch))")
      }
      if details.isEmpty { details.append("header bytes differ from the canonical ustar header") }
      find(
        "structure", header.trimmedPath,
        "non-canonical metadata: " + details.joined(separator: ", "))
    }
  }

  /// bundle.json: present, readable, supported, naming the top directory; its file list
  /// agrees with the archive (presence, size and sha256 of every file).
  static func checkManifest(_ contents: [String: ArchiveMember], root: String?, find: Find)
    -> BundleManifest?
  {
    guard let member = contents[BundleManifest.fileName], let bytes = member.bytes else {
      find("manifest", BundleManifest.fileName, "bundle.json is missing")
      return nil
    }
    let manifest: BundleManifest
    do {
      manifest = try BundleManifest(json: JSONParser.parse(bytes, file: BundleManifest.fileName))
    } catch let error as BundleError {
      find("manifest", BundleManifest.fileName, error.message)
      return nil
    } catch {
      find("manifest", BundleManifest.fileName, "bundle.json is not valid JSON: \(describe(error))")
      return nil
    }
    if let root, manifest.root != root {
      find("manifest", nil, "top directory '\(root)' is not NAME-VERSION '\(manifest.root)'")
    }
    for file in manifest.files {
      guard let present = contents[file.path] else {
        find("manifest", file.path, "listed in bundle.json but not in the archive")
        continue
      }
      if present.header.size != file.size {
        find(
          "manifest", file.path,
          "size \(present.header.size) differs from bundle.json's \(file.size)")
      }
      if present.sha256 != file.sha256 {
        find(
          "manifest", file.path,
          "sha256 \(present.sha256) differs from bundle.json's \(file.sha256)")
      }
    }
    let listed = Set(manifest.files.map(\.path))
    for path in contents.keys.sorted(by: byBytes)
    where !listed.contains(path) && path != BundleManifest.fileName
      && path != BundleManifest.sumsName
    {
      find("manifest", path, "in the archive but not listed in bundle.json")
    }
    for (name, target) in manifest.entryPoints.sorted(by: { byBytes($0.key, $1.key) })
    where !listed.contains(target) && !listed.contains(where: { $0.hasPrefix(target + "/") }) {
      find("manifest", target, "entry point '\(name)' names a file the bundle does not list")
    }
    return manifest
  }

  static func describe(_ error: any Error) -> String {
    (error as? any DiagnosticError)?.message ?? "\(error)"
  }
}
