import SluiceCore
import XCTest

@testable import SluiceBundle

/// The MLflow directory's files (MLflow itself loads them in ONNXRuntimeTests).
final class MLflowModelTests: XCTestCase {
  let signature = Signature(
    inputs: [
      Signature.Column(name: "bill", type: .double, nullable: true),
      Signature.Column(name: "year", type: .long, nullable: false),
      Signature.Column(name: "île 'x'", type: .string, nullable: true, categories: ["a"]),
    ],
    outputs: [Signature.Column(name: "prediction", type: .float, nullable: false)])

  func testFilesAreSortedAndDeterministic() throws {
    let rows: [[String: JSONValue]] = [["bill": .double(1.5), "year": .int(2007), "île 'x'": "a"]]
    let files = MLflowModel.files(
      signature: signature, schema: nil, inputExample: rows, scorer: .onnx([1, 2, 3]))
    XCTAssertEqual(
      files.map(\.path),
      [
        "MLmodel", "code/sluice_pyfunc.py", "conda.yaml", "input_example.json", "model.onnx",
        "python_env.yaml", "requirements.txt", "serving_input_example.json",
      ])
    XCTAssertEqual(files[4].bytes, [1, 2, 3])
    let again = MLflowModel.files(
      signature: signature, schema: nil, inputExample: rows, scorer: .onnx([1, 2, 3]))
    XCTAssertEqual(files.map(\.bytes), again.map(\.bytes))
    var text = files.map { String(decoding: $0.bytes, as: UTF8.self) }
    text.remove(at: 1)
    XCTAssertFalse(
      text[0].contains("uuid") || text[0].contains("utc_time") || text[0].contains("run_id"))
    let pins = MLflowModel.testedWith.filter {
      $0.package != "scikit-learn" && $0.package != "scipy"
    }
    XCTAssertEqual(text[5], pins.map { "\($0.package)==\($0.version)\n" }.joined())
    XCTAssertEqual(
      text[2],
      """
      {
        "columns": [
          "bill",
          "year",
          "île 'x'"
        ],
        "data": [
          [
            1.5,
            2007,
            "a"
          ]
        ]
      }

      """)
    XCTAssertTrue(text[6].hasPrefix("{\n  \"dataframe_split\": {\n    \"columns\": ["), text[6])
  }

  func testSignatureIsWrittenAsMLflowWritesIt() {
    let mlmodel = MLflowModel.mlmodel(signature: signature, schema: nil, scorer: .onnx([1]))
    XCTAssertTrue(
      mlmodel.contains(
        #"  inputs: '[{"type": "double", "name": "bill", "required": false}, {"type": "long", "name": "year", "required": true}, {"type": "string", "name": "\u00eele ''x''", "required": false}]'"#
      ), mlmodel)
    XCTAssertTrue(
      mlmodel.contains(
        #"  outputs: '[{"type": "float", "name": "prediction", "required": true}]'"#), mlmodel)
    XCTAssertTrue(mlmodel.contains("    loader_module: sluice_pyfunc\n    python_version"))
    XCTAssertTrue(mlmodel.contains("    - CPUExecutionProvider\n"))
    XCTAssertTrue(mlmodel.contains("  sluice_tested_with:\n    mlflow: '"), mlmodel)
    let native = MLflowModel.mlmodel(signature: signature, schema: nil, scorer: .native([1]))
    XCTAssertFalse(native.contains("onnx"), native)
    XCTAssertTrue(native.contains("    data: model.json\n"), native)
    let outputs = #"  outputs: '[{"type": "double", "name": "prediction", "required": true}]'"#
    XCTAssertTrue(native.contains(outputs), native)
  }

  func testPythonJSONStringsEscapeLikeJSONDumps() {
    XCTAssertEqual(MLflowModel.pythonJSONString("a\"b\\c"), #""a\"b\\c""#)
    XCTAssertEqual(MLflowModel.pythonJSONString("é😀"), #""\u00e9\ud83d\ude00""#)
    XCTAssertEqual(MLflowModel.pythonJSONString("\t\u{1}"), #""\t\u0001""#)
    XCTAssertEqual(MLflowModel.yamlQuoted("it's"), "'it''s'")
  }

  func testExampleRowsFollowTheSignatureTypes() throws {
    let frame = try ONNXCases.scoring("binary")
    let model = try ONNXCases.model("binary")
    let signature = Signature.make(model: model, schema: ONNXCases.schema("binary"))
    let rows = MLflowModel.exampleRows(frame: frame, signature: signature)
    XCTAssertEqual(rows.count, frame.rows)
    XCTAssertEqual(rows[0]["island"], "Torgersen")
    XCTAssertEqual(rows[0]["bill_length_mm"], .double(39.1))
    XCTAssertEqual(rows[0]["year"], .int(2007))
    XCTAssertNil(rows[0]["sex"], "the target is not an input")
    XCTAssertEqual(rows[16]["island"], "", "a missing string is the empty string")
    XCTAssertEqual(rows[17]["bill_length_mm"], .null, "a missing number is null")
  }
}
