import SluiceCore

/// The `model` object of a GBDT model file (docs/gbdt.md): the trees in preorder, checked
/// strictly when read, so a hand-edited or hostile file is an error naming the node, never a
/// crash or an endless walk.
enum TreeCodec {
  /// The most trees and nodes a model file may hold, so a hostile size fails cleanly.
  static let treeLimit = 1 << 20
  static let nodeLimit = 1 << 26

  /// The ensemble as the model file's `model` object.
  static func encode(_ ensemble: TreeEnsemble) -> JSONValue {
    let importance = ensemble.importance
    return .object([
      "kind": .string("gbdt"),
      "features": .array(ensemble.features.map { .string($0) }),
      "categorical": .array(ensemble.categorical.map { .bool($0) }),
      "outputs": .int(Int64(ensemble.outputs)),
      "init_scores": .array(ensemble.initScores.map { .double($0) }),
      "trees": .array(ensemble.trees.map { .object(["nodes": .array($0.nodes.map(encode))]) }),
      "importance": .object([
        "gain": .array(importance.gain.map { .double($0) }),
        "split": .array(importance.splits.map { .int(Int64($0)) }),
      ]),
    ])
  }

  static func encode(_ node: RegressionTree.Node) -> JSONValue {
    switch node {
    case .leaf(let value):
      return .object(["value": .double(value)])
    case .numeric(let feature, let threshold, let defaultLeft, let left, let right, let gain):
      return .object([
        "feature": .int(Int64(feature)), "threshold": .double(threshold),
        "default_left": .bool(defaultLeft), "left": .int(Int64(left)),
        "right": .int(Int64(right)), "gain": .double(gain),
      ])
    case .categorical(let feature, let categories, let left, let right, let gain):
      return .object([
        "feature": .int(Int64(feature)),
        "categories": .array(categories.map { .int(Int64($0)) }),
        "left": .int(Int64(left)), "right": .int(Int64(right)), "gain": .double(gain),
      ])
    }
  }

  /// Reads a GBDT model document whose task, classes and outputs are already checked.
  static func decodeModel(
    _ document: JSONValue, task: LearningTask, target: String, classes: [String], outputs: Int,
    file: String
  ) throws -> TrainedModel {
    let pipeline: FeaturePipeline
    do {
      pipeline = try FeaturePipeline(json: document["pipeline"] ?? .null)
    } catch let error as LearnError {
      throw LearnError("\(file): \(error.message)")
    }
    let ensemble: TreeEnsemble
    do {
      ensemble = try decode(document["model"] ?? .null, pipeline: pipeline, outputs: outputs)
    } catch {
      throw LearnError("\(file): \(error.message)")
    }
    return TrainedModel(
      task: task, target: target, classes: classes, kind: "gbdt", pipeline: pipeline,
      coefficients: [], intercepts: [],
      hyperparameters: document["hyperparameters"]?.objectValue ?? [:],
      training: document["training"]?.objectValue ?? [:], ensemble: ensemble)
  }

  /// The ensemble of a `model` object over `pipeline`'s columns with `outputs` outputs.
  static func decode(_ model: JSONValue, pipeline: FeaturePipeline, outputs: Int)
    throws(LearnError) -> TreeEnsemble
  {
    func fail(_ detail: String) -> LearnError { LearnError("'model.\(detail)") }
    guard let featureList = model["features"]?.arrayValue,
      let categoricalList = model["categorical"]?.arrayValue,
      let outputCount = model["outputs"]?.intValue,
      let initList = model["init_scores"]?.arrayValue,
      let treeList = model["trees"]?.arrayValue
    else {
      throw LearnError(
        "'model' of kind gbdt needs features, categorical, outputs, init_scores and trees")
    }
    let columns = pipeline.encoders.map(\.column)
    let features = featureList.compactMap(\.stringValue)
    guard features == columns else {
      throw fail("features' must list the pipeline's \(columns.count) columns in order")
    }
    let kinds = pipeline.encoders.map { encoder -> Bool? in
      switch encoder {
      case .numeric: return false
      case .categorical: return true
      case .text: return nil
      }
    }
    let categorical = categoricalList.compactMap(\.boolValue)
    guard categorical.count == kinds.count, kinds.allSatisfy({ $0 != nil }),
      zip(categorical, kinds).allSatisfy({ $0 == $1 })
    else {
      throw fail(
        "categorical' must say, for each feature, whether its pipeline column is categorical "
          + "(trees take no text columns)")
    }
    guard outputCount == Int64(outputs) else {
      throw fail("outputs' is \(outputCount); the task and classes give \(outputs)")
    }
    let initScores = initList.compactMap(\.doubleValue).filter(\.isFinite)
    guard initScores.count == outputs, initList.count == outputs else {
      throw fail("init_scores' must be \(outputs) finite numbers")
    }
    guard treeList.count <= treeLimit else {
      throw fail("trees' has \(treeList.count) trees; at most \(treeLimit) can be read")
    }
    guard treeList.count % outputs == 0 else {
      throw fail("trees' has \(treeList.count) trees, not a multiple of \(outputs) outputs")
    }
    var trees: [RegressionTree] = []
    var nodeTotal = 0
    for (index, tree) in treeList.enumerated() {
      guard let nodes = tree["nodes"]?.arrayValue, !nodes.isEmpty else {
        throw fail("trees[\(index)]' needs a non-empty 'nodes' list")
      }
      nodeTotal += nodes.count
      guard nodeTotal <= nodeLimit else {
        throw fail("trees' holds more than \(nodeLimit) nodes")
      }
      trees.append(
        try decodeTree(nodes, categorical: categorical, field: "model.trees[\(index)]"))
    }
    return TreeEnsemble(
      features: features, categorical: categorical, outputs: outputs, initScores: initScores,
      trees: trees)
  }

  /// One tree. Children must come after their parent and every node but the root must be
  /// some node's child exactly once: then the nodes form one tree (no cycle, no node shared,
  /// none unreachable) and every walk ends.
  static func decodeTree(_ list: [JSONValue], categorical: [Bool], field: String)
    throws(LearnError) -> RegressionTree
  {
    var parents = [Int](repeating: 0, count: list.count)
    var nodes: [RegressionTree.Node] = []
    nodes.reserveCapacity(list.count)
    for (index, item) in list.enumerated() {
      func fail(_ detail: String) -> LearnError {
        LearnError("'\(field).nodes[\(index)]' \(detail)")
      }
      guard item.objectValue != nil else { throw fail("must be an object") }
      if let value = item["value"] {
        guard item["left"] == nil, item["right"] == nil, item["feature"] == nil else {
          throw fail("has both a leaf 'value' and a split")
        }
        guard let number = value.doubleValue, number.isFinite else {
          throw fail("has a leaf 'value' that is not a finite number")
        }
        nodes.append(.leaf(value: number))
        continue
      }
      guard let feature = item["feature"]?.intValue, feature >= 0,
        feature < Int64(categorical.count)
      else { throw fail("needs a 'feature' from 0 to \(categorical.count - 1)") }
      guard let left = item["left"]?.intValue, let right = item["right"]?.intValue,
        left > Int64(index), right > Int64(index), left < Int64(list.count),
        right < Int64(list.count), left != right
      else {
        throw fail(
          "needs 'left' and 'right' children: two different nodes after it (of \(list.count))")
      }
      guard let gain = item["gain"]?.doubleValue, gain.isFinite, gain >= 0 else {
        throw fail("needs a 'gain' that is a finite number ≥ 0")
      }
      parents[Int(left)] += 1
      parents[Int(right)] += 1
      if categorical[Int(feature)] {
        guard let codes = item["categories"]?.arrayValue, item["threshold"] == nil else {
          throw fail("splits categorical feature \(feature): it needs 'categories', no threshold")
        }
        var categories: [Int] = []
        for code in codes {
          guard let number = code.intValue, number >= 0, number < 65_536,
            categories.last.map({ Int64($0) < number }) ?? true
          else { throw fail("needs 'categories' in increasing order, each from 0 to 65535") }
          categories.append(Int(number))
        }
        nodes.append(
          .categorical(
            feature: Int(feature), categories: categories, left: Int(left), right: Int(right),
            gain: gain))
      } else {
        guard let threshold = item["threshold"]?.doubleValue, !threshold.isNaN,
          let defaultLeft = item["default_left"]?.boolValue, item["categories"] == nil
        else {
          throw fail(
            "splits numeric feature \(feature): it needs a numeric 'threshold' and "
              + "'default_left' (true or false)")
        }
        nodes.append(
          .numeric(
            feature: Int(feature), threshold: threshold, defaultLeft: defaultLeft,
            left: Int(left), right: Int(right), gain: gain))
      }
    }
    if let shared = parents.indices.dropFirst().first(where: { parents[$0] != 1 }) {
      throw LearnError(
        "'\(field).nodes[\(shared)]' is the child of \(parents[shared]) nodes; "
          + "every node but the root must be the child of exactly one")
    }
    return RegressionTree(nodes: nodes)
  }
}
