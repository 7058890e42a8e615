import SluiceCore

/// A Markdown report of an evaluation: the metrics (with intervals), the confusion matrix,
/// the slices, and the undefined metrics with their reasons.
public enum MetricsMarkdown {
  /// The report of `evaluation`.
  public static func render(_ evaluation: Evaluation) -> String {
    let set = evaluation.set
    var lines = ["## Evaluation (\(set.task.rawValue), \(set.count) rows)", ""]
    if set.task == .binary, set.classes.count == 2 {
      lines.append(
        "Positive class `\(set.classes[1])`, threshold \(format(evaluation.threshold)).")
      lines.append("")
    }
    let hasCI = evaluation.intervals != nil
    let level = evaluation.bootstrap.map { format($0.confidence * 100) + "%" } ?? ""
    lines.append(hasCI ? "| metric | value | \(level) interval |" : "| metric | value |")
    lines.append(hasCI ? "|---|---:|---|" : "|---|---:|")
    for name in evaluation.metrics.names {
      var row = "| \(name) | \(cell(name, evaluation.metrics[name])) |"
      if hasCI {
        if let bound = evaluation.intervals?.bounds[name] {
          row += " [\(format(bound.0)), \(format(bound.1))] |"
        } else {
          row += " |"
        }
      }
      lines.append(row)
    }
    if set.task != .regression { lines += confusion(set) }
    for column in evaluation.slices { lines += slices(column, names: evaluation.metrics.names) }
    let undefined = evaluation.metrics.undefined
    if !undefined.isEmpty {
      lines += ["", "Undefined:"]
      for name in undefined.keys.sorted() { lines.append("- `\(name)`: \(undefined[name] ?? "")") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func confusion(_ set: PredictionSet) -> [String] {
    let matrix = MetricSuite.confusionMatrix(set)
    var lines = ["", "Confusion matrix (rows: true class, columns: predicted):", ""]
    lines.append("| | " + set.classes.map { "`\(escape($0))`" }.joined(separator: " | ") + " |")
    lines.append("|---|" + String(repeating: "---:|", count: set.classes.count))
    for (index, row) in matrix.enumerated() {
      lines.append(
        "| `\(escape(set.classes[index]))` | "
          + row.map { format($0) }.joined(separator: " | ") + " |")
    }
    return lines
  }

  static func slices(_ column: Evaluation.SliceColumn, names: [String]) -> [String] {
    var lines = ["", "Slices by `\(escape(column.column))`:", ""]
    lines.append("| value | " + names.joined(separator: " | ") + " |")
    lines.append("|---|" + String(repeating: "---:|", count: names.count))
    for slice in column.slices {
      lines.append(
        "| \(escape(slice.value)) | "
          + names.map { cell($0, slice.metrics[$0]) }.joined(separator: " | ") + " |")
    }
    if !column.skipped.isEmpty {
      let skipped = column.skipped.keys.sorted().map {
        "\(escape($0)) (\(column.skipped[$0] ?? 0))"
      }
      lines += ["", "Skipped (too few rows): " + skipped.joined(separator: ", ")]
    }
    return lines
  }

  static func cell(_ name: String, _ value: Double?) -> String {
    value.map(format) ?? "—"
  }

  /// Up to four decimals, trailing zeros dropped; integers as integers.
  static func format(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    let scaled = (value * 10_000).rounded() / 10_000
    return CanonicalJSON.formatDouble(scaled) ?? "0"
  }

  /// Text safe inside a table cell.
  static func escape(_ text: String) -> String { MarkdownReporter.plainCell(text) }
}
