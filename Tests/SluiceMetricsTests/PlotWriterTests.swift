import Foundation
import SluiceCore
import XCTest

@testable import SluiceMetrics

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The files `PlotWriter` writes: names, CSV shapes, determinism, escaping, edge cases.
final class PlotWriterTests: XCTestCase {
  private var directories: [String] = []

  override func tearDown() {
    for directory in directories { try? FileManager.default.removeItem(atPath: directory) }
    directories = []
    super.tearDown()
  }

  private func directory(_ name: String) throws -> String {
    let path = try PlotSamples.temporaryDirectory(name)
    directories.append(path)
    return path
  }

  private func read(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
  }

  private func csv(_ path: String) throws -> [[String]] {
    try read(path).split(separator: "\n").map { line in
      line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
  }

  func testFileSetsPerTask() throws {
    let root = try directory("sets")
    XCTAssertEqual(
      try PlotWriter.write(PlotSamples.binary(), threshold: 0.5, to: root + "/binary"),
      [
        "calibration.csv", "calibration.svg", "confusion_matrix.csv", "confusion_matrix.svg",
        "precision_recall.csv", "precision_recall.svg", "roc.csv", "roc.svg", "roc/yes.csv",
      ])
    // One ROC file per class for `dvc plots`, named safely (the label stays in roc.csv).
    XCTAssertEqual(
      try PlotWriter.write(PlotSamples.multiclass(), threshold: 0.5, to: root + "/multi"),
      [
        "confusion_matrix.csv", "confusion_matrix.svg", "roc.csv", "roc.svg",
        "roc/_cat___dog_.csv", "roc/bird__tweety_.csv", "roc/fish.csv",
      ])
    XCTAssertEqual(try read(root + "/multi/roc/fish.csv").prefix(18), "fpr,tpr,threshold\n")
    let stacked = try csv(root + "/multi/roc.csv").filter { $0.first == "fish" }.map {
      $0.dropFirst().joined(separator: ",")
    }
    let fish = try csv(root + "/multi/roc/fish.csv").dropFirst().map {
      $0.joined(separator: ",")
    }
    XCTAssertEqual(stacked, Array(fish))
    // Nested directories are created.
    XCTAssertEqual(
      try PlotWriter.write(PlotSamples.regression(rows: 50), threshold: 0.5, to: root + "/a/b/c"),
      ["residuals.csv", "residuals.svg"])
    let listed = try FileManager.default.contentsOfDirectory(atPath: root + "/a/b/c").sorted()
    XCTAssertEqual(listed, ["residuals.csv", "residuals.svg"], "no temporary files are left")
  }

  func testOutputIsByteIdenticalAcrossRuns() throws {
    for (name, set) in [
      ("binary", PlotSamples.binary(weights: true)), ("multiclass", PlotSamples.multiclass()),
      ("regression", PlotSamples.regression()),
    ] {
      let first = try directory(name + "-1")
      let second = try directory(name + "-2")
      let files = try PlotWriter.write(set, threshold: 0.5, to: first)
      XCTAssertEqual(try PlotWriter.write(set, threshold: 0.5, to: second), files)
      for file in files {
        let a = try Data(contentsOf: URL(fileURLWithPath: first + "/" + file))
        let b = try Data(contentsOf: URL(fileURLWithPath: second + "/" + file))
        XCTAssertEqual(a, b, "\(name)/\(file) differs between runs")
      }
    }
  }

  func testBinaryCSVsHoldTheCurves() throws {
    let set = PlotSamples.binary()
    let root = try directory("csv")
    _ = try PlotWriter.write(set, threshold: 0.5, to: root)
    let counts = PlotCurves.ThresholdCounts(
      positive: set.labels.map { $0 == 1 }, scores: set.positiveScores, weights: nil)
    let roc = PlotCurves.ROC(counts)
    let rocRows = try csv(root + "/roc.csv")
    XCTAssertEqual(rocRows.first, ["fpr", "tpr", "threshold"])
    XCTAssertEqual(rocRows.count, roc.falsePositiveRate.count + 1)
    XCTAssertEqual(rocRows[1], ["0.0", "0.0", "inf"])
    XCTAssertEqual(rocRows.dropFirst().map { Double($0[0]) }, roc.falsePositiveRate)
    XCTAssertEqual(rocRows.dropFirst().map { Double($0[1]) }, roc.truePositiveRate)
    let pr = try csv(root + "/precision_recall.csv")
    XCTAssertEqual(pr.first, ["precision", "recall", "threshold"])
    XCTAssertEqual(pr.last, ["1.0", "0.0", ""], "the final point has no threshold")
    let calibration = try csv(root + "/calibration.csv")
    XCTAssertEqual(calibration.first, ["bin", "mean_predicted", "fraction_positive", "count"])
    XCTAssertEqual(calibration.dropFirst().compactMap { Int($0[3]) }.reduce(0, +), set.count)
    let matrix = try csv(root + "/confusion_matrix.csv")
    XCTAssertEqual(matrix.first, ["actual", "predicted", "count"])
    XCTAssertEqual(
      matrix.dropFirst().map { $0[0] + "/" + $0[1] }, ["no/no", "no/yes", "yes/no", "yes/yes"])
    let predictedYes = set.predicted.filter { $0 == 1 }.count
    let cells = matrix.dropFirst().compactMap { Int($0[2]) }
    XCTAssertEqual(cells.count, 4)
    guard cells.count == 4 else { return }
    XCTAssertEqual(cells[1] + cells[3], predictedYes, "the set's predictions fill the columns")
    XCTAssertEqual(cells.reduce(0, +), set.count)
  }

  func testConfusionMatrixCountsTheSetsPredictions() throws {
    var set = PlotSamples.binary()
    let root = try directory("predicted")
    _ = try PlotWriter.write(set, threshold: 0.9, to: root)
    XCTAssertTrue(
      try read(root + "/confusion_matrix.svg").contains("Confusion matrix (threshold 0.9)"))
    let expected = ConfusionMatrixPlot(
      classes: set.classes, truth: set.labels, predicted: set.predicted, weights: nil)
    XCTAssertEqual(try csv(root + "/confusion_matrix.csv").dropFirst().map { $0 }, expected.csvRows)
    // Without hard predictions the threshold decides: score > threshold is positive.
    set.predicted = []
    let strict = try directory("strict")
    _ = try PlotWriter.write(set, threshold: 0.9, to: strict)
    let rows = try csv(strict + "/confusion_matrix.csv").dropFirst()
    let predictedYes = rows.filter { $0[1] == "yes" }.compactMap { Int($0[2]) }.reduce(0, +)
    XCTAssertEqual(predictedYes, set.positiveScores.filter { $0 > 0.9 }.count)
    XCTAssertNotEqual(
      try read(root + "/confusion_matrix.csv"), try read(strict + "/confusion_matrix.csv"))
  }

  func testMulticlassROCHasOneCurvePerClassAndEscapesNames() throws {
    let root = try directory("multi")
    _ = try PlotWriter.write(PlotSamples.multiclass(), threshold: 0.5, to: root)
    let rows = try read(root + "/roc.csv").split(separator: "\n")
    XCTAssertEqual(rows.first, "class,fpr,tpr,threshold")
    XCTAssertTrue(rows.contains { $0.hasPrefix("<cat & dog>,0.0,0.0,inf") })
    XCTAssertTrue(
      rows.contains { $0.hasPrefix("\"bird \"\"tweety\"\"\",0.0,0.0,inf") }, "CSV quoting")
    XCTAssertTrue(rows.contains { $0.hasPrefix("fish,") })
    for file in ["roc.svg", "confusion_matrix.svg"] {
      let source = try read(root + "/" + file)
      XCTAssertFalse(source.contains("<cat & dog>"), "\(file) has an unescaped name")
      XCTAssertTrue(source.contains("&lt;cat &amp; dog&gt;"))
      XCTAssertTrue(Self.isWellFormedXML(source), "\(file) is not well-formed XML")
    }
  }

  func testSVGIsSelfContained() throws {
    let root = try directory("contained")
    for file in try PlotWriter.write(PlotSamples.binary(), threshold: 0.5, to: root)
    where file.hasSuffix(".svg") {
      let source = try read(root + "/" + file)
      XCTAssertTrue(source.contains("viewBox=\"0 0 "), file)
      for forbidden in ["<script", "<style", "@import", "href", "url(", "<image"] {
        XCTAssertFalse(source.contains(forbidden), "\(file) contains \(forbidden)")
      }
      XCTAssertTrue(Self.isWellFormedXML(source), "\(file) is not well-formed XML")
    }
  }

  func testUndefinedCurvesKeepTheFileSet() throws {
    var oneClass = PlotSamples.binary(rows: 30)
    oneClass.labels = [Int32](repeating: 1, count: 30)
    let root = try directory("one-class")
    XCTAssertEqual(try PlotWriter.write(oneClass, threshold: 0.5, to: root).count, 9)
    XCTAssertEqual(try read(root + "/roc.csv"), "fpr,tpr,threshold\n")
    XCTAssertTrue(try read(root + "/roc.svg").contains("undefined: needs both classes"))

    var hardLabels = PlotSamples.binary(rows: 30)
    hardLabels.positiveScores = []
    let labelsOnly = try directory("labels-only")
    XCTAssertEqual(try PlotWriter.write(hardLabels, threshold: 0.5, to: labelsOnly).count, 9)
    for file in ["calibration.svg", "roc.svg", "precision_recall.svg"] {
      XCTAssertTrue(try read(labelsOnly + "/" + file).contains("undefined: needs scores"), file)
    }
    XCTAssertEqual(try csv(labelsOnly + "/confusion_matrix.csv").count, 5)

    var margins = PlotSamples.binary(rows: 30)
    margins.positiveScores = margins.positiveScores.map { $0 * 8 - 4 }
    let scoresDir = try directory("margins")
    _ = try PlotWriter.write(margins, threshold: 0, to: scoresDir)
    XCTAssertTrue(try read(scoresDir + "/calibration.svg").contains("scores outside [0, 1]"))
    XCTAssertGreaterThan(try csv(scoresDir + "/roc.csv").count, 2, "ROC works on any score")

    var noProbabilities = PlotSamples.multiclass(rows: 20)
    noProbabilities.probabilities = []
    let multi = try directory("no-proba")
    _ = try PlotWriter.write(noProbabilities, threshold: 0.5, to: multi)
    XCTAssertEqual(try read(multi + "/roc.csv"), "class,fpr,tpr,threshold\n")
    XCTAssertTrue(try read(multi + "/roc.svg").contains("undefined: needs class probabilities"))
  }

  func testNonFiniteScoresAreRejected() throws {
    var set = PlotSamples.binary(rows: 10)
    set.positiveScores[3] = .nan
    let root = try directory("nan")
    XCTAssertThrowsError(try PlotWriter.write(set, threshold: 0.5, to: root)) { error in
      guard case CoreError.invalidData(let message) = error else {
        return XCTFail("unexpected error \(error)")
      }
      XCTAssertTrue(message.contains("non-finite"), message)
    }
  }

  func testUnwritableDirectoryFails() throws {
    let root = try directory("blocked")
    XCTAssertTrue(FileManager.default.createFile(atPath: root + "/file", contents: Data()))
    XCTAssertThrowsError(
      try PlotWriter.write(PlotSamples.binary(), threshold: 0.5, to: root + "/file/plots")
    ) {
      error in
      guard case CoreError.cannotCreateOutput = error else { return XCTFail("unexpected \(error)") }
    }
  }

  func testResidualSampleIsCappedDeterministicAndOrdered() throws {
    let set = PlotSamples.regression(rows: 12_000)
    let plot = ResidualPlot(targets: set.targets, values: set.values)
    XCTAssertEqual(plot.rows.count, ResidualPlot.pointLimit)
    XCTAssertEqual(plot.total, 12_000)
    XCTAssertEqual(plot.rows, plot.rows.sorted())
    XCTAssertEqual(Set(plot.rows).count, plot.rows.count)
    XCTAssertEqual(ResidualPlot(targets: set.targets, values: set.values).rows, plot.rows)
    XCTAssertGreaterThan(plot.rows.last ?? 0, 11_000, "the sample spans the whole file")
    let root = try directory("residuals")
    _ = try PlotWriter.write(set, threshold: 0.5, to: root)
    let rows = try csv(root + "/residuals.csv")
    XCTAssertEqual(rows.first, ["id", "target", "predicted", "residual"])
    XCTAssertEqual(rows.count, ResidualPlot.pointLimit + 1)
    let svg = try read(root + "/residuals.svg")
    XCTAssertEqual(svg.components(separatedBy: "<circle").count - 1, ResidualPlot.pointLimit)
    let small = ResidualPlot(targets: [1, 2, .nan], values: [1.5, 2, 3])
    XCTAssertEqual(small.rows, [0, 1], "non-finite rows are left out")
  }

  func testLongCurvesAreThinnedToExactPoints() throws {
    var random = PlotSamples.Uniforms(state: 9)
    let rows = 60_000
    let scores = (0..<rows).map { _ in random.next() }
    let positive = scores.map { random.next() < $0 }
    let roc = PlotCurves.ROC(.init(positive: positive, scores: scores, weights: nil))
    XCTAssertGreaterThan(roc.falsePositiveRate.count, PlotCSV.pointLimit)
    let kept = PlotCSV.rows(x: roc.falsePositiveRate, y: roc.truePositiveRate)
    XCTAssertLessThan(kept.count, PlotCSV.pointLimit)
    XCTAssertEqual(kept.first, 0)
    XCTAssertEqual(kept.last, roc.falsePositiveRate.count - 1)
    XCTAssertEqual(kept, kept.sorted())
    let csvRows = PlotCSV.rocRows(roc, className: nil)
    XCTAssertEqual(csvRows.count, kept.count)
    XCTAssertEqual(csvRows.last, ["1.0", "1.0", NumberText.exact(scores.min() ?? 0)])
  }

  func testNumberFormatting() {
    XCTAssertEqual(PlotNumber.fixed(0.125, decimals: 2), "0.13")
    XCTAssertEqual(PlotNumber.fixed(-0.001, decimals: 2), "0.00")
    XCTAssertEqual(PlotNumber.fixed(-2.5, decimals: 0), "-3")
    XCTAssertEqual(PlotNumber.fixed(12.3, decimals: 2, trimZeros: true), "12.3")
    XCTAssertEqual(PlotNumber.fixed(7, decimals: 2, trimZeros: true), "7")
    XCTAssertEqual(PlotNumber.grouped(1_234_567), "1,234,567")
    XCTAssertEqual(PlotNumber.count(3), "3")
    XCTAssertEqual(PlotNumber.count(2.5), "2.5")
    XCTAssertEqual(PlotNumber.scientific(1_250_000, significant: 3), "1.25e6")
    let ticks = PlotNumber.Ticks(low: 3.2, high: 97.1)
    XCTAssertEqual(ticks.values, [0, 20, 40, 60, 80, 100])
    XCTAssertEqual(ticks.label(40), "40")
    let fine = PlotNumber.Ticks(low: -0.013, high: 0.041)
    XCTAssertEqual(fine.values.map(fine.label), ["-0.02", "0.00", "0.02", "0.04", "0.06"])
    let flat = PlotNumber.Ticks(low: 5, high: 5)
    XCTAssertLessThan(flat.low, 5)
    XCTAssertGreaterThan(flat.high, 5)
    XCTAssertEqual(PlotNumber.Ticks(low: 0, high: 3e9).label(2e9), "2e9")
    XCTAssertEqual(SVGDocument.escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;\u{FFFD}")
  }

  /// Whether `text` parses as XML.
  static func isWellFormedXML(_ text: String) -> Bool {
    XMLParser(data: Data(text.utf8)).parse()
  }
}
