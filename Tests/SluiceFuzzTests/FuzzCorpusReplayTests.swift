import Foundation
import XCTest

/// Replays every committed fuzz corpus file (fuzz/corpus/<target>/) through the same entry
/// point the fuzzer calls, without sanitizers: a crash found once stays fixed.
final class FuzzCorpusReplayTests: XCTestCase {
  private static let corpus = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("fuzz/corpus")

  func testEveryTargetHasASeedCorpus() throws {
    for target in FuzzEntryPoints.targets {
      let files = try corpusFiles(target)
      XCTAssertFalse(files.isEmpty, "fuzz/corpus/\(target) is empty")
    }
    let folders = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path)
    XCTAssertEqual(Set(folders), Set(FuzzEntryPoints.targets), "a corpus with no target")
  }

  func testTheCorpusReplaysWithoutACrash() throws {
    var count = 0
    for target in FuzzEntryPoints.targets {
      for file in try corpusFiles(target) {
        let bytes = try [UInt8](Data(contentsOf: file))
        XCTAssertTrue(FuzzEntryPoints.run(target, bytes), target)
        count += 1
      }
    }
    XCTAssertGreaterThan(count, FuzzEntryPoints.targets.count)
  }

  private func corpusFiles(_ target: String) throws -> [URL] {
    let folder = Self.corpus.appendingPathComponent(target)
    return try FileManager.default.contentsOfDirectory(
      at: folder, includingPropertiesForKeys: nil
    ).filter { !$0.lastPathComponent.hasPrefix(".") }.sorted { $0.path < $1.path }
  }
}
