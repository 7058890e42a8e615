import Foundation
import XCTest

@testable import SluiceMetrics

/// Renders every kind of plot with rsvg-convert and checks the picture is really drawn.
final class PlotRenderTests: XCTestCase {
  static let converter = "/usr/bin/rsvg-convert"

  /// The PNG rsvg-convert makes of `svg`; skips the test when rsvg-convert is absent.
  private func render(_ svg: String, directory: String) throws -> PlotPNGImage {
    guard FileManager.default.isExecutableFile(atPath: Self.converter) else {
      throw XCTSkip("\(Self.converter) is not installed (Debian: apt-get install librsvg2-bin)")
    }
    let png =
      directory + "/" + URL(fileURLWithPath: svg).deletingPathExtension().lastPathComponent
      + ".png"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.converter)
    process.arguments = ["-f", "png", "-o", png, svg]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    XCTAssertEqual(
      process.terminationStatus, 0,
      "rsvg-convert failed on \(svg): \(String(decoding: message, as: UTF8.self))")
    return try PlotPNGImage(data: [UInt8](try Data(contentsOf: URL(fileURLWithPath: png))))
  }

  /// Writes the plots of `set`, renders each SVG, and checks texts and pixels.
  private func check(
    _ set: PredictionSet, name: String, texts: [String: [String]], file: StaticString = #filePath,
    line: UInt = #line
  ) throws {
    let directory = try PlotSamples.temporaryDirectory(name)
    // SLUICE_KEEP_PLOTS=DIR keeps the SVG and PNG files there, for looking at them.
    let keep = ProcessInfo.processInfo.environment["SLUICE_KEEP_PLOTS"]
    defer {
      if let keep {
        try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
        for file in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
          let target = keep + "/" + name + "-" + file
          try? FileManager.default.removeItem(atPath: target)
          try? FileManager.default.copyItem(atPath: directory + "/" + file, toPath: target)
        }
      }
      try? FileManager.default.removeItem(atPath: directory)
    }
    let written = try PlotWriter.write(set, threshold: 0.5, to: directory)
    let svgs = written.filter { $0.hasSuffix(".svg") }
    XCTAssertEqual(Set(svgs), Set(texts.keys), file: file, line: line)
    for svg in svgs {
      let path = directory + "/" + svg
      let source = try String(contentsOfFile: path, encoding: .utf8)
      for text in texts[svg] ?? [] {
        XCTAssertTrue(
          source.contains(">\(text)"), "\(svg) lacks the text \(text)", file: file, line: line)
      }
      XCTAssertFalse(
        source.contains("\"nan") || source.contains("nan,") || source.contains(",nan")
          || source.contains("inf\""), "\(svg) has a non-finite coordinate", file: file, line: line)
      XCTAssertFalse(source.contains("http://") && source.contains("href"), "\(svg) links out")
      let image = try render(path, directory: directory)
      XCTAssertGreaterThan(image.width, 300, svg, file: file, line: line)
      XCTAssertGreaterThan(image.height, 300, svg, file: file, line: line)
      // The plot area (or the matrix) sits inside these margins in every layout.
      let area = image.census(x0: 80, y0: 56, x1: image.width - 40, y1: image.height - 70)
      let pixels = (image.width - 120) * (image.height - 126)
      XCTAssertGreaterThan(
        area.light, pixels / 20, "\(svg): no light pixels", file: file, line: line)
      XCTAssertGreaterThan(
        area.dark + area.colored, 200, "\(svg): nothing drawn", file: file, line: line)
      XCTAssertGreaterThan(area.colors.count, 4, "\(svg): a single colour", file: file, line: line)
      // Text renders dark in the title band and beside the axes.
      let title = image.census(x0: 0, y0: 0, x1: image.width, y1: 44)
      XCTAssertGreaterThan(title.dark, 50, "\(svg): no title drawn", file: file, line: line)
      let axis = image.census(x0: 0, y0: image.height - 70, x1: image.width, y1: image.height)
      XCTAssertGreaterThan(axis.dark, 50, "\(svg): no x axis text", file: file, line: line)
    }
  }

  func testBinaryPlotsRender() throws {
    try check(
      PlotSamples.binary(), name: "binary",
      texts: [
        "roc.svg": [
          "False positive rate", "True positive rate", "ROC curve (AUC = ", "0.2", "Chance",
        ],
        "precision_recall.svg": ["Recall", "Precision", "Precision–recall curve (AP = "],
        "calibration.svg": [
          "Mean predicted probability", "Fraction of positives", "Calibration (15 bins, ECE = ",
          "Perfectly calibrated",
        ],
        "confusion_matrix.svg": ["Predicted label", "True label", "no", "yes", "Confusion matrix"],
      ])
  }

  func testMulticlassPlotsRender() throws {
    try check(
      PlotSamples.multiclass(), name: "multiclass",
      texts: [
        "roc.svg": [
          "False positive rate", "True positive rate", "One-vs-rest ROC curves (3 classes)",
        ],
        "confusion_matrix.svg": [
          "Predicted label", "True label", "&lt;cat &amp; dog&gt;", "bird &quot;tweety&quot;",
        ],
      ])
  }

  func testRegressionPlotRenders() throws {
    try check(
      PlotSamples.regression(), name: "regression",
      texts: [
        "residuals.svg": [
          "Predicted value", "Residual (true − predicted)", "Residuals (5,000 of 7,000 rows)",
        ]
      ])
  }

  func testUndefinedPlotsStillRender() throws {
    var set = PlotSamples.binary(rows: 20)
    set.labels = [Int32](repeating: 0, count: 20)
    let directory = try PlotSamples.temporaryDirectory("undefined")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    _ = try PlotWriter.write(set, threshold: 0.5, to: directory)
    let source = try String(contentsOfFile: directory + "/roc.svg", encoding: .utf8)
    XCTAssertTrue(source.contains("undefined: needs both classes"))
    let image = try render(directory + "/roc.svg", directory: directory)
    XCTAssertGreaterThan(image.census(x0: 0, y0: 0, x1: image.width, y1: 44).dark, 50)
  }

  func testCensusSeesABlankImageAsBlank() throws {
    // The checks above must be able to fail: an empty white SVG has no dark pixels.
    let directory = try PlotSamples.temporaryDirectory("blank")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let blank = SVGDocument(width: 560, height: 540, title: "blank").rendered()
    try blank.write(toFile: directory + "/blank.svg", atomically: true, encoding: .utf8)
    let image = try render(directory + "/blank.svg", directory: directory)
    let census = image.census(x0: 0, y0: 0, x1: image.width, y1: image.height)
    XCTAssertEqual(census.dark, 0)
    XCTAssertEqual(census.colors.count, 1)
  }
}
