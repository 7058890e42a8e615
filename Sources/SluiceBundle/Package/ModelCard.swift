import SluiceCore
import SluiceData
import SluiceLearn

/// `MODEL_CARD.md`, generated from the bundle's own files (after Mitchell et al., "Model Cards
/// for Model Reporting"): model details, intended use, data, metrics with intervals, slices
/// and caveats. Nothing in it is typed by hand, so it cannot drift from the files.
public struct ModelCard {
  /// The bundle's name.
  public var name: String
  /// The bundle's version.
  public var version: String
  /// The model.
  public var model: TrainedModel
  /// The signature.
  public var signature: Signature
  /// metrics.json, when given.
  public var metrics: JSONValue?
  /// lineage.json.
  public var lineage: JSONValue
  /// The schema, when given.
  public var schema: Schema?
  /// Things the ONNX export cannot express.
  public var exportNotes: [String]
  /// Every file of the bundle, paths under its top directory.
  public var files: [String]

  /// Creates a card.
  public init(
    name: String, version: String, model: TrainedModel, signature: Signature,
    metrics: JSONValue?, lineage: JSONValue, schema: Schema?, exportNotes: [String],
    files: [String]
  ) {
    self.name = name
    self.version = version
    self.model = model
    self.signature = signature
    self.metrics = metrics
    self.lineage = lineage
    self.schema = schema
    self.exportNotes = exportNotes
    self.files = files.sorted { byBytes($0, $1) }
  }

  /// The card's Markdown.
  public func render() -> String {
    var lines: [String] = ["# Model card: \(name) \(version)", ""]
    lines += ["## Model details", ""]
    let taskText: String
    switch model.task {
    case .binary: taskText = "binary classification (positive class `\(model.classes.last ?? "")`)"
    case .multiclass: taskText = "multiclass classification (\(model.classes.count) classes)"
    case .regression: taskText = "regression"
    }
    lines.append("- Task: \(taskText), target `\(model.target)`")
    if let ensemble = model.ensemble {
      lines.append(
        "- Model: gradient-boosted trees (\(ensemble.trees.count) trees) over "
          + "\(ensemble.features.count) features from \(signature.inputs.count) input columns")
      // The features trees gained most from, as in model.json's `importance`.
      let importance = ensemble.importance
      let ranked = ensemble.features.indices
        .filter { importance.splits[$0] > 0 }
        .sorted { importance.gain[$0] > importance.gain[$1] }
        .prefix(10)
        .map {
          "`\(ensemble.features[$0])` \(NumberText.short(importance.gain[$0], digits: 4)) "
            + "(\(importance.splits[$0]) splits)"
        }
      if !ranked.isEmpty {
        lines.append("- Feature importance (split gain): " + ranked.joined(separator: ", "))
      }
    } else {
      let kind =
        model.kind == "logistic" ? "L2-regularised logistic regression" : "ridge regression"
      lines.append(
        "- Model: \(kind) over \(model.pipeline.width) features from \(signature.inputs.count) input columns"
      )
    }
    if !model.classes.isEmpty {
      lines.append("- Classes: " + model.classes.map { "`\($0)`" }.joined(separator: ", "))
    }
    let parameters = model.hyperparameters.keys.sorted().compactMap { key -> String? in
      guard let value = model.hyperparameters[key], value != .null else { return nil }
      return "\(key)=\(Self.inline(value))"
    }
    if !parameters.isEmpty {
      lines.append("- Hyperparameters: " + parameters.joined(separator: ", "))
    }
    lines.append("- Packaged by Sluice \(sluiceVersion); its files are listed under Files below")
    lines += ["", "## Intended use", ""]
    lines.append(
      "Scoring rows shaped like its training data: one value per input column below. It was trained and gated by an automated pipeline; using it for decisions about people needs a review of the data and of the slice metrics below first."
    )
    lines += ["", "### Inputs", "", "| column | type | nullable | notes |", "|---|---|---|---|"]
    for input in signature.inputs {
      let stated = schema?.column(named: input.name)
      var notes = stated.map { "role \($0.role.rawValue)" } ?? ""
      if let categories = input.categories {
        notes += (notes.isEmpty ? "" : "; ") + "\(categories.count) known categories"
      }
      lines.append(
        "| \(Self.cell(input.name)) | \(input.type.rawValue) | \(input.nullable ? "yes" : "no") | \(notes) |"
      )
    }
    lines += ["", "## Training and evaluation data", ""]
    let datasets = lineage["datasets"]?.arrayValue ?? []
    if datasets.isEmpty { lines.append("No dataset was given to `package-model --data`.") }
    for dataset in datasets {
      lines.append(
        "- `\(dataset["name"]?.stringValue ?? "?")`: \(Plural.count(dataset["rows"]?.intValue ?? 0, "row")), sha256 `\(dataset["sha256"]?.stringValue ?? "")`"
      )
    }
    if let rows = model.training["rows"]?.intValue {
      lines.append("- Trained on \(Plural.count(rows, "row"))")
    }
    if let commit = lineage["git_commit"]?.stringValue { lines.append("- Git commit `\(commit)`") }
    if lineage["git_dirty"]?.boolValue == true {
      // Counted, not named: file names could hold Markdown.
      let count = lineage["git_changed_file_count"]?.intValue ?? 0
      lines.append(
        "- The work tree had uncommitted changes to \(Plural.count(Int(count), "tracked file"))"
          + " (listed in lineage.json)")
    }
    lines += ["", "## Metrics", ""]
    lines += MetricsSummary.lines(metrics)
    lines += ["", "## Caveats", ""]
    lines.append(
      "- Values never seen in training go to the infrequent category (or to no category); they are not errors."
    )
    lines.append("- A linear model: interactions the features do not spell out are not learnt.")
    for note in exportNotes { lines.append("- ONNX export: \(note)") }
    if metrics == nil {
      lines.append(
        "- No metrics were packaged (`--metrics`): this card cannot say how good the model is.")
    }
    lines += ["", "## Files", ""]
    lines += files.map { path in
      Self.roles[path].map { "- `\(path)`: \($0)" } ?? "- `\(path)`"
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// What the well-known files are.
  static let roles: [String: String] = [
    "model/model.json": "the native model (`predict`)",
    "model/model.onnx": "the ONNX model (docs/formats.md, \"ONNX contract\")",
    "mlflow/MLmodel": "the MLflow model (`mlflow models serve -m mlflow`)",
    "signature.json": "inputs and outputs", "MODEL_CARD.md": "this card",
    "bundle.json": "the manifest", "SHA256SUMS": "checksums (`sha256sum -c SHA256SUMS`)",
  ]

  /// A JSON value on one line.
  static func inline(_ value: JSONValue) -> String {
    switch value {
    case .string(let text): return text
    case .int(let number): return String(number)
    case .double(let number): return CanonicalJSON.formatDouble(number) ?? "null"
    case .bool(let flag): return flag ? "true" : "false"
    default:
      return CanonicalJSON.encode(value).split(separator: "\n").map {
        $0.trimmingCharacters(in: " ")
      }.joined(separator: " ")
    }
  }

  /// Text safe inside a Markdown table cell.
  static func cell(_ text: String) -> String { MarkdownReporter.plainCell(text) }
}

extension Substring {
  /// The text without leading and trailing `character`s.
  func trimmingCharacters(in character: Character) -> String {
    var result = self
    while result.first == character { result = result.dropFirst() }
    while result.last == character { result = result.dropLast() }
    return String(result)
  }
}
