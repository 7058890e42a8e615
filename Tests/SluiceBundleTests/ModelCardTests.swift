import SluiceCore
import SluiceLearn
import XCTest

@testable import SluiceBundle

/// The card and inspect read evaluate's metrics.json: values, intervals and slices.
final class ModelCardTests: XCTestCase {
  static let metrics = """
    {"accuracy": 0.9, "log_loss": 0.25, "n": 69,
     "ci": {"accuracy": [0.82, 0.96], "log_loss": [0.2, 0.31]},
     "slices": {"island": {"Biscoe": {"accuracy": 0.95, "n": 30, "ci": {"accuracy": [0.9, 1.0]}},
                           "Dream": {"accuracy": 0.8, "n": 25}}},
     "confusion_matrix": {"labels": ["a", "b"], "matrix": [[1, 2], [3, 4]]},
     "meta": {"metrics": ["accuracy", "log_loss"], "task": "binary"}}
    """

  func testMetricsWithIntervalsAndSlices() throws {
    let document = try JSONParser.parse(Self.metrics, file: "metrics.json")
    let list = MetricsSummary.metrics(document)
    XCTAssertEqual(list.map(\.name), ["accuracy", "log_loss", "n"])
    XCTAssertEqual(list[0].low, 0.82)
    XCTAssertEqual(list[0].high, 0.96)
    XCTAssertNil(list[2].low)
    let lines = MetricsSummary.lines(document)
    XCTAssertTrue(
      lines.contains("| accuracy | 0.9 | [0.82, 0.96] |"), lines.joined(separator: "\n"))
    XCTAssertTrue(
      lines.contains("- island = Biscoe: accuracy 0.95 [0.9, 1], n 30"),
      lines.joined(separator: "\n"))
    XCTAssertTrue(
      lines.contains("- island = Dream: accuracy 0.8, n 25"), lines.joined(separator: "\n"))
  }

  func testCardSections() throws {
    let model = try ModelCodec.decode(
      JSONParser.parse(VerifyTests.model, file: "m.json"), file: "m.json")
    let signature = Signature.make(model: model, schema: nil)
    let card = ModelCard(
      name: "demo", version: "1.0", model: model, signature: signature,
      metrics: try JSONParser.parse(Self.metrics, file: "metrics.json"),
      lineage: .object([
        "datasets": .array([
          .object(["name": .string("d.csv"), "rows": .int(3), "sha256": .string("ab")])
        ]),
        "git_commit": .string("c0ffee"),
      ]), schema: nil, exportNotes: ["text features are not exported"],
      files: ["model/model.json", "MODEL_CARD.md"]
    ).render()
    for heading in [
      "# Model card: demo 1.0", "## Model details", "## Intended use",
      "## Training and evaluation data",
      "## Metrics", "### Slices", "## Caveats",
    ] {
      XCTAssertTrue(card.contains("\n" + heading + "\n") || card.hasPrefix(heading + "\n"), heading)
    }
    XCTAssertTrue(card.contains("binary classification (positive class `yes`), target `y`"), card)
    XCTAssertTrue(card.contains("- `d.csv`: 3 rows, sha256 `ab`"), card)
    XCTAssertTrue(card.contains("- Git commit `c0ffee`"), card)
    XCTAssertTrue(card.contains("- ONNX export: text features are not exported"), card)
    XCTAssertTrue(card.contains("| x | double | yes |"), card)
  }
}
