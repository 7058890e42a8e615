import SluiceCore

extension ColumnDrift {
  /// The column's entry in the JSON result.
  public var json: JSONValue {
    var fields: [String: JSONValue] = [
      "name": .string(name), "kind": .string(kind), "drifted": .bool(drifted),
      "statistics": .object(statistics), "approximate": .bool(approximate),
    ]
    if let method { fields["method"] = .string(method.rawValue) }
    if let statistic { fields["statistic"] = .double(statistic) }
    if let threshold { fields["threshold"] = .double(threshold) }
    if let note { fields["note"] = .string(note) }
    return .object(fields)
  }
}

extension DriftResult {
  /// The machine-readable result.
  public func payload(current: String, reference: String) -> JSONValue {
    var thresholds: [String: JSONValue] = [:]
    for method in DriftMethod.allCases {
      thresholds[method.rawValue] = .double(settings.threshold(method))
    }
    return .object([
      "drifted": .bool(drifted),
      "data": .string(current),
      "reference": .string(reference),
      "rows": .object([
        "current": .int(Int64(currentRows)), "reference": .int(Int64(referenceRows)),
      ]),
      "columns_compared": .int(Int64(compared)),
      "columns_drifted": .int(Int64(driftedCount)),
      "drifted_share": .double(share),
      "settings": .object([
        "drift_share": .double(settings.driftShare),
        "numeric_method": .string(settings.numericMethod.rawValue),
        "categorical_method": .string(settings.categoricalMethod.rawValue),
        "thresholds": .object(thresholds),
        "bins": .int(Int64(settings.bins)),
        "psi_epsilon": .double(settings.psiEpsilon),
      ]),
      "columns": .array(columns.map(\.json)),
    ])
  }

  /// One line for humans.
  public var summary: String {
    let percent = (share * 1000).rounded() / 10
    return (drifted ? "drift" : "no drift")
      + ": \(driftedCount) of \(compared) compared columns drifted (\(percent)%; the dataset drifts at \((settings.driftShare * 1000).rounded() / 10)%)"
  }

  /// The report every output format renders: one row and one JUnit case per column.
  public func report(current: String, reference: String) -> Report {
    func number(_ value: Double?) -> String {
      guard let value else { return "" }
      return CanonicalJSON.formatDouble((value * 1e6).rounded() / 1e6) ?? String(value)
    }
    let table = ReportTable(
      headers: ["column", "kind", "method", "statistic", "threshold", "drifted", "note"],
      rows: columns.map { column in
        [
          column.name, column.kind, column.method?.rawValue ?? "", number(column.statistic),
          number(column.threshold), column.kind == "skipped" ? "" : (column.drifted ? "yes" : "no"),
          column.note ?? (column.approximate ? "approximate (reference profile)" : ""),
        ]
      },
      alignments: [.left, .left, .left, .right, .right, .left, .left])
    // What a column's verdict rests on: its statistic, or the note of a column that drifted
    // without one (missing or empty in the current data).
    func reason(_ column: ColumnDrift) -> String {
      guard let method = column.method, column.statistic != nil else {
        return column.note ?? (column.kind == "skipped" ? "skipped" : "no statistic")
      }
      return
        "\(method.rawValue) = \(number(column.statistic)) (threshold \(number(column.threshold)))"
    }
    let cases = columns.map { column in
      ReportCase(
        suite: "validate-data drift", className: "drift", name: column.name,
        verdict: column.kind == "skipped" ? .skipped : (column.drifted ? .fail : .pass),
        message: reason(column), details: "")
    }
    let annotations = columns.filter(\.drifted).map { column in
      Annotation(
        level: .error, file: current, title: "validate-data drift: \(column.name)",
        message: "\(column.name) drifted: \(reason(column))")
    }
    return Report(
      tool: "validate-data drift", title: "Drift: \(current) against \(reference)",
      verdict: drifted ? .fail : .pass, summary: summary, table: table,
      notes: [
        "Methods and thresholds are documented in docs/formats.md (Drift); p-value methods drift below their threshold, distances at or above it."
      ], cases: cases, annotations: annotations,
      payload: payload(current: current, reference: reference),
      marker: "sluice-validate-data-drift")
  }
}
