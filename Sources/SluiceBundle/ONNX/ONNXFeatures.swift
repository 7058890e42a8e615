import SluiceLearn

/// The ONNX nodes of the feature pipeline and the linear model, mirroring
/// `FeaturePipeline.transform` and `TrainedModel.scores` step by step (in double precision).
enum ONNXFeatures {
  /// Adds the graph input of `encoder`'s column and its features; returns the names of
  /// `[N, k]` double tensors, in feature order.
  static func add(
    _ encoder: FeaturePipeline.Encoder, inputType: Signature.ValueType, to graph: inout ONNXGraph
  ) -> [String] {
    switch encoder {
    case .numeric(let numeric):
      let elementType: ONNXGraph.ElementType =
        switch inputType {
        case .long: .int64
        case .boolean: .bool
        default: .float
        }
      graph.inputs.append(ONNXGraph.Value(name: numeric.column, type: elementType))
      let value = graph.node(
        "Cast", [numeric.column], attributes: [.int("to", ONNXGraph.ElementType.double.rawValue)])
      // A missing number arrives as NaN and takes the training median, as in `encode`.
      let isMissing = graph.node("IsNaN", [value])
      let imputed = graph.node(
        "Where", [isMissing, graph.scalar("median", numeric.median), value])
      var columns = [
        standardise(imputed, mean: numeric.mean, scale: numeric.scale, graph: &graph)
      ]
      if numeric.indicator {
        let flag = graph.node(
          "Cast", [isMissing], attributes: [.int("to", ONNXGraph.ElementType.double.rawValue)])
        columns.append(
          standardise(
            flag, mean: numeric.indicatorMean, scale: numeric.indicatorScale, graph: &graph))
      }
      return columns
    case .categorical(let categorical):
      graph.inputs.append(ONNXGraph.Value(name: categorical.column, type: .string))
      guard categorical.width > 0 else { return [] }
      let columns = categorical.categories.count
      let infrequentSlot = categorical.infrequent ? Int64(columns) : -1
      let missingSlot = categorical.missing ? Int64(columns + (categorical.infrequent ? 1 : 0)) : -1
      var keys = categorical.categories
      var values = (0..<columns).map { Int64($0) }
      // The empty string is a missing value unless it is a training category.
      if !keys.contains("") {
        keys.append("")
        values.append(missingSlot)
      }
      let slot = graph.node(
        "LabelEncoder", [categorical.column], domain: "ai.onnx.ml",
        attributes: [
          .strings("keys_strings", keys), .ints("values_int64s", values),
          .int("default_int64", infrequentSlot),
        ])
      let slotColumn = graph.node("Unsqueeze", [slot, graph.axes()])
      let range = graph.constant(
        "slots", dims: [1, Int64(categorical.width)],
        .int64s((0..<categorical.width).map { Int64($0) }))
      let hot = graph.node("Equal", [slotColumn, range])
      return [
        graph.node("Cast", [hot], attributes: [.int("to", ONNXGraph.ElementType.double.rawValue)])
      ]
    case .text(let text):
      // Refused by `ONNXExporter.problems`; the input is still declared for the contract.
      graph.inputs.append(ONNXGraph.Value(name: text.column, type: .string))
      return []
    }
  }

  /// `(value − mean) / scale` as an `[N, 1]` tensor.
  private static func standardise(
    _ value: String, mean: Double, scale: Double, graph: inout ONNXGraph
  ) -> String {
    let centred = graph.node("Sub", [value, graph.scalar("mean", mean)])
    let scaled = graph.node("Div", [centred, graph.scalar("scale", scale)])
    return graph.node("Unsqueeze", [scaled, graph.axes()])
  }

  /// Adds the linear model, the link function and the named outputs.
  static func addOutputs(_ model: TrainedModel, features: [String], to graph: inout ONNXGraph) {
    let width = model.pipeline.width
    let outputs = model.coefficients.count
    let matrix =
      features.count == 1
      ? features[0] : graph.node("Concat", features, attributes: [.int("axis", 1)])
    // Coefficients transposed to [width, outputs] for X·W.
    var weights: [Double] = []
    weights.reserveCapacity(width * outputs)
    for feature in 0..<width {
      for output in 0..<outputs { weights.append(model.coefficients[output][feature]) }
    }
    let w = graph.constant("coefficients", dims: [Int64(width), Int64(outputs)], .doubles(weights))
    let b = graph.constant("intercepts", dims: [Int64(outputs)], .doubles(model.intercepts))
    let linear = graph.node("Add", [graph.node("MatMul", [matrix, w]), b])
    addLink(model, linear: linear, to: &graph)
  }

  /// Adds the link function of `model` to its `[N, outputs]` double raw scores `linear`, and
  /// the named outputs.
  static func addLink(_ model: TrainedModel, linear: String, to graph: inout ONNXGraph) {
    let toFloat = ONNXGraph.Attribute.int("to", ONNXGraph.ElementType.float.rawValue)
    switch model.task {
    case .regression:
      let value = graph.node("Squeeze", [linear, graph.axes()])
      graph.node("Cast", [value], attributes: [toFloat], output: "prediction")
      graph.outputs.append(ONNXGraph.Value(name: "prediction", type: .float))
      return
    case .binary:
      // Each side from its own sigmoid, as `TrainedModel.scores`; the label is classes[1]
      // when its probability is above 0.5, as `predict` without --threshold.
      let z = graph.node("Squeeze", [linear, graph.axes()])
      let positive = graph.node("Sigmoid", [z])
      let negative = graph.node("Sigmoid", [graph.node("Neg", [z])])
      let above = graph.node("Greater", [positive, graph.scalar("threshold", 0.5)])
      let index = graph.node(
        "Cast", [above], attributes: [.int("to", ONNXGraph.ElementType.int64.rawValue)])
      addLabel(model, index: index, to: &graph)
      for (label, probability) in zip(model.classes, [negative, positive]) {
        addProbability(label, probability, cast: toFloat, to: &graph)
      }
    case .multiclass:
      let probabilities = graph.node("Softmax", [linear], attributes: [.int("axis", 1)])
      // ArgMax keeps the first of equal maxima, as `predict` does.
      let index = graph.node(
        "ArgMax", [probabilities], attributes: [.int("axis", 1), .int("keepdims", 0)])
      addLabel(model, index: index, to: &graph)
      for (position, label) in model.classes.enumerated() {
        let which = graph.constant("class", dims: [], .int64s([Int64(position)]))
        let column = graph.node("Gather", [probabilities, which], attributes: [.int("axis", 1)])
        addProbability(label, column, cast: toFloat, to: &graph)
      }
    }
  }

  private static func addLabel(_ model: TrainedModel, index: String, to graph: inout ONNXGraph) {
    let names = graph.constant(
      "classes", dims: [Int64(model.classes.count)], .strings(model.classes))
    graph.node("Gather", [names, index], attributes: [.int("axis", 0)], output: "label")
    graph.outputs.append(ONNXGraph.Value(name: "label", type: .string))
  }

  private static func addProbability(
    _ label: String, _ value: String, cast: ONNXGraph.Attribute, to graph: inout ONNXGraph
  ) {
    let name = "proba_\(label)"
    graph.node("Cast", [value], attributes: [cast], output: name)
    graph.outputs.append(ONNXGraph.Value(name: name, type: .float))
  }
}
