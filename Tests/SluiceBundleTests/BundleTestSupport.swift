import Foundation
import SluiceCore
import XCTest

@testable import SluiceBundle

/// Helpers shared by the bundle tests: temporary directories, external commands, raw tar.
enum BundleTestSupport {
  /// A fresh temporary directory removed when `test` ends.
  static func makeDirectory(_ test: XCTestCase) throws -> String {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("sluice-bundle-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url.path
  }

  /// Runs an external command; returns (status, stdout, stderr).
  @discardableResult
  static func run(_ arguments: [String], directory: String? = nil) throws -> (Int32, String, String)
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: outData, as: UTF8.self),
      String(decoding: errData, as: UTF8.self)
    )
  }

  /// Deterministic pseudo-random bytes (SplitMix64).
  static func bytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    var result: [UInt8] = []
    result.reserveCapacity(count)
    while result.count < count {
      state &+= 0x9e37_79b9_7f4a_7c15
      var z = state
      z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
      z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
      z ^= z >> 31
      for shift in stride(from: 0, to: 64, by: 8) where result.count < count {
        result.append(UInt8(truncatingIfNeeded: z >> UInt64(shift)))
      }
    }
    return result
  }

  /// Gzip-compresses `bytes` with the project's writer.
  static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let sink = MemorySink()
    let writer = try GzipWriter(sink: sink)
    try writer.write(bytes)
    try writer.finish()
    return sink.bytes
  }

  /// Decompresses `bytes` with the project's reader.
  static func gunzip(_ bytes: [UInt8], limit: UInt64 = GzipReader.defaultLimit) throws -> [UInt8] {
    let reader = try GzipReader(source: MemoryReader(bytes), limit: limit)
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
      if count == 0 { break }
      result += buffer[0..<count]
    }
    return result
  }

  /// A member of a hand-built (possibly broken) tar archive.
  struct RawMember {
    var header: [UInt8]
    var content: [UInt8]
  }

  /// The members of an uncompressed ustar archive (as written by TarWriter).
  static func members(ofTar tar: [UInt8]) -> [RawMember] {
    var members: [RawMember] = []
    var offset = 0
    while offset + 512 <= tar.count {
      let header = Array(tar[offset..<(offset + 512)])
      if header.allSatisfy({ $0 == 0 }) { break }
      let sizeText = String(decoding: header[124..<135], as: UTF8.self)
      let size = Int(sizeText, radix: 8) ?? 0
      let isFile = header[156] == UInt8(ascii: "0")
      let length = isFile ? size : 0
      members.append(
        RawMember(header: header, content: Array(tar[(offset + 512)..<(offset + 512 + length)])))
      offset += 512 + (length + 511) / 512 * 512
    }
    return members
  }

  /// The name stored in a header (prefix/name).
  static func name(_ header: [UInt8]) -> String {
    func field(_ range: Range<Int>) -> String {
      let slice = header[range]
      return String(decoding: slice.prefix { $0 != 0 }, as: UTF8.self)
    }
    let prefix = field(345..<500)
    return prefix.isEmpty ? field(0..<100) : prefix + "/" + field(0..<100)
  }

  /// A header like TarWriter's, then edited by `edit` (checksum recomputed after).
  static func header(
    name: String, size: Int, isDirectory: Bool = false, mtime: Int64 = 0,
    edit: (inout [UInt8]) -> Void = { _ in }
  ) throws -> [UInt8] {
    var header = [UInt8](repeating: 0, count: 512)
    // Written field by field so names TarWriter would refuse (e.g. with "..") can be built.
    for (index, byte) in name.utf8.prefix(100).enumerated() { header[index] = byte }
    let template = try TarWriter.header(
      name: "x", isDirectory: isDirectory, size: UInt64(size), mtime: mtime)
    for index in 100..<512 { header[index] = template[index] }
    edit(&header)
    resum(&header)
    return header
  }

  /// Recomputes a header's checksum field.
  static func resum(_ header: inout [UInt8]) {
    let field = TarWriter.checksumField(header)
    for (index, byte) in field.enumerated() { header[148 + index] = byte }
  }

  /// An uncompressed tar of `members`, with the end marker.
  static func tar(_ members: [RawMember]) -> [UInt8] {
    var result: [UInt8] = []
    for member in members {
      result += member.header + member.content
      let remainder = member.content.count % 512
      if remainder > 0 { result += [UInt8](repeating: 0, count: 512 - remainder) }
    }
    return result + [UInt8](repeating: 0, count: 1024)
  }

  /// Writes bytes to a file.
  static func write(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }

  /// Reads a file's bytes.
  static func read(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
  }
}
