import SluiceCore
import SluiceLearn

/// The result of exporting a model to ONNX.
public struct ONNXExport: Sendable {
  /// The `model.onnx` bytes; empty when the model cannot be exported (see `unsupported`).
  public var bytes: [UInt8]
  /// What the ONNX graph cannot express, one sentence each; when not empty no ONNX model is
  /// written (a model that predicted differently from the native one would be worse than none).
  public var unsupported: [String]

  /// Whether there is an ONNX model to write.
  public var isAvailable: Bool { !bytes.isEmpty }

  /// Creates an export result.
  public init(bytes: [UInt8], unsupported: [String]) {
    self.bytes = bytes
    self.unsupported = unsupported
  }
}

/// An error that makes an ONNX export impossible: the model itself is inconsistent (exit 65,
/// as any bad model file).
public struct ONNXExportError: DiagnosticError, CustomStringConvertible, Sendable {
  /// What is wrong.
  public var message: String
  /// No file position: the model as a whole is at fault.
  public var location: SourceLocation? { nil }
  /// A bad model file.
  public var exitCode: ExitCode { .dataError }
  /// The message.
  public var description: String { message }
}

/// Exports a Sluice model, preprocessing included, as an ONNX model under the contract of
/// docs/formats.md ("ONNX contract"): one rank-1 input per source column, named outputs.
public enum ONNXExporter {
  /// The ONNX IR version written (with opset 17: ONNX 1.12 and later).
  public static let irVersion: Int64 = 8
  /// The default-domain opset.
  public static let opset: Int64 = 17
  /// The `ai.onnx.ml` opset (for `LabelEncoder` and `TreeEnsembleRegressor`).
  public static let mlOpset: Int64 = 3

  /// Exports `model`; input types follow `signature` (by default the model's own, see
  /// `Signature.make`): `long` columns are int64 inputs, `boolean` bool, other numbers float.
  public static func export(_ model: TrainedModel, signature: Signature? = nil) throws
    -> ONNXExport
  {
    let signature = signature ?? Signature.make(model: model, schema: nil)
    let width = model.pipeline.width
    let outputs = model.task == .multiclass ? model.classes.count : 1
    // A tree model has no coefficients; its ensemble has one raw output per output.
    let consistent =
      model.ensemble.map { $0.outputs == outputs }
      ?? (model.coefficients.count == outputs && model.intercepts.count == outputs
        && model.coefficients.allSatisfy({ $0.count == width }))
    guard width > 0, consistent else {
      throw ONNXExportError(
        message: "the model's coefficients do not match its \(width) features and task")
    }
    let classes =
      model.task == .binary ? 2...2 : (model.task == .multiclass ? 2...Int.max : 0...Int.max)
    guard classes.contains(model.classes.count) else {
      throw ONNXExportError(
        message: "a \(model.task.rawValue) model cannot have \(model.classes.count) classes")
    }
    let unsupported = problems(model, signature: signature)
    guard unsupported.isEmpty else { return ONNXExport(bytes: [], unsupported: unsupported) }
    var graph = ONNXGraph()
    if let ensemble = model.ensemble {
      let linear = ONNXTrees.add(ensemble, model: model, signature: signature, to: &graph)
      ONNXFeatures.addLink(model, linear: linear, to: &graph)
    } else {
      var features: [String] = []
      for encoder in model.pipeline.encoders {
        let type = signature.input(named: encoder.column)?.type ?? .double
        features += ONNXFeatures.add(encoder, inputType: type, to: &graph)
      }
      ONNXFeatures.addOutputs(model, features: features, to: &graph)
    }
    let bytes = graph.encodeModel(
      irVersion: irVersion, opsets: [("", opset), ("ai.onnx.ml", mlOpset)], producer: "sluice",
      producerVersion: sluiceVersion, graphName: "sluice_\(model.task.rawValue)",
      metadata: [
        ("sluice.onnx_contract", "1"), ("sluice.target", model.target),
        ("sluice.task", model.task.rawValue),
      ])
    return ONNXExport(bytes: bytes, unsupported: [])
  }

  /// Why `model` cannot be exported faithfully, one sentence each (empty: it can).
  static func problems(_ model: TrainedModel, signature: Signature) -> [String] {
    var problems: [String] = []
    let outputNames = Set(Signature.outputs(model).map(\.name))
    for encoder in model.pipeline.encoders {
      let column = encoder.column
      if case .text = encoder {
        problems.append(
          "text column '\(column)': hashed n-gram features (tokeniser and MurmurHash3) are not "
            + "expressible in standard ONNX operators; no ONNX model is exported")
      }
      if outputNames.contains(column) {
        problems.append(
          "column '\(column)' has the name of a model output; ONNX needs distinct names")
      }
      if column.hasPrefix(ONNXGraph.internalPrefix) {
        problems.append(
          "column '\(column)' starts with '\(ONNXGraph.internalPrefix)', reserved for the graph")
      }
      if case .categorical(let categorical) = encoder, categorical.categories.contains(""),
        categorical.missing
      {
        problems.append(
          "categorical column '\(column)' has the empty string as a category and missing values; "
            + "ONNX inputs spell a missing string as the empty string")
      }
    }
    return problems
  }
}
