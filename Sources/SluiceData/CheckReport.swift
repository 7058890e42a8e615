import SluiceCore

extension CheckResult {
  /// The machine-readable result (`--json`): verdict, totals, counts and listed findings.
  public func payload(data: String, schema: String) -> JSONValue {
    var countObject: [String: JSONValue] = [:]
    for (rule, columns) in counts {
      countObject[rule] = .object(columns.mapValues { .int(Int64($0)) })
    }
    return .object([
      "valid": .bool(isValid),
      "data": .string(data),
      "schema": .string(schema),
      "rows": .int(Int64(rows)),
      "findings_total": .int(Int64(totalFindings)),
      "findings_listed": .int(Int64(findings.count)),
      "scan_stopped": .bool(scanStopped),
      "counts": .object(countObject),
      "findings": .array(findings.map(\.json)),
      "outside_observed_range": .array(outsideObserved.map(\.json)),
    ])
  }

  /// One line for humans: "valid: 344 rows" or "invalid: 12 findings in 3 columns (344 rows)".
  public var summary: String {
    if isValid { return "valid: \(Plural.count(rows, "row")), no findings" + driftSignal }
    let columns = Set(counts.values.flatMap { $0.keys }.filter { !$0.isEmpty })
    var text =
      "invalid: \(Plural.count(totalFindings, "finding"))"
      + (columns.isEmpty ? "" : " in \(Plural.count(columns.count, "column"))")
      + " (\(Plural.count(rows, "row")))"
    if findings.count < totalFindings { text += "; the first \(findings.count) are listed" }
    if scanStopped { text += "; an unterminated quote stopped the scan" }
    return text + driftSignal
  }

  /// "; 2 columns outside their observed range (a drift signal)", or nothing.
  private var driftSignal: String {
    let count = outsideObserved.count
    guard count > 0 else { return "" }
    return "; \(Plural.count(count, "column")) outside the observed range (a drift signal)"
  }

  /// The warning for each column outside its observed range, e.g. "x: 3 values above the
  /// observed max 5 (up to 9); a drift signal, not a finding".
  public var observedRangeWarnings: [String] {
    outsideObserved.map { "\($0.column): \($0.message); a drift signal, not a finding" }
  }

  /// The report every output format renders: a table of findings, one JUnit case per rule
  /// per column, and annotations pointing at the data file.
  public func report(data: String, schema: Schema, schemaPath: String) -> Report {
    let table = ReportTable(
      headers: ["line", "field", "column", "rule", "value", "expected"],
      rows: findings.map { finding in
        [
          finding.line.map(String.init) ?? "", finding.field.map(String.init) ?? "",
          finding.column ?? "", finding.rule, finding.value ?? "", finding.expected,
        ]
      },
      alignments: [.right, .right, .left, .left, .left, .left])
    var notes: [String] = []
    if findings.count < totalFindings {
      notes.append(
        "\(totalFindings - findings.count) more findings are counted but not listed (--max-errors)."
      )
    }
    notes += observedRangeWarnings.map { "Warning: \($0)." }
    let annotations =
      findings.map { finding in
        Annotation(
          level: .error, file: data, line: finding.line, column: finding.field,
          title: "validate-data check: \(finding.rule)",
          message: (finding.column.map { "\($0): " } ?? "") + finding.message)
      }
      + outsideObserved.map { note in
        Annotation(
          level: .warning, file: data, line: note.firstLine,
          title: "validate-data check: outside the observed range",
          message: "\(note.column): \(note.message); a drift signal, not a finding")
      }
    return Report(
      tool: "validate-data check", title: "Data check: \(data) against \(schemaPath)",
      verdict: isValid ? .pass : .fail, summary: summary, table: table, notes: notes,
      cases: cases(schema: schema), annotations: annotations,
      payload: payload(data: data, schema: schemaPath), marker: "sluice-validate-data-check")
  }

  private func cases(schema: Schema) -> [ReportCase] {
    var result: [ReportCase] = []
    func add(_ className: String, _ rule: String, column: String) {
      let count = counts[rule]?[column] ?? 0
      let examples = findings.filter { $0.rule == rule && ($0.column ?? "") == column }.prefix(10)
      result.append(
        ReportCase(
          suite: "validate-data check", className: className, name: rule,
          verdict: count == 0 ? .pass : .fail,
          message: count == 0 ? "" : "\(count) finding\(count == 1 ? "" : "s")",
          details: examples.map { finding in
            "line \(finding.line.map(String.init) ?? "-"): \(finding.message)"
          }.joined(separator: "\n")))
    }
    for column in schema.columns {
      var rules = ["missing-column", "type"]
      if !column.nullable { rules.append("null") }
      if column.minimum != nil { rules.append("min") }
      if column.maximum != nil { rules.append("max") }
      if column.values != nil { rules.append("values") }
      if column.minimumLength != nil { rules.append("min-length") }
      if column.maximumLength != nil { rules.append("max-length") }
      if column.pattern != nil { rules.append("pattern") }
      if column.unique == true { rules.append("unique") }
      for rule in rules { add(column.name, rule, column: column.name) }
    }
    let datasetRules = counts.keys.filter { rule in
      ![
        "missing-column", "type", "null", "min", "max", "values", "min-length", "max-length",
        "pattern", "unique",
      ].contains(rule)
    }
    add("dataset", "row-count", column: "")
    for rule in datasetRules.sorted() where rule != "row-count" {
      for column in (counts[rule] ?? [:]).keys.sorted() {
        add(column.isEmpty ? "dataset" : column, rule, column: column)
      }
    }
    return result
  }
}
