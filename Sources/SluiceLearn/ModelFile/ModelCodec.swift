import SluiceCore

/// Reads and writes model.json (docs/formats.md); every version this Sluice wrote stays
/// readable.
public enum ModelCodec {
  /// The model as a JSON document.
  public static func encode(_ model: TrainedModel) -> JSONValue {
    let body: JSONValue
    if let ensemble = model.ensemble {
      body = TreeCodec.encode(ensemble)
    } else {
      body = .object([
        "kind": .string(model.kind),
        "coefficients": .array(model.coefficients.map(encodeRow)),
        "intercepts": .array(model.intercepts.map { .double($0) }),
        "features": .array(model.pipeline.featureNames.map { .string($0) }),
      ])
    }
    return .object([
      "sluice_model_version": .int(model.formatVersion),
      "task": .string(model.task.rawValue),
      "target": .string(model.target),
      "classes": .array(model.classes.map { .string($0) }),
      "model": body,
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

  /// The most coefficients (rows × features) a model file may hold: 2^30 doubles (8 GiB; 1,024
  /// classes of 2^20 hashed text features), so a hostile size fails cleanly instead of
  /// exhausting memory.
  static let coefficientLimit = 1 << 30

  /// A coefficient row of `width` values (`field` names it in errors): a list of numbers, or
  /// the sparse form whose `size` must be `width` and whose indices must lie inside it.
  static func decodeRow(_ json: JSONValue, width: Int, field: String) throws(LearnError)
    -> [Double]
  {
    func fail(_ detail: String) -> LearnError { LearnError("'\(field)' \(detail)") }
    if let list = json.arrayValue {
      guard list.count == width else {
        throw fail("has \(list.count) values; the pipeline has \(width) features")
      }
      var row: [Double] = []
      row.reserveCapacity(width)
      for (position, value) in list.enumerated() {
        guard let number = value.doubleValue, number.isFinite else {
          throw fail("holds a value that is not a finite number at position \(position)")
        }
        row.append(number)
      }
      return row
    }
    guard json.objectValue != nil else {
      throw fail("must be a list of numbers or an object {size, indices, values}")
    }
    guard let size = json["size"]?.intValue else { throw fail("lacks an integer 'size'") }
    // The size is checked before anything is allocated from it.
    guard size == Int64(width) else {
      throw fail("has size \(size); the pipeline has \(width) features")
    }
    guard let indices = json["indices"]?.arrayValue, let values = json["values"]?.arrayValue
    else { throw fail("lacks its 'indices' and 'values' lists") }
    guard indices.count == values.count, indices.count <= width else {
      throw fail("has \(indices.count) indices and \(values.count) values for \(width) features")
    }
    var row = [Double](repeating: 0, count: width)
    for (index, value) in zip(indices, values) {
      guard let position = index.intValue, position >= 0, position < size else {
        throw fail("has an index outside 0..<\(size)")
      }
      guard let number = value.doubleValue, number.isFinite else {
        throw fail("holds a value that is not a finite number")
      }
      row[Int(position)] = number
    }
    return row
  }

  /// Reads a model document from `file`. Every count, size and index is checked before it is
  /// used, so a hand-edited file is an error naming the field, never a crash.
  public static func decode(_ document: JSONValue, file: String) throws -> TrainedModel {
    func fail(_ detail: String) -> LearnError { LearnError("\(file): \(detail)") }
    guard document["sluice_model_version"] != nil else {
      throw fail("not a Sluice model (no \"sluice_model_version\")")
    }
    if let problem = FormatVersion.problem(
      in: document, key: "sluice_model_version", understood: SluiceLearn.modelFormatVersion)
    {
      throw fail("sluice_model_version: \(problem)")
    }
    guard let taskName = document["task"]?.stringValue, let task = LearningTask(rawValue: taskName),
      let target = document["target"]?.stringValue,
      let classList = document["classes"]?.arrayValue,
      let model = document["model"], let kind = model["kind"]?.stringValue
    else { throw fail("expected task, target, classes and model coefficients") }
    if kind == "gbdt" {
      let (classes, outputs) = try classesAndOutputs(classList, task: task, file: file)
      return try TreeCodec.decodeModel(
        document, task: task, target: target, classes: classes, outputs: outputs, file: file)
    }
    guard let rows = model["coefficients"]?.arrayValue,
      let interceptList = model["intercepts"]?.arrayValue
    else { throw fail("expected task, target, classes and model coefficients") }
    let (classes, outputs) = try classesAndOutputs(classList, task: task, file: file)
    let expectedKind = task == .regression ? "linear" : "logistic"
    guard kind == expectedKind else {
      throw fail("'model.kind' is \(kind); a \(task.rawValue) model is \(expectedKind)")
    }
    guard rows.count == outputs else {
      throw fail(
        "'model.coefficients' has \(rows.count) rows; a \(task.rawValue) model with "
          + "\(classes.count) classes has \(outputs)")
    }
    guard interceptList.count == outputs else {
      throw fail("'model.intercepts' has \(interceptList.count) values, expected \(outputs)")
    }
    let intercepts = interceptList.compactMap(\.doubleValue).filter(\.isFinite)
    guard intercepts.count == outputs else {
      throw fail("'model.intercepts' must be finite numbers")
    }
    let pipeline: FeaturePipeline
    do {
      pipeline = try FeaturePipeline(json: document["pipeline"] ?? .null)
    } catch let error as LearnError {
      throw LearnError("\(file): \(error.message)")
    }
    let width = pipeline.width
    guard width <= coefficientLimit / outputs else {
      throw fail(
        "the pipeline has \(width) features; more than \(coefficientLimit / outputs) "
          + "cannot be a model this Sluice wrote")
    }
    var coefficients: [[Double]] = []
    for (index, row) in rows.enumerated() {
      do {
        coefficients.append(
          try decodeRow(row, width: width, field: "model.coefficients[\(index)]"))
      } catch {
        throw LearnError("\(file): \(error.message)")
      }
    }
    return TrainedModel(
      task: task, target: target, classes: classes, kind: kind, pipeline: pipeline,
      coefficients: coefficients, intercepts: intercepts,
      hyperparameters: document["hyperparameters"]?.objectValue ?? [:],
      training: document["training"]?.objectValue ?? [:])
  }

  /// The class labels of a model file and its raw outputs, checked against its task.
  static func classesAndOutputs(_ classList: [JSONValue], task: LearningTask, file: String)
    throws -> (classes: [String], outputs: Int)
  {
    func fail(_ detail: String) -> LearnError { LearnError("\(file): \(detail)") }
    let classes = classList.compactMap(\.stringValue)
    guard classes.count == classList.count else { throw fail("'classes' must be strings") }
    guard Set(classes).count == classes.count else {
      throw fail("'classes' lists a class twice")
    }
    // The task decides how many classes and outputs the model has.
    let outputs: Int
    switch task {
    case .regression:
      guard classes.isEmpty else {
        throw fail("'task' is regression but 'classes' lists \(classes.count) classes")
      }
      outputs = 1
    case .binary:
      guard classes.count == 2 else {
        throw fail("'task' is binary but 'classes' lists \(classes.count), not 2")
      }
      outputs = 1
    case .multiclass:
      guard classes.count >= 3 else {
        throw fail(
          "'task' is multiclass but 'classes' lists \(classes.count) (multiclass needs 3 or more)"
        )
      }
      outputs = classes.count
    }
    return (classes, outputs)
  }
}
