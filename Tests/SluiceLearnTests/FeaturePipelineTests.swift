import Foundation
import SluiceCore
import SluiceTable
import XCTest

@testable import SluiceLearn

/// The encoders follow scikit-learn's SimpleImputer + StandardScaler and OneHotEncoder.
final class FeaturePipelineTests: XCTestCase {
  func testNumericMedianIndicatorAndScaling() throws {
    let encoder = try NumericEncoder.fit(column: "x", values: [1, nil, 3, 10])
    XCTAssertEqual(encoder.median, 3)
    XCTAssertTrue(encoder.indicator)
    // Imputed [1, 3, 3, 10]: mean 4.25, population variance 46.75 / 4 = 11.6875.
    XCTAssertEqual(encoder.mean, 4.25, accuracy: 1e-15)
    XCTAssertEqual(encoder.scale, 11.6875.squareRoot(), accuracy: 1e-15)
    XCTAssertEqual(encoder.indicatorMean, 0.25, accuracy: 1e-15)
    XCTAssertEqual(encoder.indicatorScale, 0.1875.squareRoot(), accuracy: 1e-15)
    let constant = try NumericEncoder.fit(column: "c", values: [2, 2, 2])
    XCTAssertEqual(constant.scale, 1)
    XCTAssertFalse(constant.indicator)
    XCTAssertThrowsError(try NumericEncoder.fit(column: "e", values: [nil, nil]))
  }

  func testOneHotWithInfrequentAndMissing() {
    let values: [String?] = ["b", "a", "b", "c", nil, "b", "a"]
    let encoder = CategoricalEncoder.fit(column: "k", values: values, minFrequency: 2)
    XCTAssertEqual(encoder.categories, ["a", "b"])
    XCTAssertTrue(encoder.infrequent)
    XCTAssertTrue(encoder.missing)
    XCTAssertEqual(encoder.featureNames, ["k=a", "k=b", "k=__infrequent__", "k=__missing__"])
    let lookup = encoder.lookup
    XCTAssertEqual(encoder.slot(of: "a", lookup: lookup), 0)
    XCTAssertEqual(encoder.slot(of: "c", lookup: lookup), 2)
    XCTAssertEqual(encoder.slot(of: "never seen", lookup: lookup), 2)
    XCTAssertEqual(encoder.slot(of: nil, lookup: lookup), 3)
    let all = CategoricalEncoder.fit(column: "k", values: ["x", "y"])
    XCTAssertNil(all.slot(of: "z", lookup: all.lookup), "unknown without an infrequent slot: zeros")
    let capped = CategoricalEncoder.fit(
      column: "k", values: ["a", "a", "a", "b", "b", "c"], maxCategories: 2)
    XCTAssertEqual(capped.categories, ["a"])
    XCTAssertTrue(capped.infrequent)
  }

  func testPipelineTransformsAFrameAndRoundTripsThroughJSON() throws {
    let directory = NSTemporaryDirectory() + "sluice-pipe-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/t.csv"
    try "x,k\n1,a\nNA,b\n3,a\n".write(toFile: path, atomically: true, encoding: .utf8)
    let frame = try Frame.read(TableReader(path: path))
    let pipeline = try FeaturePipeline.fit(
      frame: frame, columns: [("x", .numeric), ("k", .categorical)], file: path)
    XCTAssertEqual(pipeline.featureNames, ["x", "x__missing", "k=a", "k=b"])
    let features = try pipeline.transform(frame, file: path)
    XCTAssertEqual(features.width, 4)
    // Row 3: x = 3, imputed column [1, 2, 3] has mean 2 and std sqrt(2/3).
    XCTAssertEqual(Array(features.values[8..<12]), [1.224744871391589, -0.7071067811865475, 1, 0])
    let reread = try FeaturePipeline(
      json: JSONParser.parse(CanonicalJSON.encode(pipeline.json), file: "m"))
    XCTAssertEqual(reread.encoders, pipeline.encoders)
    try "x,k\nabc,a\n".write(toFile: path, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try pipeline.transform(Frame.read(TableReader(path: path)), file: path)) {
      XCTAssertEqual(
        ($0 as? LearnError)?.message, "value 'abc' in numeric column 'x' is not a finite number")
    }
  }
}
