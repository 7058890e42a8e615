import SluiceCore

/// Reads and writes model.json (docs/formats.md); every version this Sluice wrote stays
/// readable.
public enum ModelCodec {
  /// The model as a JSON document.
  public static func encode(_ model: TrainedModel) -> JSONValue {
    .object([
      "sluice_model_version": .int(SluiceLearn.modelFormatVersion),
      "task": .string(model.task.rawValue),
      "target": .string(model.target),
      "classes": .array(model.classes.map { .string($0) }),
      "model": .object([
        "kind": .string(model.kind),
        "coefficients": .array(model.coefficients.map { .array($0.map { .double($0) }) }),
        "intercepts": .array(model.intercepts.map { .double($0) }),
        "features": .array(model.pipeline.featureNames.map { .string($0) }),
      ]),
      "pipeline": model.pipeline.json,
      "hyperparameters": .object(model.hyperparameters),
      "training": .object(model.training),
    ])
  }

  /// Reads a model document from `file`.
  public static func decode(_ document: JSONValue, file: String) throws -> TrainedModel {
    func fail(_ detail: String) -> LearnError { LearnError("\(file): \(detail)") }
    guard let version = document["sluice_model_version"]?.intValue else {
      throw fail("not a Sluice model (no \"sluice_model_version\")")
    }
    guard version <= SluiceLearn.modelFormatVersion else {
      throw fail("model format \(version) is newer than this Sluice reads; upgrade Sluice")
    }
    guard let taskName = document["task"]?.stringValue, let task = LearningTask(rawValue: taskName),
      let target = document["target"]?.stringValue,
      let classes = document["classes"]?.arrayValue?.compactMap(\.stringValue),
      let model = document["model"], let kind = model["kind"]?.stringValue,
      let rows = model["coefficients"]?.arrayValue,
      let intercepts = model["intercepts"]?.arrayValue?.compactMap(\.doubleValue)
    else { throw fail("expected task, target, classes and model coefficients") }
    let coefficients = rows.map { $0.arrayValue?.compactMap(\.doubleValue) ?? [] }
    let pipeline = try FeaturePipeline(json: document["pipeline"] ?? .null)
    guard coefficients.count == intercepts.count, !coefficients.isEmpty,
      coefficients.allSatisfy({ $0.count == pipeline.width })
    else { throw fail("coefficients do not match the pipeline's \(pipeline.width) features") }
    return TrainedModel(
      task: task, target: target, classes: classes, kind: kind, pipeline: pipeline,
      coefficients: coefficients, intercepts: intercepts,
      hyperparameters: document["hyperparameters"]?.objectValue ?? [:],
      training: document["training"]?.objectValue ?? [:])
  }
}
