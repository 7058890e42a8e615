import SluiceCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes `evaluate --plots DIR`: self-contained SVG charts and the same curves as CSV.
///
/// The set of files depends only on the task, so a `dvc.yaml` can declare them as outputs:
/// - binary: roc, precision_recall, calibration and confusion_matrix (.svg and .csv), and the
///   ROC again as `roc/<positive class>.csv`;
/// - multiclass: confusion_matrix and one-vs-rest roc (.svg, and .csv with a `class` column),
///   and each class's ROC as `roc/<class>.csv` (`fpr,tpr,threshold`), so `dvc plots show`
///   on the `roc` directory draws one curve per class rather than one line through them all;
/// - regression: residuals (.svg and .csv, a fixed-seed sample of at most 5,000 rows).
/// A curve that is undefined (one class only, no scores, scores outside [0, 1] for
/// calibration) is still written: the chart says why, and the CSV has only its header.
public enum PlotWriter {
  /// Writes the plots of `set` into `directory` (created if needed), each file atomically,
  /// and returns the names written, sorted. The binary confusion matrix counts
  /// `set.predicted` (made from the scores with `threshold` when the set was read), and its
  /// title states `threshold`.
  public static func write(_ set: PredictionSet, threshold: Double, to directory: String)
    throws -> [String]
  {
    let outputs = OutputSet()
    let names = try write(set, threshold: threshold, to: directory, in: outputs)
    try outputs.commit()
    return names
  }

  /// Adds every plot file to `outputs`, to appear when (and only when) the set commits;
  /// the directory is created now. Returns the file names, sorted.
  public static func write(
    _ set: PredictionSet, threshold: Double, to directory: String, in outputs: OutputSet
  ) throws -> [String] {
    let files = try files(for: set, threshold: threshold)
    try createDirectories(directory)
    if files.contains(where: { $0.name.hasPrefix("roc/") }) {
      try createDirectories(directory + "/roc")
    }
    for (name, bytes) in files {
      try outputs.output(directory + "/" + name).write(bytes)
    }
    return files.map(\.name).sorted()
  }

  /// The name and bytes of every file for `input`, in a fixed order.
  static func files(for input: PredictionSet, threshold: Double) throws(CoreError)
    -> [(name: String, bytes: [UInt8])]
  {
    switch input.task {
    case .binary: return try binaryFiles(input, threshold: threshold)
    case .multiclass: return try multiclassFiles(input)
    case .regression: return regressionFiles(input)
    }
  }

  /// ROC, precision–recall, calibration and the confusion matrix at `threshold`.
  static func binaryFiles(_ input: PredictionSet, threshold: Double) throws(CoreError)
    -> [(name: String, bytes: [UInt8])]
  {
    let scores = input.positiveScores
    let hasScores = !scores.isEmpty && scores.count == input.labels.count
    if hasScores, let bad = scores.first(where: { !$0.isFinite }) {
      throw .invalidData("cannot plot a non-finite score (\(bad))")
    }
    let positive = input.labels.map { $0 == 1 }
    var files: [(name: String, bytes: [UInt8])] = []
    let counts = PlotCurves.ThresholdCounts(
      positive: hasScores ? positive : [], scores: hasScores ? scores : [],
      weights: input.weights)
    let roc = PlotCurves.ROC(counts)
    let precisionRecall = PlotCurves.PrecisionRecall(counts)
    var calibration: PlotCurves.Calibration?
    var calibrationReason = "undefined: needs scores"
    if hasScores && PlotCurves.Calibration.accepts(scores) {
      calibration = PlotCurves.Calibration(
        positive: positive, scores: scores, weights: input.weights)
    } else if hasScores {
      calibrationReason = "undefined: scores outside [0, 1]"
    }
    let positiveRate = positiveShare(counts)
    files.append(
      (
        "calibration.csv",
        PlotCSV.encode(
          header: ["bin", "mean_predicted", "fraction_positive", "count"],
          rows: PlotCSV.calibrationRows(calibration))
      ))
    files.append(
      ("calibration.svg", svgBytes(CurvePlots.calibration(calibration, reason: calibrationReason))))
    // The matrix must agree with metrics.json, so it uses the set's own predictions; only
    // when those are missing does it apply PredictionsFile's rule (score > threshold).
    var decisions = input.predicted
    if decisions.count != input.labels.count && hasScores {
      decisions = scores.map { $0 > threshold ? 1 : 0 }
    }
    let matrix = ConfusionMatrixPlot(
      classes: input.classes, truth: input.labels, predicted: decisions, weights: input.weights)
    let cut = PlotNumber.fixed(threshold, decimals: 4, trimZeros: true)
    files += confusionFiles(matrix, title: hasScores ? "Confusion matrix (threshold \(cut))" : nil)
    files.append(
      (
        "precision_recall.csv",
        PlotCSV.encode(
          header: ["precision", "recall", "threshold"],
          rows: PlotCSV.precisionRecallRows(precisionRecall))
      ))
    files.append(
      (
        "precision_recall.svg",
        svgBytes(
          CurvePlots.precisionRecall(
            precisionRecall, positiveRate: positiveRate,
            reason: hasScores ? nil : "undefined: needs scores"))
      ))
    files.append(
      (
        "roc.csv",
        PlotCSV.encode(
          header: ["fpr", "tpr", "threshold"], rows: PlotCSV.rocRows(roc, className: nil))
      ))
    // The positive class's curve also as roc/<class>.csv, so one dvc.yaml plot of the roc
    // directory serves binary and multiclass models alike.
    var taken: Set<String> = []
    let positiveName = input.classes.count == 2 ? input.classes[1] : "positive"
    files.append(
      (
        "roc/" + PlotCSV.fileName(positiveName, taken: &taken) + ".csv",
        PlotCSV.encode(
          header: ["fpr", "tpr", "threshold"], rows: PlotCSV.rocRows(roc, className: nil))
      ))
    let rocReason = hasScores ? nil : "undefined: needs scores"
    let rocChart = CurvePlots.roc([.init(name: nil, curve: roc)], reason: rocReason)
    files.append(("roc.svg", svgBytes(rocChart)))
    return files
  }

  /// The confusion matrix and one-vs-rest ROC curves (when probabilities are present).
  static func multiclassFiles(_ input: PredictionSet) throws(CoreError) -> [(
    name: String, bytes: [UInt8]
  )] {
    let classCount = input.classes.count
    let rows = input.labels.count
    let hasProbabilities =
      classCount > 0 && !input.probabilities.isEmpty
      && input.probabilities.count == rows * classCount
    if hasProbabilities, let bad = input.probabilities.first(where: { !$0.isFinite }) {
      throw .invalidData("cannot plot a non-finite probability (\(bad))")
    }
    var files: [(name: String, bytes: [UInt8])] = []
    let matrix = ConfusionMatrixPlot(
      classes: input.classes, truth: input.labels, predicted: input.predicted,
      weights: input.weights)
    files += confusionFiles(matrix, title: nil)
    var series: [CurvePlots.ROCSeries] = []
    var csvRows: [[String]] = []
    var perClass: [(name: String, bytes: [UInt8])] = []
    var taken: Set<String> = []
    if hasProbabilities {
      for (index, name) in input.classes.enumerated() {
        let positive = input.labels.map { Int($0) == index }
        let scores = (0..<rows).map { input.probabilities[$0 * classCount + index] }
        let counts = PlotCurves.ThresholdCounts(
          positive: positive, scores: scores, weights: input.weights)
        let roc = PlotCurves.ROC(counts)
        series.append(.init(name: name, curve: roc))
        csvRows += PlotCSV.rocRows(roc, className: name)
        perClass.append(
          (
            "roc/" + PlotCSV.fileName(name, taken: &taken) + ".csv",
            PlotCSV.encode(
              header: ["fpr", "tpr", "threshold"], rows: PlotCSV.rocRows(roc, className: nil))
          ))
      }
    }
    files.append(
      (
        "roc.csv",
        PlotCSV.encode(header: ["class", "fpr", "tpr", "threshold"], rows: csvRows)
      ))
    files += perClass
    var reason: String?
    if series.isEmpty {
      series = [
        .init(name: nil, curve: PlotCurves.ROC(.init(positive: [], scores: [], weights: nil)))
      ]
      reason = "undefined: needs class probabilities"
    }
    files.append(("roc.svg", svgBytes(CurvePlots.roc(series, reason: reason))))
    return files
  }

  /// The residual scatter and its CSV.
  static func regressionFiles(_ input: PredictionSet) -> [(name: String, bytes: [UInt8])] {
    let plot = ResidualPlot(targets: input.targets, values: input.values)
    return [
      (
        "residuals.csv",
        PlotCSV.encode(
          header: ["id", "target", "predicted", "residual"],
          rows: plot.csvRows(ids: input.ids, targets: input.targets, values: input.values))
      ),
      ("residuals.svg", svgBytes(plot.svg(targets: input.targets, values: input.values))),
    ]
  }

  /// `confusion_matrix.csv` (`actual,predicted,count`) and its heat map.
  static func confusionFiles(_ matrix: ConfusionMatrixPlot, title: String?)
    -> [(name: String, bytes: [UInt8])]
  {
    [
      (
        "confusion_matrix.csv",
        PlotCSV.encode(header: ["actual", "predicted", "count"], rows: matrix.csvRows)
      ),
      ("confusion_matrix.svg", svgBytes(matrix.svg(title: title ?? "Confusion matrix"))),
    ]
  }

  /// The share of positive weight, the precision of a random classifier; nil without rows.
  static func positiveShare(_ counts: PlotCurves.ThresholdCounts) -> Double? {
    guard let positives = counts.truePositives.last, let negatives = counts.falsePositives.last,
      positives + negatives > 0
    else { return nil }
    return positives / (positives + negatives)
  }

  /// The UTF-8 bytes of an SVG document.
  static func svgBytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  /// Creates `path` and its missing parents (`mkdir -p`).
  static func createDirectories(_ path: String) throws(CoreError) {
    guard !path.isEmpty else { throw .cannotCreateOutput(path: path, reason: "empty path") }
    var prefix = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
      prefix += component
      var info = stat()
      if stat(prefix, &info) == 0 {
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
          throw .cannotCreateOutput(path: path, reason: "'\(prefix)' is not a directory")
        }
      } else if mkdir(prefix, 0o777) != 0 && errno != EEXIST {
        throw .cannotCreateOutput(path: path, reason: systemErrorDescription(errno))
      }
      prefix += "/"
    }
  }
}
