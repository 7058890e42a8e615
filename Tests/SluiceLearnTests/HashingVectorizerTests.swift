import Foundation
import SluiceCore
import XCTest

@testable import SluiceLearn

/// HashingVectorizer against scikit-learn, and the Python text rules under it
/// (ci/fixtures/generate_text_fixtures.py writes the `text/*.json` fixtures).
final class HashingVectorizerTests: XCTestCase {
  /// The parsed `text/hashing_vectorizer.json`.
  static let fixture: Result<JSONValue, Error> = Result {
    let data = try Data(contentsOf: LearnFixtureLocator.url("text/hashing_vectorizer.json"))
    return try JSONParser.parse([UInt8](data), file: "hashing_vectorizer.json")
  }

  func fixture() throws -> JSONValue { try Self.fixture.get() }

  func configs() throws -> [(name: String, vectorizer: HashingVectorizer, case: JSONValue)] {
    try XCTUnwrap(try fixture()["configs"]?.arrayValue).map { item in
      let name = try XCTUnwrap(item["name"]?.stringValue)
      let parameters = try XCTUnwrap(item["params"])
      return (name, try HashingVectorizer(parameters: parameters), item)
    }
  }

  func strings(_ value: JSONValue?) throws -> [String] {
    try XCTUnwrap(value?.arrayValue).map { try XCTUnwrap($0.stringValue) }
  }

  /// Every sentence of the three sentiment files: the text before each line's last tab.
  func sentences() throws -> [String] {
    try ["amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt"].flatMap { name in
      let data = try Data(contentsOf: LearnFixtureLocator.url("text/sentiment/\(name)"))
      let text = try XCTUnwrap(String(data: data, encoding: .utf8))
      return try text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
        let tab = try XCTUnwrap(line.lastIndex(of: "\t"), "no label in \(name)")
        return String(line[..<tab])
      }
    }
  }

  /// Asserts `rows` equal scikit-learn's rows in `expected`: indices exactly, values to 1e-12.
  /// Returns how many rows were compared.
  @discardableResult
  func assertRows(
    _ vectorizer: HashingVectorizer, _ documents: [String], _ expected: JSONValue?, _ label: String
  ) throws -> Int {
    let rows = try XCTUnwrap(expected?.arrayValue)
    XCTAssertEqual(rows.count, documents.count, label)
    var compared = 0
    for (document, row) in zip(documents, rows) {
      compared += 1
      let indices = try XCTUnwrap(row["indices"]?.arrayValue).map {
        Int32(try XCTUnwrap($0.intValue))
      }
      let values = try XCTUnwrap(row["values"]?.arrayValue).map { try XCTUnwrap($0.doubleValue) }
      let actual = vectorizer.transform(document)
      XCTAssertEqual(actual.indices, indices, "\(label): indices of \(document.debugDescription)")
      guard actual.values.count == values.count else { continue }
      for (mine, theirs) in zip(actual.values, values) where abs(mine - theirs) > 1e-12 {
        XCTFail("\(label): value \(mine) ≠ \(theirs) in \(document.debugDescription)")
      }
    }
    return compared
  }

  func testTrickyDocumentsMatchScikitLearn() throws {
    let tricky = try strings(try fixture()["tricky"])
    XCTAssertTrue(tricky.contains(""))
    var compared = 0
    for config in try configs() {
      compared += try assertRows(config.vectorizer, tricky, config.case["tricky"], config.name)
    }
    XCTAssertEqual(compared, 9 * 38, "9 configurations × 38 documents")
  }

  func testSampleSentencesMatchScikitLearn() throws {
    let sample = try strings(try fixture()["sample"])
    XCTAssertTrue(sample.contains { $0.unicodeScalars.contains { !$0.isASCII } })
    var compared = 0
    for config in try configs() {
      compared += try assertRows(config.vectorizer, sample, config.case["sample"], config.name)
    }
    XCTAssertEqual(compared, 9 * 76, "9 configurations × 76 sentences")
  }

  /// Every sentence, bit for bit: SHA-256 of each block of rows as (count, uint32 indices,
  /// float64 values), little-endian, as the generator hashes scikit-learn's CSR arrays.
  func testAllSentencesMatchScikitLearnBitForBit() throws {
    let sentences = try sentences()
    XCTAssertEqual(Int(try XCTUnwrap(try fixture()["sentence_count"]?.intValue)), sentences.count)
    let block = Int(try XCTUnwrap(try fixture()["block_rows"]?.intValue))
    var checked = 0
    for config in try configs() {
      guard let expected = config.case["block_digests"]?.arrayValue else { continue }
      let rows = config.vectorizer.transform(sentences, workers: 2)
      var digests: [String] = []
      for first in stride(from: 0, to: rows.count, by: block) {
        var sha = SHA256()
        for row in first..<min(rows.count, first + block) {
          let range = rows.rowStarts[row]..<rows.rowStarts[row + 1]
          var bytes: [UInt8] = []
          Self.appendLittleEndian(UInt32(range.count), to: &bytes)
          for index in range {
            Self.appendLittleEndian(UInt32(rows.columnIndices[index]), to: &bytes)
          }
          for index in range { Self.appendLittleEndian(rows.values[index].bitPattern, to: &bytes) }
          sha.update(bytes)
        }
        digests.append(sha.hexDigest())
      }
      let wanted = try expected.map { try XCTUnwrap($0.stringValue) }
      XCTAssertEqual(digests.count, wanted.count, config.name)
      for (index, (mine, theirs)) in zip(digests, wanted).enumerated() where mine != theirs {
        XCTFail("\(config.name): rows \(index * block + 1)-\((index + 1) * block) differ")
      }
      checked += 1
    }
    XCTAssertEqual(checked, 7, "the configurations with block digests")
  }

  static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  func testNgramsMatchScikitLearnAnalyzer() throws {
    let tricky = try strings(try fixture()["tricky"])
    let expected = try XCTUnwrap(try fixture()["tricky_ngrams"]?.arrayValue).map { try strings($0) }
    let vectorizer = try HashingVectorizer()
    var compared = 0
    for (document, ngrams) in zip(tricky, expected) {
      XCTAssertEqual(vectorizer.analyze(document), ngrams, document.debugDescription)
      compared += 1
    }
    XCTAssertEqual(compared, 38)
  }

  func testBatchMatchesSingleDocumentsForAnyWorkerCount() throws {
    let documents = Array(try sentences().prefix(5000)) + (try strings(try fixture()["tricky"]))
    let vectorizer = try HashingVectorizer(ngramRange: 1...3, features: 999, sublinearTF: true)
    let one = vectorizer.transform(documents, workers: 1)
    XCTAssertEqual(one, vectorizer.transform(documents, workers: 3))
    XCTAssertEqual(one.count, documents.count)
    for (index, document) in documents.enumerated() {
      XCTAssertEqual(one[index], vectorizer.transform(document))
    }
  }

  func testSublinearDefinition() throws {
    let vectorizer = try HashingVectorizer(
      ngramRange: 1...1, alternateSign: false, norm: .none, sublinearTF: true)
    let row = vectorizer.transform("good good good bad")
    XCTAssertEqual(row.values.sorted(), [1, 1 + log(3.0)])
    let binary = try HashingVectorizer(ngramRange: 1...1, binary: true, sublinearTF: true)
    XCTAssertEqual(
      binary.transform("good good good bad"),
      try HashingVectorizer(ngramRange: 1...1, binary: true)
        .transform("good good bad"))
  }

  func testOptionsAreValidatedAndRoundTrip() throws {
    XCTAssertThrowsError(try HashingVectorizer(ngramRange: 0...1))
    XCTAssertThrowsError(try HashingVectorizer(features: 0))
    XCTAssertThrowsError(try HashingVectorizer(features: Int(Int32.max) + 1))
    XCTAssertThrowsError(try HashingVectorizer(parameters: ["n_gram": 1]))
    XCTAssertThrowsError(try HashingVectorizer(parameters: ["norm": "l3"]))
    XCTAssertThrowsError(try HashingVectorizer(parameters: ["ngram_range": [2, 1]]))
    let vectorizer = try HashingVectorizer(
      ngramRange: 2...4, features: 12345, alternateSign: false, norm: .none, binary: true,
      lowercase: false, sublinearTF: true)
    XCTAssertEqual(try HashingVectorizer(parameters: vectorizer.parameters), vectorizer)
    XCTAssertEqual(try HashingVectorizer(parameters: [:]), try HashingVectorizer())
  }

  // MARK: Python's text rules

  /// The parsed `text/python_unicode.json`.
  func unicodeFixture() throws -> JSONValue {
    let data = try Data(contentsOf: LearnFixtureLocator.url("text/python_unicode.json"))
    return try JSONParser.parse([UInt8](data), file: "python_unicode.json")
  }

  func codePoints(_ ranges: JSONValue?) throws -> Set<UInt32> {
    var points = Set<UInt32>()
    for range in try XCTUnwrap(ranges?.arrayValue) {
      let low = UInt32(try XCTUnwrap(range[0]?.intValue))
      let high = UInt32(try XCTUnwrap(range[1]?.intValue))
      points.formUnion(low...high)
    }
    return points
  }

  /// `\w` and `str.lower()` agree with Python on every code point Python's Unicode database
  /// assigns; the rest (assigned since) are the only differences, and are counted.
  func testWordCharactersAndLowercaseMatchPythonOnAssignedCharacters() throws {
    let fixture = try unicodeFixture()
    let assigned = try codePoints(fixture["assigned"])
    let words = try codePoints(fixture["word"])
    var lower: [UInt32: [UInt32]] = [:]
    for (key, value) in try XCTUnwrap(fixture["lower"]?.objectValue) {
      lower[try XCTUnwrap(UInt32(key))] = try XCTUnwrap(value.arrayValue).map {
        UInt32(try XCTUnwrap($0.intValue))
      }
    }
    XCTAssertGreaterThan(words.count, 100_000)
    XCTAssertGreaterThan(lower.count, 1000)
    var newerWords = 0
    var newerLower = 0
    for value in UInt32(0)..<0x11_0000 {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let isWord = PythonText.isWord(scalar)
      var lowered: [UInt32] = []
      PythonText.forEachLowercased([scalar], at: 0) { lowered.append($0.value) }
      let pythonLower = lower[value] ?? [value]
      if assigned.contains(value) {
        XCTAssertEqual(isWord, words.contains(value), "\\w of U+\(String(value, radix: 16))")
        XCTAssertEqual(lowered, pythonLower, "lower() of U+\(String(value, radix: 16))")
      } else {
        if isWord != words.contains(value) { newerWords += 1 }
        if lowered != pythonLower { newerLower += 1 }
      }
    }
    // Python 3.11 has Unicode 14.0; the Swift 6.3 library 16.0. Report, don't hide, the gap.
    print("characters unknown to this Python: \(newerWords) word, \(newerLower) lower-case")
  }

  func testFinalSigmaFollowsPython() throws {
    var compared = 0
    for item in try XCTUnwrap(try unicodeFixture()["sigma"]?.arrayValue) {
      let text = try XCTUnwrap(item["text"]?.stringValue)
      let lower = try XCTUnwrap(item["lower"]?.stringValue)
      XCTAssertEqual(
        Array(PythonText.lowercased(text).unicodeScalars), Array(lower.unicodeScalars), text)
      compared += 1
    }
    XCTAssertEqual(compared, 11)
    XCTAssertEqual(PythonText.lowercased("ΟΔΟΣ ΣΟΦΟΣ"), "οδος σοφος")
  }
}
