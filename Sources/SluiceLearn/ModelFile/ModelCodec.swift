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
        "coefficients": .array(model.coefficients.map(encodeRow)),
        "intercepts": .array(model.intercepts.map { .double($0) }),
        "features": .array(model.pipeline.featureNames.map { .string($0) }),
      ]),
      "pipeline": model.pipeline.json,
      "hyperparameters": .object(model.hyperparameters),
      "training": .object(model.training),
    ])
  }

  /// Rows longer than this are stored sparsely (hashed text features are mostly zero).
  static let denseLimit = 4096

  /// A coefficient row: a plain array, or `{"size", "indices", "values"}` for long rows.
  static func encodeRow(_ row: [Double]) -> JSONValue {
    guard row.count > denseLimit else { return .array(row.map { .double($0) }) }
    var indices: [JSONValue] = []
    var values: [JSONValue] = []
    for (index, value) in row.enumerated() where value != 0 {
      indices.append(.int(Int64(index)))
      values.append(.double(value))
    }
    return .object([
      "size": .int(Int64(row.count)), "indices": .array(indices), "values": .array(values),
    ])
  }

  static func decodeRow(_ json: JSONValue) -> [Double]? {
    if let list = json.arrayValue { return list.compactMap(\.doubleValue) }
    guard let size = json["size"]?.intValue, let indices = json["indices"]?.arrayValue,
      let values = json["values"]?.arrayValue, indices.count == values.count
    else { return nil }
    var row = [Double](repeating: 0, count: Int(size))
    for (index, value) in zip(indices, values) {
      guard let position = index.intValue, position >= 0, position < size,
        let number = value.doubleValue
      else { return nil }
      row[Int(position)] = number
    }
    return row
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
    let coefficients = rows.map { decodeRow($0) ?? [] }
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
