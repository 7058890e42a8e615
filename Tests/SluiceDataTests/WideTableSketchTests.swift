import Foundation
import SluiceCore
import SluiceTable
import XCTest

@testable import SluiceData

/// Sketch state that grows with the data (issue 12, "Wide tables"): the sparse HyperLogLog
/// form holds the same registers as the dense one, and the streamed profile is the same text.
final class WideTableSketchTests: XCTestCase {
  func testSparseCounterEqualsDenseOneAtEverySize() throws {
    for size in [0, 1, 5, 20, 300, 600, 1_200, 5_000] {
      let sparse = DistinctCounterSketchTests.counter(0..<size)
      var dense = DistinctCounter()
      dense.restoreRegisters(dense.takeRegisters())
      dense.merge(sparse)
      XCTAssertEqual(sparse, dense, "size \(size)")
      XCTAssertEqual(sparse.estimate, dense.estimate, "size \(size)")
      XCTAssertEqual(CanonicalJSON.encode(sparse.json), CanonicalJSON.encode(dense.json))
      let reloaded = try DistinctCounter(json: SketchTesting.reparse(sparse.json))
      XCTAssertEqual(reloaded, sparse, "size \(size)")
      let form = size < 1_400 ? "sparse" : "registers"
      XCTAssertNotNil(sparse.json[form], "size \(size) writes \(form)")
    }
  }

  func testMergesAcrossFormsAreExact() {
    let whole = DistinctCounterSketchTests.counter(0..<2_000)
    for cut in [3, 400, 1_000, 1_990] {
      var left = DistinctCounterSketchTests.counter(0..<cut)
      let right = DistinctCounterSketchTests.counter(cut..<2_000)
      var reversed = right
      left.merge(right)
      reversed.merge(DistinctCounterSketchTests.counter(0..<cut))
      XCTAssertEqual(left, whole, "cut \(cut)")
      XCTAssertEqual(reversed, whole, "cut \(cut)")
    }
  }

  func testRejectsInvalidSparseForms() {
    guard case .object(let members) = DistinctCounterSketchTests.counter(0..<3).json else {
      return XCTFail("not an object")
    }
    func with(_ key: String, _ value: JSONValue?) -> JSONValue {
      var copy = members
      copy[key] = value
      return .object(copy)
    }
    let cases: [(String, JSONValue)] = [
      ("not triples", with("sparse", "AAB1")),
      ("descending", with("sparse", "ABBAAB")),
      ("repeated", with("sparse", "AABAAB")),
      ("zero value", with("sparse", "AAA")),
      ("value too large", with("sparse", "AA3")),
      ("both forms", with("registers", .string(String(repeating: "A", count: 4_096)))),
    ]
    for (name, json) in cases {
      SketchTesting.assertInvalid({ _ = try DistinctCounter(json: json) }, name)
    }
  }

  func testStreamedProfileIsTheCanonicalDocument() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("sluice-wide-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/t.csv"
    try "a,b,c\n1,x y\\n,2.5\n2,\"q\"\"r\",\n3,x y\\n,1e3\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    let profile = try TableProfile.profile(TableReader(path: path, options: ReadOptions()))
    var streamed: [UInt8] = []
    ProfileCodec.write(profile) { streamed.append(contentsOf: $0) }
    XCTAssertEqual(
      String(decoding: streamed, as: UTF8.self), CanonicalJSON.encode(ProfileCodec.encode(profile)))
    var empty: [UInt8] = []
    ProfileCodec.write(TableProfile(names: [])) { empty.append(contentsOf: $0) }
    XCTAssertEqual(
      String(decoding: empty, as: UTF8.self),
      CanonicalJSON.encode(ProfileCodec.encode(TableProfile(names: []))))
  }
}
