import SluiceCore
import SluiceLearn
import XCTest

@testable import SluiceBundle

/// The exported ModelProto decoded field by field (onnx.proto numbering), without Python:
/// header, opsets, the graph's interface, a well-formed node list, determinism, refusals.
final class ONNXExportTests: XCTestCase {
  typealias Reader = ONNXProtobufReader

  /// A decoded model: header fields and the graph's fields.
  private func decode(_ bytes: [UInt8]) throws -> (
    model: [(number: Int, value: Reader.Value)], graph: [(number: Int, value: Reader.Value)]
  ) {
    let model = try Reader.fields(bytes)
    let graphs = Reader.all(model, 7)
    XCTAssertEqual(graphs.count, 1)
    return (model, try Reader.fields(graphs.first ?? []))
  }

  /// (name, element type, dimension parameter) of each ValueInfoProto.
  private func interface(_ values: [[UInt8]]) throws -> [(String, Int64, String)] {
    try values.map { bytes in
      let info = try Reader.fields(bytes)
      let tensor = try Reader.fields(Reader.all(try Reader.fields(Reader.all(info, 2)[0]), 1)[0])
      let shape = try Reader.fields(Reader.all(tensor, 2)[0])
      let dims = try Reader.all(shape, 1).map { try Reader.fields($0) }
      XCTAssertEqual(dims.count, 1, "rank-1 [N]")
      return (
        Reader.strings(info, 1)[0], Reader.int(tensor, 1) ?? -1,
        dims.first.map { Reader.strings($0, 2).first ?? "" } ?? ""
      )
    }
  }

  func testHeaderNamesIRVersionProducerAndOpsets() throws {
    let export = try ONNXExporter.export(try ONNXCases.model("multiclass"))
    let (model, graph) = try decode(export.bytes)
    XCTAssertEqual(Reader.int(model, 1), 8)
    XCTAssertEqual(Reader.strings(model, 2), ["sluice"])
    XCTAssertEqual(Reader.strings(model, 3), [sluiceVersion])
    let opsets = try Reader.all(model, 8).map { bytes -> String in
      let entry = try Reader.fields(bytes)
      return "\(Reader.strings(entry, 1).first ?? ""):\(Reader.int(entry, 2) ?? -1)"
    }
    XCTAssertEqual(opsets, [":17", "ai.onnx.ml:3"])
    XCTAssertEqual(Reader.strings(graph, 2), ["sluice_multiclass"])
    let metadata = try Reader.all(model, 14).map { try Reader.strings(Reader.fields($0), 1) }
    XCTAssertEqual(metadata, [["sluice.onnx_contract"], ["sluice.target"], ["sluice.task"]])
  }

  func testGraphInterfaceFollowsTheSignature() throws {
    let model = try ONNXCases.model("binary")
    let signature = Signature.make(model: model, schema: ONNXCases.schema("binary"))
    let (_, graph) = try decode(try ONNXExporter.export(model, signature: signature).bytes)
    let inputs = try interface(Reader.all(graph, 11))
    XCTAssertEqual(inputs.map(\.0), signature.inputs.map(\.name))
    // string 8, float 1, int64 7, bool 9 (year and late are never missing in the schema).
    XCTAssertEqual(inputs.map(\.1), [8, 8, 1, 1, 1, 1, 7, 9])
    XCTAssertEqual(Set(inputs.map(\.2)), ["N"])
    let outputs = try interface(Reader.all(graph, 12))
    XCTAssertEqual(outputs.map(\.0), ["label", "proba_female", "proba_male"])
    XCTAssertEqual(outputs.map(\.1), [8, 1, 1])
  }

  func testNodesOnlyUseDefinedValuesAndKnownOperators() throws {
    let known: Set<String> = [
      "Cast", "IsNaN", "Where", "Sub", "Div", "Unsqueeze", "Squeeze", "LabelEncoder", "Equal",
      "Concat", "MatMul", "Add", "Sigmoid", "Neg", "Greater", "Softmax", "ArgMax", "Gather",
    ]
    var checked = 0
    for name in ONNXCases.names {
      let (_, graph) = try decode(try ONNXExporter.export(try ONNXCases.model(name)).bytes)
      var defined = Set(try interface(Reader.all(graph, 11)).map(\.0))
      var initializers = 0
      for tensor in try Reader.all(graph, 5).map({ try Reader.fields($0) }) {
        XCTAssertTrue(defined.insert(Reader.strings(tensor, 8)[0]).inserted, "unique names")
        initializers += 1
      }
      var used = Set<String>()
      for node in try Reader.all(graph, 1).map({ try Reader.fields($0) }) {
        let op = Reader.strings(node, 4).first ?? ""
        XCTAssertTrue(known.contains(op), "\(name): operator \(op)")
        XCTAssertEqual(Reader.strings(node, 7), op == "LabelEncoder" ? ["ai.onnx.ml"] : [])
        for input in Reader.strings(node, 1) {
          XCTAssertTrue(defined.contains(input), "\(name): \(op) reads undefined '\(input)'")
          used.insert(input)
        }
        for output in Reader.strings(node, 2) {
          XCTAssertTrue(defined.insert(output).inserted, "\(name): '\(output)' defined twice")
        }
      }
      for output in try interface(Reader.all(graph, 12)) {
        XCTAssertTrue(defined.contains(output.0), "\(name): output \(output.0) never computed")
      }
      let unused = try Reader.all(graph, 5).map { try Reader.strings(Reader.fields($0), 8)[0] }
        .filter { !used.contains($0) }
      XCTAssertEqual(unused, [], "\(name): initializers nothing reads")
      XCTAssertGreaterThan(initializers, 0)
      checked += 1
    }
    XCTAssertEqual(checked, 4, "every ONNX case")
  }

  func testCoefficientsAreStoredExactly() throws {
    let model = try ONNXCases.model("multiclass")
    let (_, graph) = try decode(try ONNXExporter.export(model).bytes)
    let tensors = try Reader.all(graph, 5).map { try Reader.fields($0) }
    let weights = try XCTUnwrap(
      tensors.first { Reader.strings($0, 8)[0].hasSuffix(":coefficients") })
    XCTAssertEqual(
      try Reader.packedInts(Reader.all(weights, 1)[0]),
      [Int64(model.pipeline.width), Int64(model.classes.count)])
    XCTAssertEqual(Reader.int(weights, 2), 11, "double")
    let values = Reader.packedDoubles(Reader.all(weights, 10)[0])
    // Stored transposed: [feature][class].
    XCTAssertEqual(values[1], model.coefficients[1][0])
    XCTAssertEqual(values[model.classes.count], model.coefficients[0][1])
    XCTAssertEqual(values.count, model.pipeline.width * model.classes.count)
  }

  func testExportIsDeterministicAndSurvivesTheModelFile() throws {
    var checked = 0
    for name in ONNXCases.names {
      let model = try ONNXCases.model(name)
      let first = try ONNXExporter.export(model).bytes
      XCTAssertEqual(first, try ONNXExporter.export(model).bytes)
      let reread = try ModelCodec.decode(
        try JSONParser.parse(CanonicalJSON.encode(ModelCodec.encode(model)), file: "model.json"),
        file: "model.json")
      XCTAssertEqual(first, try ONNXExporter.export(reread).bytes, name)
      checked += 1
    }
    XCTAssertEqual(checked, 4, "every ONNX case")
  }

  func testTextModelsAreRefusedWithAReason() throws {
    let document = try JSONParser.parse(
      """
      {"sluice_model_version": 1, "task": "binary", "target": "y", "classes": ["a", "b"],
       "model": {"kind": "logistic", "coefficients": [[0.5, 0, 1, 0, 0, 0, 0, 0, -1]],
                 "intercepts": [0.1], "features": []},
       "pipeline": [
         {"kind": "numeric", "column": "x", "median": 1, "mean": 1, "scale": 2,
          "indicator": false},
         {"kind": "text", "column": "review", "hashing": {"n_features": 8}}]}
      """, file: "model.json")
    let export = try ONNXExporter.export(try ModelCodec.decode(document, file: "model.json"))
    XCTAssertFalse(export.isAvailable)
    XCTAssertEqual(export.bytes, [])
    XCTAssertEqual(export.unsupported.count, 1)
    XCTAssertTrue(export.unsupported[0].hasPrefix("text column 'review'"), export.unsupported[0])
  }

  func testAColumnNamedLikeAnOutputIsRefused() throws {
    var model = try ONNXCases.model("regression")
    guard case .numeric(var numeric) = model.pipeline.encoders[3] else {
      return XCTFail("expected a numeric encoder")
    }
    numeric.column = "prediction"
    model.pipeline.encoders[3] = .numeric(numeric)
    let export = try ONNXExporter.export(model)
    XCTAssertEqual(
      export.unsupported,
      ["column 'prediction' has the name of a model output; ONNX needs distinct names"])
  }

  func testInconsistentModelsThrow() throws {
    var model = try ONNXCases.model("regression")
    model.coefficients[0].removeLast()
    XCTAssertThrowsError(try ONNXExporter.export(model))
  }

  func testProtobufWriterEncodesTheWireFormat() {
    var writer = ProtobufWriter()
    writer.int(1, 300)
    writer.int(2, -1)
    writer.string(3, "é")
    writer.packedInts(4, [1, 150])
    writer.packedDoubles(5, [1.0])
    writer.float(6, 1.0)
    writer.packedInts(7, [])
    XCTAssertEqual(
      writer.bytes,
      [0x08, 0xAC, 0x02]
        + [0x10] + [UInt8](repeating: 0xFF, count: 9) + [0x01]
        + [0x1A, 0x02, 0xC3, 0xA9]
        + [0x22, 0x03, 0x01, 0x96, 0x01]
        + [0x2A, 0x08, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F]
        + [0x35, 0, 0, 0x80, 0x3F])
  }
}
