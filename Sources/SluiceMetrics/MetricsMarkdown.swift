import SluiceCore

/// A Markdown report of an evaluation: the metrics (with intervals), the confusion matrix,
/// the slices, and the undefined metrics with their reasons.
public enum MetricsMarkdown {
  /// The report of `evaluation`.
  public static func render(_ evaluation: Evaluation) -> String {
    let set = evaluation.set
    var lines = ["## Evaluation (\(set.task.rawValue), \(Plural.count(set.count, "row")))", ""]
    if set.task == .binary, set.classes.count == 2 {
      lines.append(
        "Positive class \(text(set.classes[1])), threshold \(format(evaluation.threshold)).")
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
    if let importance = evaluation.featureImportance { lines += features(importance) }
    let undefined = evaluation.metrics.undefined
    if !undefined.isEmpty {
      lines += ["", "Undefined:"]
      for name in undefined.keys.sorted() {
        lines.append("- `\(name)`: \(text(undefined[name] ?? ""))")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The tree model's features, most summed gain first (ties in the model's order).
  static func features(_ importance: [Evaluation.FeatureImportance]) -> [String] {
    var lines = ["", "Feature importance (split gain summed over the trees):", ""]
    lines += ["| feature | gain | splits |", "|---|---:|---:|"]
    let ranked = importance.indices.sorted {
      importance[$0].gain != importance[$1].gain
        ? importance[$0].gain > importance[$1].gain : $0 < $1
    }
    for index in ranked {
      let entry = importance[index]
      lines.append("| \(escape(entry.feature)) | \(format(entry.gain)) | \(entry.splits) |")
    }
    return lines
  }

  static func confusion(_ set: PredictionSet) -> [String] {
    let matrix = MetricSuite.confusionMatrix(set)
    var lines = ["", "Confusion matrix (rows: true class, columns: predicted):", ""]
    lines.append("| | " + set.classes.map(escape).joined(separator: " | ") + " |")
    lines.append("|---|" + String(repeating: "---:|", count: set.classes.count))
    for (index, row) in matrix.enumerated() {
      lines.append(
        "| \(escape(set.classes[index])) | "
          + row.map { format($0) }.joined(separator: " | ") + " |")
    }
    return lines
  }

  static func slices(_ column: Evaluation.SliceColumn, names: [String]) -> [String] {
    var lines = ["", "Slices by \(text(column.column)):", ""]
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

  /// User text (a class, a column name, a slice value) safe inside a table cell: Markdown
  /// and HTML are escaped, so a value is shown as written and never becomes markup. Values
  /// are not put in code spans, where a backtick in the value would end the span.
  static func escape(_ text: String) -> String { MarkdownReporter.escapeCell(text) }

  /// User text safe inside a paragraph (no line break, no markup).
  static func text(_ text: String) -> String { MarkdownReporter.escapeText(text, newlines: " ") }
}
