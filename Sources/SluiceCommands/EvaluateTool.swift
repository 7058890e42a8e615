import SluiceCore
import SluiceMetrics
import SluiceTable
import SluiceTracking

/// `evaluate`: metrics for a model on labelled data, or for saved predictions.
public enum EvaluateTool {
  static let spec = CommandSpec(
    name: "evaluate",
    overview:
      "Compute the evaluation metrics of a model on labelled data, or of saved predictions from any model (the predictions file 'predict' writes, or any table with a target and score, probability or prediction columns). Metrics follow scikit-learn's definitions; metrics.json (docs/formats.md) holds them at the top level, with bootstrap intervals under 'ci', per-slice metrics under 'slices', the confusion matrix and 'meta'. An undefined metric (e.g. ROC AUC with one class) is null, its reason in meta.undefined.",
    usage: [
      "evaluate MODEL_OR_BUNDLE DATA [-o metrics.json] [options]",
      "evaluate --predictions FILE --target COL [-o metrics.json] [options]",
    ],
    arguments: [
      ArgumentSpec("model", help: "A model.json from 'train', or a model bundle.", optional: true),
      ArgumentSpec(
        "data", help: "Labelled rows to score ('-' for standard input).", optional: true),
    ],
    options: [
      OptionSpec(
        ["-o", "--output"], value: "file",
        help: "Write metrics.json here ('-' for standard output).", default: "-"),
      OptionSpec(
        ["--predictions"], value: "file",
        help: "Evaluate saved predictions ('-' for standard input) instead of a model."),
      OptionSpec(
        ["--target"], value: "col",
        help:
          "The true label or value column (default: the target the model or metrics record): the model's target; required with --predictions."
      ),
      OptionSpec(
        ["--task"], value: "auto|binary|multiclass|regression",
        help:
          "The task (default: auto): the model's, else the predictions file's sluice_task column, else inferred from its columns (an integer target with more than two values then needs --task)."
      ),
      OptionSpec(["--id"], value: "col", help: "The row id column (default: row numbers)."),
      OptionSpec(
        ["--threshold"], value: "t",
        help: "Binary decision threshold: a row is positive when its score is above t.",
        default: "0.5"),
      OptionSpec(
        ["--weight"], value: "col", help: "Sample weights (scikit-learn's sample_weight)."),
      OptionSpec(
        ["--score"], value: "col", help: "Predictions: the positive class's score column (binary)."),
      OptionSpec(
        ["--proba-prefix"], value: "prefix",
        help: "Predictions: the prefix of per-class probability columns.", default: "proba_"),
      OptionSpec(
        ["--prediction"], value: "col",
        help: "Predictions: the hard prediction column (default: 'prediction' when present)."),
      OptionSpec(
        ["--positive"], value: "label",
        help: "Binary: the positive class (default: the second label by UTF-8 bytes)."),
      OptionSpec(
        ["--bootstrap"], value: "n",
        help: "Percentile bootstrap intervals for every metric from n resamples."),
      OptionSpec(
        ["--seed"], value: "n", help: "The bootstrap's seed; results never depend on threads.",
        default: "0"),
      OptionSpec(
        ["--confidence"], value: "c", help: "The bootstrap intervals' coverage.", default: "0.95"),
      OptionSpec(
        ["--slice"], value: "col", help: "Also compute the metrics per value of this column.",
        repeatable: true),
      OptionSpec(
        ["--min-slice-size"], value: "n",
        help: "Skip slices with fewer rows (listed in meta.slices_skipped).", default: "30"),
      OptionSpec(
        ["--predictions-out"], value: "file",
        help:
          "Write the per-row predictions (the predictions file format) for paired gates: the bytes predict writes for the same model and data; probabilities read from --predictions are written back with every digit."
      ),
      OptionSpec(["--markdown"], value: "file", help: "Write a Markdown report."),
      OptionSpec(
        ["--openmetrics"], value: "file",
        help: "Write the metrics as OpenMetrics text (a GitLab metrics report)."),
      OptionSpec(
        ["--plots"], value: "dir",
        help:
          "Write SVG plots and their CSV data (dvc plots) into this directory; multiclass ROC also as roc/<class>.csv, one file per class."
      ),
      OptionSpec(
        ["--dvc-metrics"], value: "file",
        help:
          "Also write the metrics for 'dvc metrics show/diff': numbers only, each interval as <metric>_ci_low and <metric>_ci_high, no meta (gate reads metrics.json)."
      ),
    ] + TableOptions.specs + TrackingOptions.specs,
    examples: [
      Example("evaluate model.json test.csv -o metrics.json", "Score model.json on test.csv."),
      Example(
        "evaluate --predictions preds.csv --target y --bootstrap 1000 --slice region",
        "Metrics of saved predictions with 95% intervals, per region."),
      Example(
        "predict model.json new.csv --keep region | evaluate --predictions - --target y --slice region",
        "Score and evaluate in one pipe."),
    ],
    exitCodes: [
      (.success, "metrics written"), (.usage, "usage error"),
      (
        .dataError,
        "bad input data: a malformed model or predictions file, a model of a newer format version, a missing column"
      ),
      (.noInput, "an input missing or unreadable"), (.internalError, "internal error"),
      (.cannotCreateOutput, "cannot create an output (no output is left behind)"),
      (
        .ioError,
        "I/O error (no output is left behind), or MLflow tracking failed (after every output was written)"
      ),
    ])

  /// The tool.
  public static let tool = Tool(spec: spec) { invocation in
    let arguments = invocation.arguments
    let settings = try Settings(arguments)
    let tracking = try TrackingOptions.target(arguments, environment: ProcessEnvironment.current)
    let input = try EvaluationInput.load(arguments, settings: settings)
    var evaluation = Evaluation(
      set: input.set, threshold: settings.threshold, bootstrap: settings.bootstrap,
      sliceColumns: input.sliceColumns, minSliceSize: settings.minSliceSize)
    evaluation.target = input.targetName
    if let ensemble = input.model?.ensemble {
      let importance = ensemble.importance
      evaluation.featureImportance = ensemble.features.indices.map {
        Evaluation.FeatureImportance(
          feature: ensemble.features[$0], gain: importance.gain[$0],
          splits: importance.splits[$0])
      }
    }
    evaluation.rowsMissingTarget = input.missingTarget.leftOut
    if let warning = input.missingTarget.warning(target: input.targetName) {
      invocation.warn(warning)
    }
    let document = try writeOutputs(
      evaluation, input: input, arguments: arguments, invocation: invocation)
    if tracking != nil {
      try TrackingOptions.log(
        try record(document, arguments: arguments), to: tracking, invocation: invocation)
    }
    return .success
  }
}
