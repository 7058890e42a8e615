import SluiceCore

/// Applies rules to metrics documents.
public struct GateEvaluator {
  /// The candidate metrics.
  public var candidate: MetricsDocument
  /// The baseline metrics, if any.
  public var baseline: BaselineState
  /// Paired predictions, if given.
  public var paired: PairedInput?
  /// Settings.
  public var options: GateOptions

  /// Creates an evaluator.
  public init(
    candidate: MetricsDocument, baseline: BaselineState, paired: PairedInput? = nil,
    options: GateOptions = GateOptions()
  ) {
    self.candidate = candidate
    self.baseline = baseline
    self.paired = paired
    self.options = options
  }

  /// Every rule's results, rules in order and each `*` expansion sorted.
  public func evaluate(_ rules: [GateRule]) -> [RuleResult] {
    var results: [RuleResult] = []
    for rule in rules {
      results += evaluate(rule)
    }
    let needed = Set(results.compactMap { pending($0) })
    let evidence = pairedEvidence(for: needed.sorted())
    for index in results.indices {
      guard let name = pending(results[index]) else { continue }
      applyPaired(&results[index], name: name, evidence: evidence)
    }
    if options.correction == .holm { applyHolm(&results) }
    if options.strict {
      for index in results.indices
      where results[index].inconclusive && results[index].verdict == .pass {
        results[index].verdict = .fail
        results[index].reason += "; --strict: an inconclusive result fails"
      }
    }
    return results
  }

  /// Refuses a baseline that holds none of the ruled metrics (`{}`, or another model's file):
  /// every baseline rule would be skipped as a new metric, and the gate would pass on nothing.
  public func checkBaselineCoverage(_ results: [RuleResult]) throws(CoreError) {
    guard let document = baselineDocument,
      results.contains(where: { $0.rule.bound.usesBaseline })
    else { return }
    let found = results.contains { result in
      if case .missing = document.lookup(result.metric) { return false }
      return true
    }
    guard !found else { return }
    var names: [String] = []
    for result in results where !names.contains(result.metric) { names.append(result.metric) }
    let shown = names.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
    throw .invalidData(
      "the baseline \(document.name) holds none of the ruled metrics (\(shown)"
        + (names.count > 5 ? ", …" : "")
        + "): is it the right file? (use --first-run when no baseline exists yet)")
  }

  private var baselineDocument: MetricsDocument? {
    if case .document(let document) = baseline { return document }
    return nil
  }

  /// The concrete paths a rule applies to.
  private func paths(_ rule: GateRule) -> [String] {
    guard rule.metric.contains("*") else { return [rule.metric] }
    var found = Set(candidate.expand(rule.metric))
    if rule.bound.usesBaseline, let document = baselineDocument {
      found.formUnion(document.expand(rule.metric))
    }
    return found.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
  }

  private func evaluate(_ rule: GateRule) -> [RuleResult] {
    let concrete = paths(rule)
    if concrete.isEmpty {
      let verdict: GateVerdict = rule.optional ? .skipped : .error
      return [
        RuleResult(
          rule: rule, metric: rule.metric, verdict: verdict,
          reason: "no metric in \(candidate.name) matches '\(rule.metric)'")
      ]
    }
    return concrete.map { evaluate(rule, path: $0) }
  }

  private func evaluate(_ rule: GateRule, path: String) -> RuleResult {
    var result = RuleResult(rule: rule, metric: path, verdict: .error, reason: "")
    let value: Double
    switch candidate.lookup(path) {
    case .number(let number): value = number
    case .missing(let suggestion):
      result.verdict = rule.optional ? .skipped : .error
      result.reason =
        "'\(path)' is missing from \(candidate.name)"
        + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        + (rule.optional ? " (optional)" : "")
      return result
    case .unusable(let found):
      result.reason = "'\(path)' in \(candidate.name) is \(found), not a number"
      return result
    }
    result.candidate = value
    guard rule.bound.usesBaseline else {
      let bound = rule.bound.value(baseline: 0)
      result.threshold = bound
      let holds = rule.op.holds(value, bound)
      result.verdict = holds ? .pass : .fail
      result.reason =
        "\(NumberText.plain(value)) is\(holds ? "" : " not") \(rule.op.rawValue) \(NumberText.plain(bound))"
      return result
    }
    guard let document = baselineDocument else {
      if case .none(let why) = baseline { result.reason = "first run: \(why)" }
      result.verdict = .skipped
      result.method = "point"
      return result
    }
    let base: Double
    switch document.lookup(path) {
    case .number(let number): base = number
    case .missing:
      result.verdict = .skipped
      result.method = "point"
      result.reason = "new metric: '\(path)' is in \(candidate.name) but not in \(document.name)"
      return result
    case .unusable(let found):
      result.reason = "'\(path)' in the baseline \(document.name) is \(found), not a number"
      return result
    }
    result.baseline = base
    let threshold = rule.bound.value(baseline: base)
    result.threshold = threshold
    result.margin = threshold - base
    if paired?.metricName(for: path) != nil {
      result.method = "paired"
      return result
    }
    if let mine = candidate.interval(for: path), let theirs = document.interval(for: path) {
      let half = (square((mine.high - mine.low) / 2) + square((theirs.high - theirs.low) / 2))
        .squareRoot()
      let difference = value - base
      let evidence = DifferenceEvidence(
        method: .publishedIntervals, estimate: difference, low: difference - half,
        high: difference + half)
      decide(&result, evidence: evidence)
      return result
    }
    result.method = "point"
    result.reason = decideByPoint(&result) + " (point values; no interval)"
    return result
  }

  /// Sets the verdict from the point values (candidate OP threshold, exactly as without any
  /// interval) and returns the sentence that says so.
  private func decideByPoint(_ result: inout RuleResult) -> String {
    guard let value = result.candidate, let threshold = result.threshold else {
      result.verdict = .error
      return "no point value to compare"
    }
    let holds = result.rule.op.holds(value, threshold)
    result.verdict = holds ? .pass : .fail
    return
      "\(NumberText.plain(value)) is\(holds ? "" : " not") \(result.rule.op.rawValue) \(NumberText.plain(threshold))"
  }

  private func square(_ x: Double) -> Double { x * x }

  /// The paired metric a result still waits for.
  private func pending(_ result: RuleResult) -> String? {
    guard result.method == "paired" else { return nil }
    return paired?.metricName(for: result.metric)
  }

  /// Paired evidence per metric name: DeLong for ROC AUC when scores are known, else the
  /// percentile bootstrap; both computed once and shared by all rules on the metric.
  private func pairedEvidence(for names: [String]) -> [String: PairedEvidence] {
    guard let paired, !names.isEmpty else { return [:] }
    let metrics = names.compactMap { paired.metrics[$0] }
    let replicates = paired.bootstrap.differences(count: paired.rowCount, metrics: metrics)
    let all = Array(0..<paired.rowCount)
    let alpha = 1 - options.confidence
    var output: [String: PairedEvidence] = [:]
    let mcnemar = paired.correctness.map {
      McNemar.test(candidateCorrect: $0.candidate, baselineCorrect: $0.baseline)
    }
    let delong = paired.scores.flatMap {
      DeLong.test(positive: $0.positive, candidate: $0.candidate, baseline: $0.baseline)
    }
    for (position, metric) in metrics.enumerated() {
      var entry = PairedEvidence()
      let sorted = replicates[position]
      if let c = metric.candidate(all), let b = metric.baseline(all), !sorted.isEmpty {
        entry.bootstrap = DifferenceEvidence(
          method: .pairedBootstrap, estimate: c - b,
          low: PairedBootstrap.quantile(sorted, alpha / 2),
          high: PairedBootstrap.quantile(sorted, 1 - alpha / 2), replicates: sorted)
      }
      entry.droppedRounds = paired.bootstrap.rounds - sorted.count
      if metric.name == "accuracy" { entry.mcnemar = mcnemar }
      if metric.name == "roc_auc", let test = delong {
        let z = Normal.quantile(1 - alpha / 2)
        entry.delong = test
        entry.delongInterval = DifferenceEvidence(
          method: .delong, estimate: test.difference,
          low: test.difference - z * test.standardError,
          high: test.difference + z * test.standardError, standardError: test.standardError)
      }
      output[metric.name] = entry
    }
    return output
  }

  private func applyPaired(
    _ result: inout RuleResult, name: String, evidence: [String: PairedEvidence]
  ) {
    guard let entry = evidence[name], let chosen = entry.delongInterval ?? entry.bootstrap else {
      result.method = "point"
      result.inconclusive = true
      result.reason =
        "the paired difference of '\(name)' is undefined on these predictions, so the point"
        + " values decide: " + decideByPoint(&result)
      return
    }
    result.mcnemarP = entry.mcnemar?.pValue
    result.delongP = entry.delong?.pValue
    result.secondary = entry.delongInterval == nil ? nil : entry.bootstrap
    decide(&result, evidence: chosen)
    if let margin = result.margin {
      result.regressionP = chosen.regressionPValue(margin: margin, op: result.rule.op)
    }
  }

  /// The decision rule (docs/gate.md, "How the gate decides"): an interval wholly on the
  /// wrong side fails, wholly on the right side passes; one that straddles the margin leaves
  /// the verdict to the point values, as if there were no interval, and is marked
  /// inconclusive, so more evidence can never make the gate more lenient.
  private func decide(_ result: inout RuleResult, evidence: DifferenceEvidence) {
    let margin = result.margin ?? 0
    result.evidence = evidence
    result.method = evidence.method.rawValue
    let level =
      evidence.method == .publishedIntervals
      ? "combined" : NumberText.short(options.confidence * 100, digits: 10) + "%"
    let interval =
      "\(level) interval of candidate − baseline [\(NumberText.short(evidence.low)), \(NumberText.short(evidence.high))]"
    let side = "\(result.rule.op.rawValue) \(NumberText.short(margin))"
    switch evidence.verdict(margin: margin, op: result.rule.op) {
    case .pass?:
      result.verdict = .pass
      result.reason = "\(interval) lies wholly \(side)"
    case .fail?:
      result.verdict = .fail
      result.reason = "\(interval) lies wholly outside \(side): a confident regression"
    default:
      result.inconclusive = true
      result.reason =
        "\(interval) straddles the margin (\(side)), so the point values decide: "
        + decideByPoint(&result)
    }
  }

  /// Holm across the paired rules: a regression is confident only when its adjusted p ≤
  /// 1 − confidence; otherwise the point values decide and the result is inconclusive.
  private func applyHolm(_ results: inout [RuleResult]) {
    let family = results.indices.filter { results[$0].regressionP != nil }
    let adjusted = Holm.adjust(family.map { results[$0].regressionP ?? 1 })
    let alpha = 1 - options.confidence
    for (position, index) in family.enumerated() {
      let p = adjusted[position]
      results[index].adjustedP = p
      if p <= alpha {
        results[index].verdict = .fail
        results[index].inconclusive = false
        results[index].reason +=
          "; Holm-adjusted p = \(NumberText.short(p)) ≤ \(NumberText.short(alpha, digits: 10))"
      } else if results[index].verdict == .fail && !results[index].inconclusive {
        // No longer a confident regression: the point values decide, as for a straddle.
        results[index].inconclusive = true
        results[index].reason +=
          "; not significant after Holm (adjusted p = \(NumberText.short(p))), so the point"
          + " values decide: " + decideByPoint(&results[index])
      }
    }
  }
}

/// Paired evidence shared by every rule on one metric.
struct PairedEvidence {
  var bootstrap: DifferenceEvidence?
  var delongInterval: DifferenceEvidence?
  var delong: DeLong.Result?
  var mcnemar: McNemar.Result?
  var droppedRounds = 0
}
