import Foundation
import SluiceCore
import XCTest

@testable import SluiceBundle

/// `package-model verify` catches every kind of defect, each named.
final class VerifyTests: XCTestCase {
  static let model = """
    {"sluice_model_version": 1, "task": "binary", "target": "y", "classes": ["no", "yes"],
     "model": {"kind": "logistic", "coefficients": [[2.0, 0.0, 1.0, -1.0]], "intercepts": [0.0]},
     "pipeline": [
       {"kind": "numeric", "column": "x", "median": 0, "mean": 0, "scale": 1, "indicator": false},
       {"kind": "categorical", "column": "c", "categories": ["a"], "infrequent": true,
        "missing": true}],
     "hyperparameters": {"C": 1.0}, "training": {"rows": 3}}
    """

  /// A valid bundle: (directory, archive path, statement path).
  func makeBundle() throws -> (String, String, String) {
    let directory = try BundleTestSupport.makeDirectory(self)
    try Self.model.write(toFile: directory + "/model.json", atomically: true, encoding: .utf8)
    try "x,c,y\n0,a,no\n1,zzz,yes\nNA,NA,no\n".write(
      toFile: directory + "/d.csv", atomically: true, encoding: .utf8)
    try "{\"metrics\": {\"accuracy\": {\"value\": 0.9, \"ci\": [0.8, 0.95]}}}".write(
      toFile: directory + "/metrics.json", atomically: true, encoding: .utf8)
    var request = PackageRequest(modelPath: directory + "/model.json", name: "demo", version: "1.0")
    request.dataPaths = [directory + "/d.csv"]
    request.metricsPath = directory + "/metrics.json"
    let plan = try BundleBuilder.plan(
      request, sourceDate: SourceDate(epoch: 1_000, origin: "test"), gitCommit: nil)
    let path = directory + "/demo-1.0.tar.gz"
    let output = try AtomicOutput(path: path)
    let digest = try BundleBuilder.write(plan, to: output)
    try output.commit()
    let statement = Provenance.statement(
      archiveName: "demo-1.0.tar.gz", archiveSHA256: digest, bundleName: "demo",
      bundleVersion: "1.0", inputs: plan.inputs, sourceDate: plan.sourceDate, gitCommit: nil)
    try AtomicOutput.write(CanonicalJSON.encode(statement), to: path + ".intoto.json")
    return (directory, path, path + ".intoto.json")
  }

  /// The bundle's raw tar members.
  func members(_ path: String) throws -> [BundleTestSupport.RawMember] {
    BundleTestSupport.members(ofTar: try BundleTestSupport.gunzip(BundleTestSupport.read(path)))
  }

  /// Writes `members` as a new .tar.gz and verifies it.
  func verify(_ members: [BundleTestSupport.RawMember], in directory: String) throws -> VerifyResult
  {
    let path = directory + "/tampered.tar.gz"
    try BundleTestSupport.write(
      try BundleTestSupport.gzip(BundleTestSupport.tar(members)), to: path)
    return try BundleVerifier.verify(path: path, provenancePath: nil)
  }

  func describe(_ result: VerifyResult) -> String {
    result.findings.map { "[\($0.check)] \($0.path ?? "-"): \($0.message)" }.joined(separator: "\n")
  }

  func testValidBundlePassesEveryCheck() throws {
    let (_, path, statement) = try makeBundle()
    let result = try BundleVerifier.verify(path: path, provenancePath: statement)
    XCTAssertTrue(result.isValid, describe(result))
    XCTAssertEqual(result.manifest?.name, "demo")
    XCTAssertTrue(result.skipped.isEmpty)
  }

  func testFlippedByteInEachFileIsNamed() throws {
    let (directory, path, _) = try makeBundle()
    let original = try members(path)
    var checked = 0
    for (index, member) in original.enumerated() where !member.content.isEmpty {
      var tampered = original
      tampered[index].content[member.content.count / 2] ^= 0x01
      let result = try verify(tampered, in: directory)
      let name = String(BundleTestSupport.name(member.header).drop { $0 != "/" }.dropFirst())
      XCTAssertFalse(result.isValid, name)
      // SHA256SUMS covers every file; SHA256SUMS itself is checked line by line.
      let named =
        result.findings.contains { $0.path == name || $0.path == BundleManifest.sumsName }
        || name == BundleManifest.sumsName
      XCTAssertTrue(named, "\(name):\n\(describe(result))")
      checked += 1
    }
    XCTAssertGreaterThan(checked, 12)
  }

  func testExtraMissingAndRenamedFiles() throws {
    let (directory, path, _) = try makeBundle()
    let original = try members(path)
    var extra = original
    extra.append(
      BundleTestSupport.RawMember(
        header: try BundleTestSupport.header(name: "demo-1.0/zzz.txt", size: 2, mtime: 1_000),
        content: Array("hi".utf8)))
    let extraResult = try verify(extra, in: directory)
    XCTAssertTrue(
      extraResult.findings.contains {
        $0.path == "zzz.txt" && $0.message.contains("not listed in bundle.json")
      },
      describe(extraResult))
    XCTAssertTrue(
      extraResult.findings.contains {
        $0.path == "zzz.txt" && $0.message.contains("not listed in SHA256SUMS")
      },
      describe(extraResult))

    let missing = original.filter { BundleTestSupport.name($0.header) != "demo-1.0/params.json" }
    let missingResult = try verify(missing, in: directory)
    XCTAssertTrue(
      missingResult.findings.contains {
        $0.path == "params.json" && $0.message.contains("not in the archive")
      },
      describe(missingResult))

    let renamed = try original.map { member -> BundleTestSupport.RawMember in
      guard BundleTestSupport.name(member.header) == "demo-1.0/params.json" else { return member }
      return BundleTestSupport.RawMember(
        header: try BundleTestSupport.header(
          name: "demo-1.0/params.jsoo", size: member.content.count, mtime: 1_000),
        content: member.content)
    }
    let renamedResult = try verify(renamed, in: directory)
    XCTAssertTrue(
      renamedResult.findings.contains { $0.path == "params.json" }, describe(renamedResult))
    XCTAssertTrue(
      renamedResult.findings.contains { $0.path == "params.jsoo" }, describe(renamedResult))
  }

  func testTraversalAbsoluteSymlinkHardlinkAndDuplicateEntries() throws {
    let (directory, path, _) = try makeBundle()
    let original = try members(path)
    let cases: [(String, BundleTestSupport.RawMember, String)] = [
      (
        "traversal",
        .init(
          header: try BundleTestSupport.header(name: "demo-1.0/../evil", size: 1, mtime: 1_000),
          content: [0x41]),
        "'..'"
      ),
      (
        "absolute",
        .init(
          header: try BundleTestSupport.header(name: "/etc/evil", size: 1, mtime: 1_000),
          content: [0x41]),
        "absolute path"
      ),
      (
        "symlink",
        .init(
          header: try BundleTestSupport.header(name: "demo-1.0/link", size: 0, mtime: 1_000) {
            header in
            header[156] = UInt8(ascii: "2")
            for (index, byte) in "/etc/passwd".utf8.enumerated() { header[157 + index] = byte }
          }, content: []),
        "symbolic link to '/etc/passwd'"
      ),
      (
        "hardlink",
        .init(
          header: try BundleTestSupport.header(name: "demo-1.0/hard", size: 0, mtime: 1_000) {
            header in
            header[156] = UInt8(ascii: "1")
            for (index, byte) in "demo-1.0/params.json".utf8.enumerated() {
              header[157 + index] = byte
            }
          }, content: []),
        "hard link"
      ),
      ("duplicate", original[original.count - 1], "duplicate member"),
    ]
    for (label, member, expected) in cases {
      let result = try verify(original + [member], in: directory)
      XCTAssertTrue(
        result.findings.contains { $0.check == "structure" && $0.message.contains(expected) },
        "\(label):\n\(describe(result))")
    }
  }

  func testNonCanonicalOrderAndMetadata() throws {
    let (directory, path, _) = try makeBundle()
    let original = try members(path)
    let reordered = try verify(
      [original[0], original[2], original[1]] + original.dropFirst(3), in: directory)
    XCTAssertTrue(
      reordered.findings.contains { $0.message.contains("canonical order") }, describe(reordered))
    var mode = original
    let index = mode.firstIndex { BundleTestSupport.name($0.header) == "demo-1.0/params.json" } ?? 0
    for (offset, byte) in "0000755".utf8.enumerated() { mode[index].header[100 + offset] = byte }
    for (offset, byte) in "0000012".utf8.enumerated() { mode[index].header[108 + offset] = byte }
    BundleTestSupport.resum(&mode[index].header)
    let result = try verify(mode, in: directory)
    XCTAssertTrue(
      result.findings.contains {
        $0.path == "params.json" && $0.message.contains("mode 755")
          && $0.message.contains("owner 10:0")
      }, describe(result))
  }

  func testProvenanceDigestMustBeTheArchive() throws {
    let (directory, path, statement) = try makeBundle()
    var text = try String(contentsOfFile: statement, encoding: .utf8)
    let digest = try BundleArchive.scan(path: path).archiveSHA256
    text = text.replacingOccurrences(of: digest, with: String(repeating: "0", count: 64))
    try text.write(toFile: directory + "/wrong.json", atomically: true, encoding: .utf8)
    let result = try BundleVerifier.verify(path: path, provenancePath: directory + "/wrong.json")
    XCTAssertEqual(result.findings.map(\.check), ["provenance"], describe(result))
    XCTAssertTrue(result.findings[0].message.contains(digest))
  }

  func testTruncatedAndCorruptCompressionAreFindings() throws {
    let (directory, path, _) = try makeBundle()
    let bytes = try BundleTestSupport.read(path)
    try BundleTestSupport.write(
      Array(bytes.prefix(bytes.count - 100)), to: directory + "/cut.tar.gz")
    let cut = try BundleVerifier.verify(path: directory + "/cut.tar.gz", provenancePath: nil)
    XCTAssertTrue(
      cut.findings.contains { $0.check == "compression" && $0.message.contains("truncated") },
      describe(cut))
    var corrupt = bytes
    corrupt[bytes.count / 2] ^= 0x55
    try BundleTestSupport.write(corrupt, to: directory + "/bad.tar.gz")
    let bad = try BundleVerifier.verify(path: directory + "/bad.tar.gz", provenancePath: nil)
    XCTAssertFalse(bad.isValid)
    try BundleTestSupport.write(Array("not gzip at all".utf8), to: directory + "/plain.tar.gz")
    let plain = try BundleVerifier.verify(path: directory + "/plain.tar.gz", provenancePath: nil)
    XCTAssertTrue(plain.findings.contains { $0.check == "compression" }, describe(plain))
    let limited = try BundleVerifier.verify(path: path, provenancePath: nil, limit: 1_000)
    XCTAssertTrue(limited.findings.contains { $0.message.contains("limit") }, describe(limited))
    XCTAssertThrowsError(
      try BundleVerifier.verify(path: directory + "/absent.tar.gz", provenancePath: nil)
    ) {
      XCTAssertEqual(($0 as? CoreError)?.exitCode, .noInput)
    }
  }

  func testExamplesMustBeReproducedByTheNativeModel() throws {
    let (directory, path, _) = try makeBundle()
    var tampered = try members(path)
    // Change the model and fix up every checksum, so only the examples check can notice.
    let modelIndex =
      tampered.firstIndex { BundleTestSupport.name($0.header) == "demo-1.0/model/model.json" } ?? 0
    let text = String(decoding: tampered[modelIndex].content, as: UTF8.self)
      .replacingOccurrences(of: "2.0", with: "3.0")
    let newModel = Array(text.utf8)
    let oldHash = SHA256.hex(tampered[modelIndex].content)
    tampered[modelIndex].content = newModel
    func replace(_ name: String, _ old: String, _ new: String) -> (String, String) {
      let index =
        tampered.firstIndex { BundleTestSupport.name($0.header) == "demo-1.0/" + name } ?? 0
      let before = SHA256.hex(tampered[index].content)
      tampered[index].content = Array(
        String(decoding: tampered[index].content, as: UTF8.self).replacingOccurrences(
          of: old, with: new
        ).utf8)
      return (before, SHA256.hex(tampered[index].content))
    }
    let (manifestOld, manifestNew) = replace("bundle.json", oldHash, SHA256.hex(newModel))
    _ = replace("SHA256SUMS", oldHash, SHA256.hex(newModel))
    _ = replace("SHA256SUMS", manifestOld, manifestNew)
    let result = try verify(tampered, in: directory)
    XCTAssertEqual(result.findings.map(\.check), ["examples"], describe(result))
  }
}
