import Foundation
import SluiceCore
import XCTest

@testable import SluiceBundle

/// The tar and gzip layers against GNU tar, gzip and sha256sum.
final class ArchiveTests: XCTestCase {
  static let sizes = [0, 1, 511, 512, 513, 1000, (1 << 20) + 7]

  /// Random files of many sizes, in nested directories, with a name longer than 100 bytes.
  func entries() -> [TarEntry] {
    var entries = [TarEntry(directory: "top"), TarEntry(directory: "top/sub")]
    for (index, size) in Self.sizes.enumerated() {
      let bytes = BundleTestSupport.bytes(count: size, seed: UInt64(index))
      entries.append(TarEntry(path: "top/sub/file\(index).bin", content: .bytes(bytes)))
    }
    let long =
      "top/" + String(repeating: "d", count: 90) + "/" + String(repeating: "n", count: 80) + ".txt"
    entries.append(TarEntry(directory: String(long.prefix(4 + 90))))
    entries.append(TarEntry(path: long, content: .bytes(Array("long name\n".utf8))))
    return entries
  }

  func archive(_ entries: [TarEntry], mtime: Int64 = 1_700_000_000) throws -> [UInt8] {
    let sink = MemorySink()
    let gzip = try GzipWriter(sink: sink)
    try TarWriter.write(entries.reversed(), mtime: mtime, to: gzip)
    try gzip.finish()
    return sink.bytes
  }

  func testGNUTarListsAndExtractsAndGzipTests() throws {
    let directory = try BundleTestSupport.makeDirectory(self)
    let path = directory + "/a.tar.gz"
    try BundleTestSupport.write(try archive(entries()), to: path)
    let (gzipStatus, _, gzipError) = try BundleTestSupport.run(["gzip", "-t", path])
    XCTAssertEqual(gzipStatus, 0, gzipError)
    let (listStatus, listing, listError) = try BundleTestSupport.run(["tar", "-tzvf", path])
    XCTAssertEqual(listStatus, 0, listError)
    let lines = listing.split(separator: "\n")
    XCTAssertEqual(lines.count, entries().count)
    XCTAssertTrue(lines.allSatisfy { $0.contains(" 0/0 ") }, listing)
    XCTAssertTrue(lines[0].hasPrefix("drwxr-xr-x") && lines[0].hasSuffix(" top/"), listing)
    XCTAssertTrue(
      lines.filter { $0.hasPrefix("-rw-r--r--") }.count == Self.sizes.count + 1, listing)
    XCTAssertTrue(listing.contains("2023-11-14"), listing)
    let out = directory + "/out"
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let (extractStatus, _, extractError) = try BundleTestSupport.run([
      "tar", "-xzf", path, "-C", out,
    ])
    XCTAssertEqual(extractStatus, 0, extractError)
    for entry in entries() where !entry.isDirectory {
      guard case .bytes(let bytes) = entry.content else { continue }
      XCTAssertEqual(try BundleTestSupport.read(out + "/" + entry.path), bytes, entry.path)
    }
  }

  func testHeadersMatchGNUTarUstarByteForByte() throws {
    let directory = try BundleTestSupport.makeDirectory(self)
    let tree = directory + "/tree"
    try FileManager.default.createDirectory(
      atPath: tree + "/d/sub", withIntermediateDirectories: true)
    var entries = [TarEntry(directory: "d"), TarEntry(directory: "d/sub")]
    for (index, size) in [0, 1, 513].enumerated() {
      let bytes = BundleTestSupport.bytes(count: size, seed: UInt64(index + 10))
      try BundleTestSupport.write(bytes, to: "\(tree)/d/sub/f\(index)")
      entries.append(TarEntry(path: "d/sub/f\(index)", content: .bytes(bytes)))
    }
    try BundleTestSupport.run(["chmod", "-R", "u=rwX,go=rX", tree])
    let (status, _, error) = try BundleTestSupport.run(
      [
        "tar", "--format=ustar", "--sort=name", "--owner=0", "--group=0", "--numeric-owner",
        "--mtime=@0", "-cf", directory + "/gnu.tar", "d",
      ], directory: tree)
    XCTAssertEqual(status, 0, error)
    let gnu = try BundleTestSupport.read(directory + "/gnu.tar")
    let sink = MemorySink()
    try TarWriter.write(entries, mtime: 0, to: sink)
    // GNU tar pads to a 10 KiB record; the members and end marker are the same bytes.
    XCTAssertEqual(Array(gnu.prefix(sink.bytes.count)), sink.bytes)
    XCTAssertTrue(gnu.dropFirst(sink.bytes.count).allSatisfy { $0 == 0 })
  }

  func testSameInputsSameBytesAndFixedGzipHeader() throws {
    let first = try archive(entries())
    let second = try archive(entries().shuffled())
    XCTAssertEqual(first, second)
    // gzip magic, deflate, no flags, mtime 0, xfl 0, OS 255: nothing from the machine.
    XCTAssertEqual(Array(first.prefix(10)), [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255])
    XCTAssertNotEqual(try archive(entries(), mtime: 1), first)
  }

  func testDeflateCompressesAndRoundTripsEverySize() throws {
    for (index, size) in (Self.sizes + [3 << 20]).enumerated() {
      let random = BundleTestSupport.bytes(count: size, seed: UInt64(100 + index))
      XCTAssertEqual(try BundleTestSupport.gunzip(try BundleTestSupport.gzip(random)), random)
    }
    let text = Array(String(repeating: "sluice bundles are reproducible. ", count: 10_000).utf8)
    let compressed = try BundleTestSupport.gzip(text)
    XCTAssertLessThan(compressed.count, text.count / 50, "deflate, not stored blocks")
    let directory = try BundleTestSupport.makeDirectory(self)
    try BundleTestSupport.write(compressed, to: directory + "/t.gz")
    let (status, output, _) = try BundleTestSupport.run(["gzip", "-dc", directory + "/t.gz"])
    XCTAssertEqual(status, 0)
    XCTAssertEqual(Array(output.utf8), text)
  }

  /// A large member of high-entropy float weights is compressed Huffman-only (smaller than
  /// zlib's default strategy on them); a large repetitive member keeps the string search.
  func testLargeMembersPickTheirStrategyFromTheirBytes() throws {
    var generator = UInt64(7)
    var weights: [UInt8] = []
    for _ in 0..<(1 << 19) {
      // A sum of uniforms: roughly normal float32 weights, like a model's parameters.
      var total: Float = 0
      for _ in 0..<4 {
        generator = generator &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        total += Float(generator >> 40) / Float(1 << 24) - 0.5
      }
      withUnsafeBytes(of: total.bitPattern.littleEndian) { weights.append(contentsOf: $0) }
    }
    func sizes(_ bytes: [UInt8]) throws -> (member: Int, plain: Int) {
      let member = try archive([TarEntry(path: "w.bin", content: .bytes(bytes))])
      let sink = MemorySink()
      let plain = try GzipWriter(sink: sink)
      let tar = MemorySink()
      try TarWriter.write(
        [TarEntry(path: "w.bin", content: .bytes(bytes))], mtime: 1_700_000_000, to: tar)
      try tar.bytes.withUnsafeBytes { try plain.write($0) }
      try plain.finish()
      XCTAssertEqual(try BundleTestSupport.gunzip(member), tar.bytes)
      return (member.count, sink.bytes.count)
    }
    let floats = try sizes(weights)
    XCTAssertLessThan(floats.member, floats.plain, "Huffman-only is smaller on float weights")
    let text = Array(String(repeating: "sluice bundles are reproducible. ", count: 40_000).utf8)
    let repetitive = try sizes(text)
    XCTAssertLessThan(repetitive.member, text.count / 100, "string matching kept for text")
    XCTAssertLessThanOrEqual(repetitive.member, repetitive.plain + 64)
  }

  func testReaderReturnsMembersAndHashesAsSha256sum() throws {
    let directory = try BundleTestSupport.makeDirectory(self)
    let path = directory + "/a.tar.gz"
    try BundleTestSupport.write(try archive(entries()), to: path)
    let scan = try BundleArchive.scan(path: path)
    XCTAssertNil(scan.error)
    XCTAssertEqual(scan.members.map(\.header.trimmedPath), TarWriter.sorted(entries()).map(\.path))
    let (_, sums, _) = try BundleTestSupport.run(["sha256sum", path])
    XCTAssertEqual(String(sums.prefix(64)), scan.archiveSHA256)
    for member in scan.members where member.header.isFile {
      let bytes = member.bytes ?? []
      XCTAssertEqual(member.sha256, SHA256.hex(bytes))
    }
  }

  func testCorruptTruncatedTrailingAndOversizedGzipAreErrors() throws {
    let good = try BundleTestSupport.gzip(BundleTestSupport.bytes(count: 100_000, seed: 7))
    XCTAssertThrowsError(try BundleTestSupport.gunzip(Array(good.prefix(good.count / 2)))) {
      XCTAssertTrue(($0 as? BundleError)?.message.contains("truncated") == true, "\($0)")
    }
    var flipped = good
    flipped[good.count - 6] ^= 0xff  // the CRC-32 in the trailer
    XCTAssertThrowsError(try BundleTestSupport.gunzip(flipped)) {
      XCTAssertTrue(($0 as? BundleError)?.message.contains("corrupt gzip") == true, "\($0)")
    }
    XCTAssertThrowsError(try BundleTestSupport.gunzip(good + [0])) {
      XCTAssertTrue(($0 as? BundleError)?.message.contains("after the end") == true, "\($0)")
    }
    XCTAssertThrowsError(try BundleTestSupport.gunzip(good, limit: 99_999)) {
      XCTAssertTrue(($0 as? BundleError)?.message.contains("limit") == true, "\($0)")
    }
    XCTAssertEqual(try BundleTestSupport.gunzip(good, limit: 100_000).count, 100_000)
  }

  func testLongNamesSplitOrFail() throws {
    let fits = String(repeating: "a", count: 150) + "/" + String(repeating: "b", count: 100)
    let header = try TarWriter.header(name: fits, isDirectory: false, size: 0, mtime: 0)
    XCTAssertEqual(BundleTestSupport.name(header), fits)
    XCTAssertThrowsError(
      try TarWriter.header(
        name: String(repeating: "c", count: 101), isDirectory: false, size: 0, mtime: 0))
    XCTAssertThrowsError(
      try TarWriter.header(
        name: String(repeating: "a", count: 156) + "/b", isDirectory: false, size: 0, mtime: 0))
  }
}
