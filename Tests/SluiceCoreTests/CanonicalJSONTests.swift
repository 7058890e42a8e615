import SluiceCore
import XCTest

final class CanonicalJSONTests: XCTestCase {
  func testKeysSortedByUTF8BytesAndLayout() {
    let value: JSONValue = [
      "b": 1, "a": ["x": true, "B": .null], "é": "e", "Z": [], "e": [:], "list": [1, "two", 3.5],
    ]
    let expected = """
      {
        "Z": [],
        "a": {
          "B": null,
          "x": true
        },
        "b": 1,
        "e": {},
        "list": [
          1,
          "two",
          3.5
        ],
        "é": "e"
      }

      """
    XCTAssertEqual(CanonicalJSON.encode(value), expected)
  }

  func testStringEscapes() {
    let value = JSONValue.string("q\"b\\s/n\nt\tr\rb\u{08}f\u{0C}c\u{01}\u{1F}ü😀")
    XCTAssertEqual(
      CanonicalJSON.encode(value), "\"q\\\"b\\\\s/n\\nt\\tr\\rb\\bf\\fc\\u0001\\u001fü😀\"\n")
  }

  func testDoubles() {
    func encoded(_ number: Double) -> String {
      var text = CanonicalJSON.encode(.double(number))
      text.removeLast()
      return text
    }
    XCTAssertEqual(encoded(0.1), "0.1")
    XCTAssertEqual(encoded(1e-7), "1e-07")
    XCTAssertEqual(encoded(1e300), "1e+300")
    XCTAssertEqual(encoded(-0.0), "-0.0")
    XCTAssertEqual(encoded(1.0), "1.0")
    XCTAssertEqual(encoded(0.1 + 0.2), "0.30000000000000004")
    XCTAssertEqual(CanonicalJSON.encode(.int(-42)), "-42\n")
    XCTAssertEqual(CanonicalJSON.encode(.int(Int64.max)), "9223372036854775807\n")
  }

  func testEncodedDoublesRoundTripThroughTheParser() throws {
    for number in [0.1, 1e-7, 1e300, -0.0, .leastNonzeroMagnitude, 123456.789, -1.5e-10] {
      let text = CanonicalJSON.encode(.double(number))
      let parsed = try JSONParser.parse(text, file: "t")
      XCTAssertEqual(parsed.doubleValue?.bitPattern, number.bitPattern, text)
    }
  }

  func testNonFiniteBecomeNullWithPaths() {
    let value: JSONValue = [
      "metrics": ["auc": .double(.nan), "f1": 0.5],
      "coefficients": [1.0, .double(.infinity), .double(-.infinity)],
    ]
    var paths: [String] = []
    let text = CanonicalJSON.encode(value, nonFinite: &paths)
    XCTAssertEqual(paths, ["coefficients[1]", "coefficients[2]", "metrics.auc"])
    XCTAssertTrue(text.contains("\"auc\": null"))
    XCTAssertFalse(text.contains("nan") || text.contains("inf"))
    var rootPaths: [String] = []
    XCTAssertEqual(CanonicalJSON.encode(.double(.nan), nonFinite: &rootPaths), "null\n")
    XCTAssertEqual(rootPaths, [""])
  }

  func testEncodingIsDeterministic() {
    var members: [String: JSONValue] = [:]
    for index in 0..<200 { members["k\(index)"] = .int(Int64(index)) }
    XCTAssertEqual(CanonicalJSON.encode(.object(members)), CanonicalJSON.encode(.object(members)))
    let keys = CanonicalJSON.encode(.object(members)).split(separator: "\n").dropFirst().prefix(3)
    XCTAssertEqual(Array(keys), ["  \"k0\": 0,", "  \"k1\": 1,", "  \"k10\": 10,"])
  }
}
