import Foundation
import SluiceCore
import SluiceTable
import XCTest

@testable import SluiceData

/// The split rules: the pinned hash and shuffle, exact counts, stratification and key
/// stability, and `SplitJob` on real tables.
final class SplitterTests: XCTestCase {
  // MARK: pinned functions

  /// Vectors from an independent Python implementation of the documented definitions
  /// (ci/fixtures/generate_hash_vectors.py; SplitHashVectorTests runs all of its vectors):
  /// `h = 0xcbf29ce484222325; for b in seed.to_bytes(8, 'little', signed) + key:
  /// h = ((h ^ b) * 0x100000001b3) % 2**64`, then the SplitMix64 mixer. They pin the hash
  /// forever: a change would move rows between train and test.
  func testHashIsPinned() {
    XCTAssertEqual(SplitHash.hash(seed: 0, []), 0x813f_0174_a236_7c13)
    XCTAssertEqual(SplitHash.hash(seed: 0, Array("a".utf8)), 0x0d38_d3c8_a628_cc82)
    XCTAssertEqual(SplitHash.hash(seed: 7, Array("user-42".utf8)), 0x6563_8dca_98da_cb3e)
    XCTAssertEqual(SplitHash.hash(seed: -1, Array("日本".utf8)), 0xc469_740f_2dae_4b9f)
    XCTAssertEqual(SplitHash.unit(0x6563_8dca_98da_cb3e), 0.3960503215429113)
  }

  func testUnitIsTheTop53Bits() {
    XCTAssertEqual(SplitHash.unit(0), 0)
    XCTAssertEqual(SplitHash.unit((1 << 11) - 1), 0)
    XCTAssertEqual(SplitHash.unit(1 << 11), 0x1p-53)
    XCTAssertEqual(SplitHash.unit(UInt64.max), 1 - 0x1p-53)
  }

  func testSplitMixIsPinned() {
    var random = SplitRandom(seed: 0)
    XCTAssertEqual(random.next(), 0xe220_a839_7b1d_cdaf)
    XCTAssertEqual(random.next(), 0x6e78_9e6a_a1b9_65f4)
  }

  /// The shuffle picks equal those of the Python reference of `choose` (Lemire's bounded draw).
  func testShuffleIsPinned() {
    func picks(_ seed: Int64, _ rows: Int, _ count: Int) -> [Int] {
      var items = Array(0..<rows)
      var random = SplitRandom(seed: seed)
      random.choose(count, from: &items)
      return items.prefix(count).sorted()
    }
    XCTAssertEqual(picks(0, 10, 3), [2, 4, 8])
    XCTAssertEqual(picks(-5, 20, 4), [1, 2, 11, 17])
    XCTAssertEqual(
      picks(7, 344, 69),
      [
        1, 4, 6, 20, 23, 24, 27, 44, 47, 50, 53, 55, 56, 59, 60, 70, 89, 92, 102, 117, 119, 120,
        123, 126, 132, 134, 140, 147, 151, 153, 156, 157, 159, 160, 164, 165, 175, 193, 195, 199,
        201, 204, 206, 219, 220, 221, 222, 234, 235, 238, 247, 265, 282, 287, 292, 298, 299, 301,
        304, 308, 310, 312, 316, 319, 324, 330, 331, 334, 339,
      ])
    let assignment = Splitter.shuffledAssignment(rows: 10, fraction: 0.3, seed: 0)
    XCTAssertEqual(assignment.indices.filter { assignment[$0] }, [2, 4, 8])
  }

  func testBoundedDrawIsUniform() {
    var random = SplitRandom(seed: 3)
    var counts = [Int](repeating: 0, count: 7)
    for _ in 0..<70_000 { counts[Int(random.below(7))] += 1 }
    // Each count is Binomial(70000, 1/7): sd ≈ 92.6; 5 sd is far outside chance.
    for count in counts { XCTAssertLessThan(abs(count - 10_000), 463, "\(counts)") }
  }

  func testEveryRowIsEquallyLikelyToBeChosen() {
    var counts = [Int](repeating: 0, count: 10)
    for seed in 0..<20_000 {
      let assignment = Splitter.shuffledAssignment(rows: 10, fraction: 0.2, seed: Int64(seed))
      for (row, isTest) in assignment.enumerated() where isTest { counts[row] += 1 }
    }
    // 4,000 expected per row; binomial sd ≈ 56.6.
    for count in counts { XCTAssertLessThan(abs(count - 4_000), 283, "\(counts)") }
  }

  // MARK: counts

  func testTestCountRoundsHalfAwayFromZero() {
    XCTAssertEqual(Splitter.testCount(rows: 344, fraction: 0.2), 69)
    XCTAssertEqual(Splitter.testCount(rows: 5, fraction: 0.5), 3)
    XCTAssertEqual(Splitter.testCount(rows: 10, fraction: 0.25), 3)
    XCTAssertEqual(Splitter.testCount(rows: 10, fraction: 0.24), 2)
    XCTAssertEqual(Splitter.testCount(rows: 0, fraction: 0.5), 0)
    XCTAssertEqual(Splitter.testCount(rows: 1, fraction: 0.4), 0)
  }

  func testShuffleGivesExactCountsAndIsDeterministic() {
    for rows in [0, 1, 2, 3, 10, 99, 1000] {
      for fraction in [0.01, 0.1, 0.2, 0.5, 0.75, 0.99] {
        let first = Splitter.shuffledAssignment(rows: rows, fraction: fraction, seed: 11)
        let again = Splitter.shuffledAssignment(rows: rows, fraction: fraction, seed: 11)
        XCTAssertEqual(first, again)
        XCTAssertEqual(
          first.filter { $0 }.count, Splitter.testCount(rows: rows, fraction: fraction),
          "\(rows) rows at \(fraction)")
      }
    }
    let one = Splitter.shuffledAssignment(rows: 1000, fraction: 0.2, seed: 1)
    let two = Splitter.shuffledAssignment(rows: 1000, fraction: 0.2, seed: 2)
    XCTAssertNotEqual(one, two)
  }

  /// With one seed, a smaller fraction's test rows are a subset of a larger fraction's.
  func testSmallerFractionPicksASubset() {
    let small = Splitter.shuffledAssignment(rows: 500, fraction: 0.1, seed: 5)
    let large = Splitter.shuffledAssignment(rows: 500, fraction: 0.3, seed: 5)
    for row in 0..<500 where small[row] { XCTAssertTrue(large[row], "row \(row)") }
  }

  // MARK: by key

  func testKeySplitIsNearTheFractionAndMonotone() {
    var tests = 0
    for index in 0..<100_000 {
      let key = "user-\(index)"
      let low = Splitter.isTest(key: key, seed: 9, fraction: 0.2)
      let high = Splitter.isTest(key: key, seed: 9, fraction: 0.3)
      if low {
        tests += 1
        XCTAssertTrue(high, key)
      }
    }
    // Binomial(100000, 0.2): sd ≈ 126.5.
    XCTAssertLessThan(abs(tests - 20_000), 633)
    let sameSide = (0..<1000).filter {
      Splitter.isTest(key: "k\($0)", seed: 1, fraction: 0.5)
        == Splitter.isTest(key: "k\($0)", seed: 2, fraction: 0.5)
    }
    XCTAssertLessThan(sameSide.count, 600, "seeds must give different splits")
  }

  // MARK: stratified allocation

  func testLargestRemainder() {
    XCTAssertEqual(Splitter.allocate(sizes: [152, 68, 124], fraction: 0.2).counts, [30, 14, 25])
    // Equal remainders: the earlier class (label order) wins the extra row.
    XCTAssertEqual(Splitter.allocate(sizes: [5, 5], fraction: 0.5).counts, [3, 2])
    XCTAssertEqual(Splitter.allocate(sizes: [1, 1, 1, 1], fraction: 0.5).counts, [1, 1, 0, 0])
  }

  func testSmallClassesGetOneRowOnEachSide() {
    let low = Splitter.allocate(sizes: [100, 2, 2], fraction: 0.1)
    XCTAssertEqual(low.counts, [8, 1, 1])
    XCTAssertEqual(low.oneSided, [])
    let high = Splitter.allocate(sizes: [100, 3, 2], fraction: 0.9)
    XCTAssertEqual(high.counts.reduce(0, +), Splitter.testCount(rows: 105, fraction: 0.9))
    XCTAssertEqual(high.counts[1], 2)
    XCTAssertEqual(high.counts[2], 1)
    XCTAssertEqual(high.oneSided, [])
  }

  func testImpossibleMinimumsKeepTheTotalAndAreReported() {
    let result = Splitter.allocate(sizes: Array(repeating: 2, count: 10), fraction: 0.1)
    XCTAssertEqual(result.counts.reduce(0, +), 2)
    XCTAssertEqual(result.oneSided.count, 8)
    // Only one training row in all: one of the two classes must be all test.
    let full = Splitter.allocate(sizes: [2, 10], fraction: 0.9)
    XCTAssertEqual(full.counts.reduce(0, +), 11)
    XCTAssertEqual(full.oneSided.count, 1)
  }

  /// Random class sizes: the total is exact, counts stay in range, large classes stay within
  /// one row of their exact share and every class of 2+ rows has both sides when room allows.
  func testAllocationProperties() {
    var random = SplitRandom(seed: 77)
    for _ in 0..<2000 {
      let classes = 1 + Int(random.below(8))
      let sizes = (0..<classes).map { _ in 1 + Int(random.below(60)) }
      let fraction = Double(1 + random.below(98)) / 100
      let (counts, oneSided) = Splitter.allocate(sizes: sizes, fraction: fraction)
      let rows = sizes.reduce(0, +)
      let total = Splitter.testCount(rows: rows, fraction: fraction)
      XCTAssertEqual(counts.reduce(0, +), total, "\(sizes) at \(fraction)")
      for index in sizes.indices {
        XCTAssertTrue((0...sizes[index]).contains(counts[index]))
      }
      let needTest = sizes.filter { $0 >= 2 }.count
      if needTest <= total && needTest <= rows - total {
        XCTAssertEqual(oneSided, [], "\(sizes) at \(fraction): \(counts)")
      }
      let noMinimumNeeded = sizes.allSatisfy {
        fraction * Double($0) >= 1 && Double($0) - fraction * Double($0) >= 1
      }
      if noMinimumNeeded {
        for index in sizes.indices {
          XCTAssertLessThan(abs(Double(counts[index]) - fraction * Double(sizes[index])), 1)
        }
      }
    }
  }

  func testStratifiedAssignmentMatchesCountsAndIsPerClass() {
    let labels: [SplitLabel] = [.value(Array("b".utf8)), .missing, .value(Array("a".utf8))]
    var classes: [Int] = []
    for row in 0..<300 { classes.append(row % 5 == 0 ? 1 : (row % 3 == 0 ? 0 : 2)) }
    let result = Splitter.stratifiedAssignment(
      classes: classes, labels: labels, fraction: 0.25, seed: 4)
    for label in labels.indices {
      let rows = classes.indices.filter { classes[$0] == label }
      XCTAssertEqual(rows.filter { result.assignment[$0] }.count, result.testCounts[label])
    }
    XCTAssertEqual(result.testCounts.reduce(0, +), 75)
    XCTAssertEqual(
      result,
      Splitter.stratifiedAssignment(classes: classes, labels: labels, fraction: 0.25, seed: 4))
    // Labels listed in another order pick the same rows: order comes from the labels' values.
    let permuted: [SplitLabel] = [labels[2], labels[0], labels[1]]
    let remap = [1, 2, 0]
    let other = Splitter.stratifiedAssignment(
      classes: classes.map { remap[$0] }, labels: permuted, fraction: 0.25, seed: 4)
    XCTAssertEqual(other.assignment, result.assignment)
  }

  func testLabelOrder() {
    let sorted = [SplitLabel.value([0x62]), .value([0x61, 0x62]), .missing, .value([0x61])]
      .sorted()
    XCTAssertEqual(sorted, [.missing, .value([0x61]), .value([0x61, 0x62]), .value([0x62])])
    XCTAssertNotEqual(SplitLabel.missing.seedBytes, SplitLabel.value([]).seedBytes)
  }

  // MARK: SplitJob on tables

  private func table(_ text: String, name: String = "data.csv") throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "sluice-split-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    let path = url.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  private func split(
    _ path: String, _ settings: SplitSettings, options: ReadOptions = ReadOptions()
  ) throws -> (train: String, test: String, summary: SplitSummary) {
    let train = CSVWriter()
    let test = CSVWriter()
    let summary = try SplitJob.run(
      TableReader(path: path, options: options), settings: settings, train: train, test: test)
    return (
      String(decoding: train.buffer, as: UTF8.self), String(decoding: test.buffer, as: UTF8.self),
      summary
    )
  }

  private func rows(_ count: Int) -> String {
    "id,label,x\n"
      + (0..<count).map { "r\($0),\(["a", "b", "c"][$0 % 3]),\($0 * 7 % 11)\n" }.joined()
  }

  func testJobResultsDoNotDependOnThreadsOrChunks() throws {
    let path = try table(rows(5000))
    for settings in [
      SplitSettings(fraction: 0.3, seed: 3), SplitSettings(fraction: 0.3, seed: 3, key: "id"),
      SplitSettings(fraction: 0.3, seed: 3, stratify: "label"),
    ] {
      let one = try split(path, settings, options: ReadOptions(workers: 1))
      let many = try split(path, settings, options: ReadOptions(workers: 4, chunkSize: 500))
      XCTAssertEqual(one.train, many.train)
      XCTAssertEqual(one.test, many.test)
      XCTAssertEqual(one.summary, many.summary)
      XCTAssertEqual(one.summary.rows, 5000)
    }
  }

  func testJobKeepsInputOrderAndEveryRow() throws {
    let text = rows(200)
    let result = try split(table(text), SplitSettings(fraction: 0.25, seed: 1, stratify: "label"))
    XCTAssertEqual(result.summary.testRows, 50)
    let input = text.split(separator: "\n")
    let train = result.train.split(separator: "\n")
    let test = result.test.split(separator: "\n")
    XCTAssertEqual(train.first, input.first)
    XCTAssertEqual(test.first, input.first)
    func isOrdered(_ part: [Substring]) -> Bool {
      let positions = part.dropFirst().compactMap { input.firstIndex(of: $0) }
      return positions.count == part.count - 1 && positions == positions.sorted()
    }
    XCTAssertTrue(isOrdered(train))
    XCTAssertTrue(isOrdered(test))
    XCTAssertEqual(Set(train.dropFirst() + test.dropFirst()), Set(input.dropFirst()))
    XCTAssertEqual(result.summary.description, "200 rows: 150 train, 50 test (25.0%)")
  }

  func testJSONLinesBecomeCSV() throws {
    let path = try table(
      """
      {"id": 1, "name": "a,b", "note": "NA", "empty": "", "flag": true}
      {"id": 2, "name": "say \\"hi\\"", "note": null, "empty": "x"}

      """, name: "data.jsonl")
    let result = try split(path, SplitSettings(fraction: 0.5, seed: 0))
    let lines = (result.train + result.test).split(separator: "\n").sorted()
    XCTAssertEqual(
      lines,
      [
        "1,\"a,b\",\"NA\",\"\",true", "2,\"say \"\"hi\"\"\",,x,", "id,name,note,empty,flag",
        "id,name,note,empty,flag",
      ])
  }

  func testQuotedNullTokensStayValues() throws {
    let result = try split(
      table("a,b\n\"NA\",NA\n\"\",\n\" x\",y\n"), SplitSettings(fraction: 0.5, key: "a"))
    XCTAssertEqual(result.summary.rows, 3)
    XCTAssertTrue((result.train + result.test).contains("\"NA\",NA\n"))
    XCTAssertTrue((result.train + result.test).contains("\"\",\n"))
    XCTAssertTrue((result.train + result.test).contains("\" x\",y\n"))
  }

  func testMissingKeyNamesTheLine() throws {
    let path = try table("id,x\n1,a\n2,b\n,c\n")
    XCTAssertThrowsError(try split(path, SplitSettings(fraction: 0.5, key: "id"))) { error in
      guard let error = error as? SplitError else { return XCTFail("\(error)") }
      XCTAssertEqual(error.location?.line, 4)
      XCTAssertEqual(error.location?.column, 1)
      XCTAssertEqual(error.exitCode, .dataError)
    }
  }

  func testUnknownColumnListsTheColumns() throws {
    let path = try table("id,label\n1,a\n")
    XCTAssertThrowsError(try split(path, SplitSettings(fraction: 0.5, stratify: "lable"))) {
      error in
      XCTAssertEqual(
        (error as? SplitError)?.message,
        "no column 'lable' (from --stratify) in \(path); available columns: id, label; did you mean 'label'?"
      )
    }
  }

  func testNoHeaderWritesNoHeader() throws {
    let path = try table("1,a\n2,b\n3,c\n4,d\n")
    let result = try split(
      path, SplitSettings(fraction: 0.5, seed: 2, writeHeader: false),
      options: ReadOptions(hasHeader: false))
    XCTAssertEqual(result.summary.rows, 4)
    XCTAssertEqual((result.train + result.test).split(separator: "\n").count, 4)
  }
}
