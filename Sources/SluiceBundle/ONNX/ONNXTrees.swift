import SluiceLearn

/// The ONNX nodes of a tree ensemble: the raw features, then one `TreeEnsembleRegressor`
/// (ai.onnx.ml) with a target per output, whose sums the shared link function turns into
/// probabilities exactly as for linear models.
///
/// Numeric splits are `BRANCH_LEQ` on the feature (a NaN follows `default_left` through
/// `nodes_missing_value_tracks_true`). A categorical split tests membership of a set, which
/// TreeEnsembleRegressor cannot: each is computed before the trees as a 0/1 column (the
/// column's one-hot codes times the split's mask), and the tree tests it with `BRANCH_LEQ`
/// 0.5, whose true branch is the right (not a member) child. Thresholds and leaf values are
/// float32 in the operator, so a row within float precision of a threshold can go the other
/// way than in `predict`.
enum ONNXTrees {
  /// Adds the inputs and the ensemble; returns the `[N, outputs]` double raw scores.
  static func add(
    _ ensemble: TreeEnsemble, model: TrainedModel, signature: Signature,
    to graph: inout ONNXGraph
  ) -> String {
    // The categorical splits of each feature, in tree and node order.
    var splitsOf = [[(tree: Int, node: Int, categories: [Int])]](
      repeating: [], count: ensemble.features.count)
    for (treeIndex, tree) in ensemble.trees.enumerated() {
      for (nodeIndex, node) in tree.nodes.enumerated() {
        if case .categorical(let feature, let categories, _, _, _) = node {
          splitsOf[feature].append((treeIndex, nodeIndex, categories))
        }
      }
    }
    let toFloat = ONNXGraph.Attribute.int("to", ONNXGraph.ElementType.float.rawValue)
    var columns: [String] = []
    // Matrix columns so far (a categorical feature adds one per split).
    var width = 0
    var columnOfNumeric: [Int: Int] = [:]
    var columnOfSplit: [Int: [Int: Int]] = [:]
    for (feature, encoder) in model.pipeline.encoders.enumerated() {
      let type = signature.input(named: encoder.column)?.type ?? .double
      switch encoder {
      case .numeric(let numeric):
        let elementType: ONNXGraph.ElementType =
          switch type {
          case .long: .int64
          case .boolean: .bool
          default: .float
          }
        graph.inputs.append(ONNXGraph.Value(name: numeric.column, type: elementType))
        let value = graph.node("Cast", [numeric.column], attributes: [toFloat])
        columnOfNumeric[feature] = width
        width += 1
        columns.append(graph.node("Unsqueeze", [value, graph.axes()]))
      case .categorical(let categorical):
        // The one-hot codes of the linear export, then one membership column per split.
        let hot = ONNXFeatures.add(encoder, inputType: type, to: &graph)
        let splits = splitsOf[feature]
        guard let codes = hot.first, !splits.isEmpty else { continue }
        let codeCount = categorical.width
        var mask = [Double](repeating: 0, count: codeCount * splits.count)
        for (position, split) in splits.enumerated() {
          for code in split.categories where code < codeCount {
            mask[code * splits.count + position] = 1
          }
          columnOfSplit[split.tree, default: [:]][split.node] = width + position
        }
        width += splits.count
        let masks = graph.constant(
          "masks", dims: [Int64(codeCount), Int64(splits.count)], .doubles(mask))
        let member = graph.node("MatMul", [codes, masks])
        columns.append(graph.node("Cast", [member], attributes: [toFloat]))
      case .text(let text):
        graph.inputs.append(ONNXGraph.Value(name: text.column, type: .string))
      }
    }
    let matrix =
      columns.count == 1 ? columns[0] : graph.node("Concat", columns, attributes: [.int("axis", 1)])
    var treeIDs: [Int64] = []
    var nodeIDs: [Int64] = []
    var featureIDs: [Int64] = []
    var modes: [String] = []
    var values: [Float] = []
    var trueIDs: [Int64] = []
    var falseIDs: [Int64] = []
    var missingTrue: [Int64] = []
    var targetTrees: [Int64] = []
    var targetNodes: [Int64] = []
    var targetIDs: [Int64] = []
    var weights: [Float] = []
    for (treeIndex, tree) in ensemble.trees.enumerated() {
      for (nodeIndex, node) in tree.nodes.enumerated() {
        treeIDs.append(Int64(treeIndex))
        nodeIDs.append(Int64(nodeIndex))
        switch node {
        case .leaf(let value):
          featureIDs.append(0)
          modes.append("LEAF")
          values.append(0)
          trueIDs.append(0)
          falseIDs.append(0)
          missingTrue.append(0)
          targetTrees.append(Int64(treeIndex))
          targetNodes.append(Int64(nodeIndex))
          targetIDs.append(Int64(treeIndex % ensemble.outputs))
          weights.append(Float(value))
        case .numeric(let feature, let threshold, let defaultLeft, let left, let right, _):
          featureIDs.append(Int64(columnOfNumeric[feature] ?? 0))
          modes.append("BRANCH_LEQ")
          values.append(Self.floatThreshold(threshold))
          trueIDs.append(Int64(left))
          falseIDs.append(Int64(right))
          missingTrue.append(defaultLeft ? 1 : 0)
        case .categorical(_, _, let left, let right, _):
          featureIDs.append(Int64(columnOfSplit[treeIndex]?[nodeIndex] ?? 0))
          modes.append("BRANCH_LEQ")
          values.append(0.5)
          trueIDs.append(Int64(right))
          falseIDs.append(Int64(left))
          missingTrue.append(1)
        }
      }
    }
    let sums = graph.node(
      "TreeEnsembleRegressor", [matrix], domain: "ai.onnx.ml",
      attributes: [
        .int("n_targets", Int64(ensemble.outputs)), .string("aggregate_function", "SUM"),
        .string("post_transform", "NONE"), .ints("nodes_treeids", treeIDs),
        .ints("nodes_nodeids", nodeIDs), .ints("nodes_featureids", featureIDs),
        .strings("nodes_modes", modes), .floats("nodes_values", values),
        .ints("nodes_truenodeids", trueIDs), .ints("nodes_falsenodeids", falseIDs),
        .ints("nodes_missing_value_tracks_true", missingTrue),
        .ints("target_treeids", targetTrees), .ints("target_nodeids", targetNodes),
        .ints("target_ids", targetIDs), .floats("target_weights", weights),
      ])
    let raw = graph.node(
      "Cast", [sums], attributes: [.int("to", ONNXGraph.ElementType.double.rawValue)])
    let start = graph.constant(
      "init_scores", dims: [Int64(ensemble.outputs)], .doubles(ensemble.initScores))
    return graph.node("Add", [raw, start])
  }

  /// The float32 nearest `threshold`. Inputs are doubles rounded to float32, and rounding
  /// keeps order, so every x ≤ threshold still goes left; only an x above the threshold that
  /// rounds to the same float32 can move. A threshold is one double ulp above the midpoint of
  /// two training values (LightGBM's bounds), and data often hold that midpoint exactly: it
  /// must go left, which the float32 below the threshold would not ensure.
  static func floatThreshold(_ threshold: Double) -> Float { Float(threshold) }
}
