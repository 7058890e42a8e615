import SluiceCore
import SluiceTable

/// The CSV files written beside the plots, in the shape `dvc plots` templates read.
///
/// Each file has a header row and one row per point; `dvc.yaml` picks the fields, e.g.
/// `roc.csv` with `x: fpr, y: tpr`, `precision_recall.csv` with `x: recall, y: precision`,
/// `calibration.csv` with `x: mean_predicted, y: fraction_positive`, `residuals.csv` with
/// `x: predicted, y: residual`. Numbers are in shortest round-trip form, so they read back as
/// exactly the computed doubles.
enum PlotCSV {
  /// Curves with more points than this are thinned in the CSV (see `thinningTolerance`).
  static let pointLimit = 20_000
  /// Consecutive points kept in a thinned curve differ by at least this in x or y.
  static let thinningTolerance = 1e-4

  /// The bytes of a CSV file with `header` and `rows`.
  static func encode(header: [String], rows: [[String]]) -> [UInt8] {
    let writer = CSVWriter()
    writer.writeRecord(header)
    for row in rows { writer.writeRecord(row) }
    return writer.buffer
  }

  /// A file name (without extension) for a class label: characters other than ASCII
  /// letters, digits, `.`, `_` and `-` become `_`, as does a leading `.` (no hidden files),
  /// at most 64 of them; a name already in `taken` (compared case-insensitively, for
  /// case-insensitive file systems) gets `_2`, `_3`, … The label itself stays in roc.csv.
  static func fileName(_ label: String, taken: inout Set<String>) -> String {
    let safe = label.unicodeScalars.prefix(64).enumerated().map { index, scalar in
      let allowed: Bool
      switch scalar {
      case "a"..."z", "A"..."Z", "0"..."9", "_", "-": allowed = true
      case ".": allowed = index > 0
      default: allowed = false
      }
      return allowed ? Character(scalar) : "_"
    }
    let base = safe.isEmpty ? "_" : String(safe)
    var name = base
    var suffix = 2
    while taken.contains(name.lowercased()) {
      name = base + "_\(suffix)"
      suffix += 1
    }
    taken.insert(name.lowercased())
    return name
  }

  /// A (weighted) count: an integer when integral, else shortest round-trip form.
  static func count(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return NumberText.exact(value)
  }

  /// The point indices written for a curve of `count` points: all of them up to
  /// `pointLimit`, else the thinned subset (scikit-learn's own points, never interpolated).
  static func rows(x: [Double], y: [Double]) -> [Int] {
    let count = min(x.count, y.count)
    guard count > pointLimit else { return Array(0..<count) }
    return CurvePlots.keptIndices(x: x, y: y, tolerance: thinningTolerance)
  }

  /// `roc.csv` rows `fpr,tpr,threshold` (with a leading `class` for one-vs-rest curves).
  static func rocRows(_ curve: PlotCurves.ROC, className: String?) -> [[String]] {
    guard curve.isDefined else { return [] }
    let x = curve.falsePositiveRate
    let y = curve.truePositiveRate
    return rows(x: x, y: y).map { index in
      let point = [x[index], y[index], curve.thresholds[index]].map(NumberText.exact)
      return className.map { [$0] + point } ?? point
    }
  }

  /// `precision_recall.csv` rows `precision,recall,threshold`; the final point (recall 0,
  /// precision 1) has no threshold in scikit-learn, so its threshold field is empty.
  static func precisionRecallRows(_ curve: PlotCurves.PrecisionRecall) -> [[String]] {
    guard curve.isDefined else { return [] }
    return rows(x: curve.recall, y: curve.precision).map { index in
      let threshold =
        index < curve.thresholds.count ? NumberText.exact(curve.thresholds[index]) : ""
      return [
        NumberText.exact(curve.precision[index]), NumberText.exact(curve.recall[index]), threshold,
      ]
    }
  }

  /// `calibration.csv` rows `bin,mean_predicted,fraction_positive,count`.
  static func calibrationRows(_ curve: PlotCurves.Calibration?) -> [[String]] {
    guard let curve else { return [] }
    return curve.bins.indices.map { index in
      [
        String(curve.bins[index]), NumberText.exact(curve.meanPredicted[index]),
        NumberText.exact(curve.fractionPositive[index]), String(curve.counts[index]),
      ]
    }
  }
}
