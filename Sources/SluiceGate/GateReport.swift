import SluiceCore

/// Turns rule results into the gate's report and exit decision.
public struct GateReport {
  /// The results, in rule order.
  public var results: [RuleResult]
  /// Settings the results were judged with.
  public var options: GateOptions
  /// The candidate's display name.
  public var candidateName: String
  /// The baseline's display name, or nil when there is none.
  public var baselineName: String?
  /// Why there is no baseline, when there is none.
  public var baselineAbsence: String?
  /// A description of the paired predictions and bootstrap, when given.
  public var pairedDescription: String?
  /// Extra JSON members describing the paired input.
  public var pairedPayload: JSONValue = .null
  /// Notes shown before the policy notes (e.g. why paired predictions were not used).
  public var extraNotes: [String] = []

  /// Creates the report model.
  public init(
    results: [RuleResult], options: GateOptions, candidateName: String, baselineName: String?,
    baselineAbsence: String? = nil, pairedDescription: String? = nil
  ) {
    self.results = results
    self.options = options
    self.candidateName = candidateName
    self.baselineName = baselineName
    self.baselineAbsence = baselineAbsence
    self.pairedDescription = pairedDescription
  }

  /// How many results have each verdict.
  public func count(_ verdict: GateVerdict) -> Int {
    results.count(where: { $0.verdict == verdict })
  }

  /// How many results with `verdict` the point estimate decided (their interval straddled).
  public func inconclusiveCount(_ verdict: GateVerdict? = nil) -> Int {
    results.count(where: { $0.inconclusive && (verdict == nil || $0.verdict == verdict) })
  }

  /// Whether the gate fails: any fail or error, inconclusive under `strict`, skipped under
  /// `requireBaseline`.
  public var failed: Bool {
    count(.fail) + count(.error) > 0 || (options.strict && inconclusiveCount() > 0)
      || (options.requireBaseline && count(.skipped) > 0)
  }

  /// The overall verdict: inconclusive results count by the verdict their point values gave.
  public var verdict: Verdict {
    if failed { return .fail }
    if !results.isEmpty && count(.skipped) == results.count { return .skipped }
    return .pass
  }

  /// "11 checks: 1 failed (1 inconclusive), 0 errors, 0 skipped, 10 passed."
  public var summary: String {
    func counted(_ verdict: GateVerdict, _ word: String) -> String {
      let inconclusive = inconclusiveCount(verdict)
      let note = inconclusive > 0 ? " (\(inconclusive) inconclusive)" : ""
      return "\(count(verdict)) \(word)\(note)"
    }
    let errors = count(.error)
    let parts = [
      counted(.fail, "failed"), Plural.count(errors, "error"),
      "\(count(.skipped)) skipped", counted(.pass, "passed"),
    ]
    var text = "\(Plural.count(results.count, "check")): " + parts.joined(separator: ", ") + "."
    if options.strict && inconclusiveCount() > 0 { text += " --strict: inconclusive fails." }
    if options.requireBaseline && count(.skipped) > 0 {
      text += " --require-baseline: skipped fails."
    }
    return text
  }

  /// The policy notes printed under the table.
  public var notes: [String] {
    var notes = extraNotes
    let level = NumberText.short(options.confidence * 100, digits: 10) + "%"
    if let baselineAbsence {
      notes.append("First run: no baseline (\(baselineAbsence)); baseline rules are skipped.")
    }
    let inconclusive = inconclusiveCount()
    if inconclusive > 0 {
      notes.append(
        "\(inconclusive) inconclusive: the interval straddles the margin, so the point values decided the verdict\(options.strict ? "; --strict fails them" : " (--strict fails them)")."
      )
    }
    let pairedCount = results.count(where: { $0.regressionP != nil || $0.method == "delong" })
    if let pairedDescription {
      notes.append(
        "Paired: \(pairedDescription). A baseline rule fails when the \(level) interval of candidate − baseline lies wholly beyond its margin, passes when it lies wholly within; when it straddles, the point values decide and the rule is marked inconclusive. ROC AUC uses DeLong's interval."
      )
      switch options.correction {
      case .none:
        notes.append(
          "Multiple comparisons: none; \(pairedCount == 1 ? "the 1 paired rule is" : "each of the \(pairedCount) paired rules is") judged at \(level) on its own (use --correction holm with many slices)."
        )
      case .holm:
        notes.append(
          "Multiple comparisons: Holm across the \(pairedCount) paired baseline rules; a rule fails when its adjusted p ≤ \(NumberText.short(1 - options.confidence, digits: 10)) (family-wise false-failure rate ≤ \(NumberText.short((1 - options.confidence) * 100, digits: 10))%)."
        )
      }
    }
    if results.contains(where: {
      $0.method == DifferenceEvidence.Method.publishedIntervals.rawValue
    }) {
      notes.append(
        "ci-quadrature: the files' own intervals, half-widths combined as √(h_c² + h_b²) around candidate − baseline (assumes independent estimates at the same level)."
      )
    }
    let point = results.count(where: { $0.method == "point" && $0.baseline != nil })
    if point > 0 {
      notes.append(
        "\(point) baseline \(point == 1 ? "rule was" : "rules were") judged on point values: no paired predictions or published intervals."
      )
    }
    notes.append("Full results: the JSON and JUnit reports.")
    return notes
  }

  /// The report for every reporter.
  public func report() -> Report {
    let ordered = results.enumerated().sorted {
      ($0.element.verdict.severity, $0.offset) < ($1.element.verdict.severity, $1.offset)
    }.map(\.element)
    let table = ReportTable(
      headers: ["Metric", "Baseline", "Candidate", "Delta", "Rule", "Verdict", "Evidence"],
      rows: ordered.map(row), alignments: [.left, .right, .right, .right, .left, .left, .left])
    let title = "Gate: \(candidateName)" + (baselineName.map { " vs \($0)" } ?? "")
    return Report(
      tool: "gate", title: title, verdict: verdict, summary: summary, table: table, notes: notes,
      cases: results.map(testCase), annotations: annotations, payload: payload,
      marker: "sluice-gate")
  }

  private func row(_ result: RuleResult) -> [String] {
    [
      result.metric, result.baseline.map { NumberText.short($0) } ?? "–",
      result.candidate.map { NumberText.short($0) } ?? "–",
      result.delta.map { NumberText.signed($0) } ?? "–", result.ruleText,
      result.verdictText, evidence(result),
    ]
  }

  /// The compact evidence cell: the interval and the tests' p-values.
  private func evidence(_ result: RuleResult) -> String {
    var parts: [String] = []
    if let interval = result.evidence {
      parts.append(
        "Δ [\(NumberText.short(interval.low)), \(NumberText.short(interval.high))] \(interval.method.rawValue)"
      )
    } else if result.method == "point" && result.baseline != nil {
      parts.append("point values")
    } else if result.verdict == .error || result.verdict == .skipped {
      parts.append(result.reason)
    }
    if let p = result.mcnemarP { parts.append("McNemar p=\(NumberText.short(p, digits: 3))") }
    if let p = result.delongP { parts.append("DeLong p=\(NumberText.short(p, digits: 3))") }
    if let p = result.adjustedP { parts.append("Holm p=\(NumberText.short(p, digits: 3))") }
    return parts.joined(separator: "; ")
  }

  private func testCase(_ result: RuleResult) -> ReportCase {
    var details = ""
    if let interval = result.evidence {
      details =
        "estimate \(NumberText.plain(interval.estimate)), interval [\(NumberText.plain(interval.low)), \(NumberText.plain(interval.high))] (\(interval.method.rawValue))"
    }
    return ReportCase(
      suite: "gate", className: result.metric, name: result.ruleText,
      verdict: result.caseVerdict,
      message: result.verdict == .error
        ? "error: \(result.reason)"
        : result.inconclusive && result.verdict == .fail
          ? "inconclusive: \(result.reason)" : result.reason,
      details: details, isError: result.verdict == .error)
  }

  private var annotations: [Annotation] {
    results.compactMap { result in
      let level: Annotation.Level
      switch result.verdict {
      case .fail, .error: level = .error
      case .skipped: level = .warning
      case .pass:
        guard result.inconclusive else { return nil }
        level = .warning
      }
      let location = result.rule.location
      let inFile = !location.file.hasPrefix("--rule")
      return Annotation(
        level: level, file: inFile ? location.file : nil, line: inFile ? location.line : nil,
        column: inFile ? location.column : nil,
        title: "gate: \(result.metric) \(result.verdictText)",
        message: "\(result.ruleText): \(result.reason)")
    }
  }

  private func number(_ value: Double?) -> JSONValue {
    guard let value, value.isFinite else { return .null }
    return .double(value)
  }

  private func interval(_ evidence: DifferenceEvidence?) -> JSONValue {
    guard let evidence else { return .null }
    var members: [String: JSONValue] = [
      "method": .string(evidence.method.rawValue), "estimate": number(evidence.estimate),
      "low": number(evidence.low), "high": number(evidence.high),
    ]
    if !evidence.replicates.isEmpty { members["rounds"] = .int(Int64(evidence.replicates.count)) }
    if let error = evidence.standardError { members["standard_error"] = number(error) }
    return .object(members)
  }

  /// The machine-readable result.
  public var payload: JSONValue {
    let rules: [JSONValue] = results.map { result in
      let location = result.rule.location
      return .object([
        "rule": .string(result.ruleText), "pattern": .string(result.rule.metric),
        "metric": .string(result.metric), "source": .string(location.file),
        "line": .int(Int64(location.line)), "column": .int(Int64(location.column)),
        "op": .string(result.rule.op.rawValue), "bound": .string(result.rule.bound.text),
        "optional": .bool(result.rule.optional), "candidate": number(result.candidate),
        "baseline": number(result.baseline), "delta": number(result.delta),
        "threshold": number(result.threshold), "margin": number(result.margin),
        "verdict": .string(result.verdict.rawValue), "inconclusive": .bool(result.inconclusive),
        "reason": .string(result.reason),
        "method": .string(result.method), "interval": interval(result.evidence),
        "bootstrap_interval": interval(result.secondary),
        "p_regression": number(result.regressionP), "p_adjusted": number(result.adjustedP),
        "p_mcnemar": number(result.mcnemarP), "p_delong": number(result.delongP),
      ])
    }
    var counts: [String: JSONValue] = [:]
    for verdict in GateVerdict.allCases { counts[verdict.rawValue] = .int(Int64(count(verdict))) }
    counts["inconclusive"] = .int(Int64(inconclusiveCount()))
    return .object([
      "verdict": .string(verdict.rawValue), "passed": .bool(!failed),
      "candidate": .string(candidateName),
      "baseline": .object([
        "source": baselineName.map { .string($0) } ?? .null,
        "absent_reason": baselineAbsence.map { .string($0) } ?? .null,
      ]),
      "counts": .object(counts),
      "options": .object([
        "confidence": .double(options.confidence),
        "correction": .string(options.correction.rawValue),
        "strict": .bool(options.strict), "require_baseline": .bool(options.requireBaseline),
      ]),
      "paired": pairedPayload, "rules": .array(rules),
    ])
  }
}
