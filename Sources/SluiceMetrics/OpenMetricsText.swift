import SluiceCore

/// The metrics as OpenMetrics text, the format of a GitLab metrics report: one gauge family
/// per metric (`accuracy`), its slices as labelled samples
/// (`accuracy{slice="region",value="north"}`), interval bounds as `<metric>_ci_low` and
/// `<metric>_ci_high` families, then `# EOF`. Undefined values are left out, never NaN.
public enum OpenMetricsText {
  /// The text of `evaluation`.
  public static func render(_ evaluation: Evaluation) -> String {
    var lines: [String] = []
    func family(_ name: String, _ value: (MetricValues, Bootstrap.Intervals?) -> Double?) {
      var samples: [String] = []
      if let overall = value(evaluation.metrics, evaluation.intervals) {
        samples.append("\(name) \(format(overall))")
      }
      for column in evaluation.slices {
        for slice in column.slices {
          if let number = value(slice.metrics, slice.intervals) {
            samples.append(
              "\(name){slice=\"\(escape(column.column))\",value=\"\(escape(slice.value))\"} \(format(number))"
            )
          }
        }
      }
      guard !samples.isEmpty else { return }
      lines.append("# TYPE \(name) gauge")
      lines += samples
    }
    for name in evaluation.metrics.names {
      family(name) { metrics, _ in metrics[name] }
    }
    if evaluation.intervals != nil {
      for name in evaluation.metrics.names where name != "n" {
        family(name + "_ci_low") { _, intervals in intervals?.bounds[name]?.0 }
        family(name + "_ci_high") { _, intervals in intervals?.bounds[name]?.1 }
      }
    }
    lines.append("# EOF")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The shortest round-tripping form of a finite number.
  static func format(_ value: Double) -> String {
    CanonicalJSON.formatDouble(value) ?? "0"
  }

  /// A label value with backslash, quote and newline escaped.
  static func escape(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "\\": result += "\\\\"
      case "\"": result += "\\\""
      case "\n": result += "\\n"
      default: result.append(character)
      }
    }
    return result
  }
}
