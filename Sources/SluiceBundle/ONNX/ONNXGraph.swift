/// An ONNX graph under construction: nodes, constant initializers and the named graph inputs
/// and outputs, encoded by `encodeModel` as an ONNX `ModelProto` (onnx/onnx.proto).
struct ONNXGraph {
  /// ONNX tensor element types (`TensorProto.DataType`).
  enum ElementType: Int64 {
    case float = 1
    case int64 = 7
    case string = 8
    case bool = 9
    case double = 11
  }

  /// A constant tensor.
  struct Tensor {
    enum Values {
      case doubles([Double])
      case int64s([Int64])
      case strings([String])
    }
    var name: String
    var dims: [Int64]
    var values: Values
  }

  /// A node attribute (`AttributeProto`).
  enum Attribute {
    case int(String, Int64)
    case ints(String, [Int64])
    case strings(String, [String])
    case floats(String, [Float])
    case string(String, String)
  }

  struct Node {
    var op: String
    var domain: String
    var inputs: [String]
    var outputs: [String]
    var attributes: [Attribute]
  }

  /// A graph input or output: a rank-1 tensor `[N]`.
  struct Value {
    var name: String
    var type: ElementType
  }

  /// Internal value names start with this; no graph input may.
  static let internalPrefix = "sluice::"

  var nodes: [Node] = []
  var initializers: [Tensor] = []
  var inputs: [Value] = []
  var outputs: [Value] = []
  private var counter = 0
  private var axisOne: String?

  /// A fresh internal value name.
  mutating func fresh(_ hint: String) -> String {
    counter += 1
    return "\(Self.internalPrefix)\(counter):\(hint)"
  }

  /// Adds a constant and returns its name.
  mutating func constant(_ hint: String, dims: [Int64], _ values: Tensor.Values) -> String {
    let name = fresh(hint)
    initializers.append(Tensor(name: name, dims: dims, values: values))
    return name
  }

  /// The shared `[1]` int64 constant `[1]`: the axes of every Unsqueeze and Squeeze.
  mutating func axes() -> String {
    if let axisOne { return axisOne }
    let name = constant("axes", dims: [1], .int64s([1]))
    axisOne = name
    return name
  }

  /// A double scalar constant.
  mutating func scalar(_ hint: String, _ value: Double) -> String {
    constant(hint, dims: [], .doubles([value]))
  }

  /// Adds a one-output node and returns the output's name (`output` when given).
  @discardableResult
  mutating func node(
    _ op: String, _ inputs: [String], domain: String = "", attributes: [Attribute] = [],
    output: String? = nil
  ) -> String {
    let name = output ?? fresh(op)
    nodes.append(
      Node(op: op, domain: domain, inputs: inputs, outputs: [name], attributes: attributes))
    return name
  }

  /// The `ModelProto` bytes of this graph.
  func encodeModel(
    irVersion: Int64, opsets: [(domain: String, version: Int64)], producer: String,
    producerVersion: String, graphName: String, metadata: [(String, String)]
  ) -> [UInt8] {
    var model = ProtobufWriter()
    model.int(1, irVersion)
    model.string(2, producer)
    model.string(3, producerVersion)
    model.message(7) { graph in
      for node in nodes { graph.message(1) { Self.encode(node, into: &$0) } }
      graph.string(2, graphName)
      for tensor in initializers { graph.message(5) { Self.encode(tensor, into: &$0) } }
      for value in inputs { graph.message(11) { Self.encode(value, into: &$0) } }
      for value in outputs { graph.message(12) { Self.encode(value, into: &$0) } }
    }
    for opset in opsets {
      model.message(8) { entry in
        entry.string(1, opset.domain)
        entry.int(2, opset.version)
      }
    }
    for (key, value) in metadata {
      model.message(14) { entry in
        entry.string(1, key)
        entry.string(2, value)
      }
    }
    return model.bytes
  }

  private static func encode(_ node: Node, into writer: inout ProtobufWriter) {
    for input in node.inputs { writer.string(1, input) }
    for output in node.outputs { writer.string(2, output) }
    writer.string(4, node.op)
    for attribute in node.attributes { writer.message(5) { encode(attribute, into: &$0) } }
    if !node.domain.isEmpty { writer.string(7, node.domain) }
  }

  /// `AttributeProto`: name 1, i 3, s 4, floats 7, ints 8, strings 9, type 20.
  private static func encode(_ attribute: Attribute, into writer: inout ProtobufWriter) {
    switch attribute {
    case .int(let name, let value):
      writer.string(1, name)
      writer.int(3, value)
      writer.int(20, 2)
    case .ints(let name, let values):
      writer.string(1, name)
      writer.packedInts(8, values)
      writer.int(20, 7)
    case .strings(let name, let values):
      writer.string(1, name)
      for value in values { writer.string(9, value) }
      writer.int(20, 8)
    case .floats(let name, let values):
      writer.string(1, name)
      writer.packedFloats(7, values)
      writer.int(20, 6)
    case .string(let name, let value):
      writer.string(1, name)
      writer.string(4, value)
      writer.int(20, 3)
    }
  }

  /// `TensorProto`: dims 1, data_type 2, string_data 6, int64_data 7, name 8, double_data 10.
  private static func encode(_ tensor: Tensor, into writer: inout ProtobufWriter) {
    writer.packedInts(1, tensor.dims)
    switch tensor.values {
    case .doubles(let values):
      writer.int(2, ElementType.double.rawValue)
      writer.packedDoubles(10, values)
    case .int64s(let values):
      writer.int(2, ElementType.int64.rawValue)
      writer.packedInts(7, values)
    case .strings(let values):
      writer.int(2, ElementType.string.rawValue)
      for value in values { writer.string(6, value) }
    }
    writer.string(8, tensor.name)
  }

  /// `ValueInfoProto` of a `[N]` tensor: name 1, type 2 → tensor_type 1 → elem_type 1,
  /// shape 2 → dim 1 → dim_param 2.
  private static func encode(_ value: Value, into writer: inout ProtobufWriter) {
    writer.string(1, value.name)
    writer.message(2) { type in
      type.message(1) { tensor in
        tensor.int(1, value.type.rawValue)
        tensor.message(2) { shape in
          shape.message(1) { dimension in dimension.string(2, "N") }
        }
      }
    }
  }
}
