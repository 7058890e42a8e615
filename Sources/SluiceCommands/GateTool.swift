import SluiceCore
import SluiceGate
import SluiceTracking

/// `gate`: pass/fail candidate metrics against rules and a baseline.
public enum GateTool {
  static let spec = CommandSpec(
    name: "gate",
    overview:
      "Decide whether candidate metrics pass quality rules, alone or relative to a baseline, and write the verdict in every CI-native form. Metrics files are any JSON (Sluice's, DVC's metrics.json, an MLflow run export); a metric is a dotted path, '*' matching one level. Rules read 'METRIC OP EXPR [optional]', OP one of >= > <= < (it states the good direction), EXPR a number, 'baseline', 'baseline - 0.01', 'baseline + 2%' (of |baseline|) or 'baseline * 1.05'. A baseline rule with an interval of candidate − baseline (paired predictions of both models on the same rows: seeded paired bootstrap, DeLong for roc_auc; or the intervals both metrics files publish) fails when the interval lies wholly beyond its margin and passes when it lies wholly within; when it straddles, the point values decide, as without an interval, and the check is marked inconclusive (--strict fails it). McNemar's (accuracy) and DeLong's (AUC) p-values are reported beside. Baseline rules need a baseline, or --first-run; every skipped check says why. See docs/gate.md.",
    usage: [
      "gate CANDIDATE.json [--baseline BASE.json | --baseline-ref REV:PATH | --first-run] [--rules FILE] [--rule EXPR]... [--predictions C.csv --baseline-predictions B.csv] [--json F] [--markdown F] [--junit F] [--strict]"
    ],
    arguments: [ArgumentSpec("candidate", help: "The candidate's metrics (any JSON file).")],
    options: [
      OptionSpec(
        ["--baseline"], value: "file",
        help:
          "Baseline metrics; a missing file is an error. models:/NAME@ALIAS (or models:/NAME/VERSION) reads the metrics that registered version's source run logged in MLflow (needs --mlflow or MLFLOW_TRACKING_URI; docs/mlflow.md)."
      ),
      OptionSpec(
        ["--baseline-ref"], value: "rev:path",
        help:
          "Read the baseline with 'git show REV:PATH' (PATH from the repository root). A file in the working tree but not yet at REV is a first run; a file in neither is an error."
      ),
      OptionSpec(
        ["--first-run"],
        help: "There is no baseline yet: baseline rules are skipped, and the report says so."),
      OptionSpec(
        ["--rules"], value: "file", help: "A rules file: one rule per line, '#' comments."),
      OptionSpec(
        ["--rule"], value: "expr", help: "One rule, e.g. 'roc_auc >= baseline - 0.01'.",
        repeatable: true),
      OptionSpec(
        ["--predictions"], value: "file",
        help:
          "The candidate's predictions file (or REV:PATH from git), for paired tests (needs --baseline-predictions)."
      ),
      OptionSpec(
        ["--baseline-predictions"], value: "file",
        help: "The baseline's predictions on the same row ids (a file, or REV:PATH from git)."),
      OptionSpec(
        ["--target"], value: "col",
        help:
          "The predictions' target column (default: the target the model or metrics record): the candidate metrics' meta.target, as evaluate writes it, else 'target'."
      ),
      OptionSpec(
        ["--id"], value: "col",
        help:
          "The column that identifies rows in both predictions files (default: row numbers); predict and evaluate write them as the 'row' column."
      ),
      OptionSpec(["--positive"], value: "label", help: "The positive class of a binary target."),
      OptionSpec(
        ["--resamples"], value: "n", help: "Rounds of the paired bootstrap over the predictions.",
        default: "1000"),
      OptionSpec(
        ["--seed"], value: "n", help: "Seed of the paired bootstrap's row sampler.", default: "0"),
      OptionSpec(
        ["--confidence"], value: "c", help: "Two-sided interval confidence, 0 < c < 1.",
        default: "0.95"),
      OptionSpec(
        ["--correction"], value: "none|holm",
        help: "Multiple-comparison correction across the paired baseline rules.", default: "none"),
      OptionSpec(
        ["--strict"], help: "Inconclusive checks (the interval straddles) fail the gate."),
      OptionSpec(
        ["--require-baseline"], help: "Skipped baseline rules (first run) fail the gate."),
    ] + ReportWriter.options + TableOptions.specs + TrackingOptions.specs,
    examples: [
      Example(
        "gate metrics.json --baseline-ref origin/main:metrics.json --rule 'roc_auc >= baseline - 0.01' --markdown gate.md",
        "Fail if AUC dropped by more than 0.01 against main; write a PR comment."),
      Example(
        "gate metrics.json --rule 'roc_auc >= 0.80' --rule 'slices.region.*.accuracy >= 0.7'",
        "Absolute floors, one per region slice."),
      Example(
        "gate metrics.json --baseline base.json --rules gate.rules --predictions pred.csv --baseline-predictions origin/main:pred.csv --correction holm",
        "Judge baseline rules on the paired difference, Holm-corrected across rules."),
    ],
    exitCodes: [
      (.success, "every check passed or was skipped"),
      (
        .negativeVerdict,
        "a check failed or errored (an inconclusive one with --strict, a skipped one with --require-baseline)"
      ),
      (.usage, "usage error"),
      (
        .dataError,
        "malformed metrics, rules or predictions; a Sluice metrics.json or report of a newer format version; a baseline with none of the ruled metrics; prediction ids differ"
      ),
      (
        .noInput,
        "a file is missing, the baseline path exists neither at the revision nor in the working tree, or the revision is not in this clone"
      ),
      (.internalError, "internal error"), (.cannotCreateOutput, "cannot create a report file"),
      (.ioError, "I/O error, or MLflow tracking failed (the reports are written first)"),
    ])

  /// `gate`: compare metrics against a baseline and rules.
  public static let tool = Tool(spec: spec) { invocation in
    let arguments = invocation.arguments
    let candidatePath = arguments.positionals[0]
    let options = try gateOptions(arguments)
    let tracking = try TrackingOptions.target(arguments, environment: ProcessEnvironment.current)
    if tracking == nil, let uri = arguments.string("--baseline"), uri.hasPrefix("models:/") {
      throw CoreError.usage(
        "'--baseline \(uri)' reads the MLflow Model Registry: give --mlflow URI (or"
          + " MLFLOW_TRACKING_URI)")
    }
    let rules = try readRules(arguments)
    let candidate = try readDocument(candidatePath, name: candidatePath)
    let (baseline, baselineName) = try readBaseline(
      arguments, rules: rules, tracking: tracking, invocation: invocation)
    let (paired, pairedNote) = try PairedPredictions.load(
      arguments, target: candidate.value(at: "meta.target")?.stringValue)
    let evaluator = GateEvaluator(
      candidate: candidate, baseline: baseline, paired: paired?.input, options: options)
    let results = evaluator.evaluate(rules)
    try evaluator.checkBaselineCoverage(results)
    if let pairedNote { invocation.warn(pairedNote) }
    for result in results where result.verdict == .skipped {
      invocation.warn("skipped '\(result.ruleText)': \(result.reason)")
    }
    var absence: String?
    if case .none(let reason) = baseline { absence = reason }
    var model = GateReport(
      results: results, options: options, candidateName: candidatePath,
      baselineName: baselineName, baselineAbsence: absence,
      pairedDescription: paired?.description)
    model.pairedPayload = paired?.payload ?? .null
    model.extraNotes = pairedNote.map { [$0] } ?? []
    let report = model.report()
    try ReportWriter.write(
      report, arguments: arguments, environment: ProcessEnvironment.current,
      stdout: invocation.stdout, stderr: invocation.stderr)
    invocation.stderr.write(TextReporter().render(report))
    if tracking != nil {
      try TrackingOptions.log(
        record(model, report: report, rules: rules, arguments: arguments), to: tracking,
        invocation: invocation)
    }
    return model.failed ? .negativeVerdict : .success
  }

  /// What gate logs to MLflow: every setting and the rules (params `gate.*`), the verdict
  /// and the checks per verdict (metrics `gate.*`, tag `sluice.gate.verdict`), and the
  /// report as JSON (and the Markdown and JUnit reports when written to files).
  static func record(
    _ model: GateReport, report: Report, rules: [GateRule], arguments: ParsedArguments
  ) -> TrackingRecord {
    var record = TrackingRecord(tool: "gate")
    record.param("rules", rules.map { $0.text(metric: $0.metric) }.joined(separator: "; "))
    TrackingOptions.settings(arguments, spec: spec, into: &record)
    if let baseline = arguments.string("--baseline"), baseline.hasPrefix("models:/") {
      record.param("baseline", baseline)
    }
    record.metrics.append(("gate.passed", model.failed ? 0 : 1))
    for verdict in GateVerdict.allCases {
      let count = model.results.filter { $0.verdict == verdict }.count
      record.metrics.append(("gate.checks_\(verdict.rawValue)", Double(count)))
    }
    record.metrics.append(
      ("gate.checks_inconclusive", Double(model.results.filter(\.inconclusive).count)))
    record.tags.append(("sluice.gate.verdict", model.failed ? "fail" : "pass"))
    record.artifacts.append(
      .init("gate/report.json", .bytes(Array(JSONReporter().render(report).utf8))))
    for (option, name) in [("--markdown", "report.md"), ("--junit", "junit.xml")] {
      if let path = arguments.string(option), path != "-" {
        record.artifacts.append(.init("gate/" + name, .file(path)))
      }
    }
    return record
  }

  static func gateOptions(_ arguments: ParsedArguments) throws(CoreError) -> GateOptions {
    var options = GateOptions()
    options.confidence = try arguments.double("--confidence") ?? 0.95
    guard options.confidence > 0, options.confidence < 1 else {
      throw .usage(
        "invalid value '\(arguments.string("--confidence") ?? "")' for '--confidence': expected 0 < c < 1"
      )
    }
    let correction = arguments.string("--correction") ?? "none"
    guard let chosen = GateCorrection(rawValue: correction) else {
      throw .usage("invalid value '\(correction)' for '--correction': expected none or holm")
    }
    options.correction = chosen
    options.strict = arguments.flag("--strict")
    options.requireBaseline = arguments.flag("--require-baseline")
    return options
  }

  static func readRules(_ arguments: ParsedArguments) throws -> [GateRule] {
    var rules: [GateRule] = []
    if let path = arguments.string("--rules") {
      let bytes = try InputFile.readAll(path)
      rules += try RuleParser.parse(bytes: bytes, file: path)
    }
    for (index, text) in arguments.strings("--rule").enumerated() {
      rules.append(try RuleParser.parseExpression(text, index: index + 1))
    }
    guard !rules.isEmpty else {
      throw CoreError.usage("no rules: give --rules FILE or --rule EXPR")
    }
    return rules
  }

  static func readDocument(_ path: String, name: String) throws -> MetricsDocument {
    try MetricsDocument.read(InputFile.readAll(path), name: name)
  }

  /// The baseline: a file, a file at a git revision, or none on a first run (`--first-run`,
  /// or a `--baseline-ref` path that is in the working tree but not yet at the revision).
  static func readBaseline(
    _ arguments: ParsedArguments, rules: [GateRule], tracking: TrackingOptions.Target? = nil,
    invocation: Invocation
  ) throws -> (BaselineState, String?) {
    let file = arguments.string("--baseline")
    let ref = arguments.string("--baseline-ref")
    let firstRun = arguments.flag("--first-run")
    let given =
      [file.map { _ in "--baseline" }, ref.map { _ in "--baseline-ref" }]
      .compactMap { $0 } + (firstRun ? ["--first-run"] : [])
    if given.count > 1 {
      throw CoreError.usage(
        "'\(given[0])' and '\(given[1])' cannot be used together")
    }
    if firstRun { return (.none("--first-run given"), nil) }
    if file == nil && ref == nil, let rule = rules.first(where: { $0.bound.usesBaseline }) {
      throw CoreError.usage(
        "the rule '\(rule.text(metric: rule.metric))' needs a baseline: give --baseline FILE or"
          + " --baseline-ref REV:PATH, or --first-run when there is none yet")
    }
    if let file, file.hasPrefix("models:/"), let tracking {
      // The registered version's source run's metrics, rebuilt as a metrics file.
      let (document, description) = try ModelRegistry.metrics(
        file, client: tracking.client(invocation))
      let bytes = Array(CanonicalJSON.encode(document).utf8)
      return (.document(try MetricsDocument.read(bytes, name: file)), description)
    }
    if let file {
      return (.document(try readDocument(file, name: file)), file)
    }
    if let ref {
      let (rev, path) = try GitBaseline.split(ref, option: "--baseline-ref")
      switch try GitBaseline.read(rev: rev, path: path) {
      case .found(let bytes):
        return (.document(try MetricsDocument.read(bytes, name: ref)), ref)
      case .absent(let reason):
        return (.none(reason), nil)
      }
    }
    return (.none("no --baseline or --baseline-ref given"), nil)  // only absolute rules
  }
}
