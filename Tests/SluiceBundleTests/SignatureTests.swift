import SluiceCore
import SluiceData
import SluiceLearn
import XCTest

@testable import SluiceBundle

/// signature.json: inputs from the model's pipeline, types and nullability from the schema,
/// MLflow's rule that an integer column with missing values is `double`.
final class SignatureTests: XCTestCase {
  func testWithoutASchemaNumbersAreDoublesAndEverythingMayBeMissing() throws {
    let model = try ONNXCases.model("multiclass")
    let signature = Signature.make(model: model, schema: nil)
    XCTAssertEqual(
      signature.inputs.map { "\($0.name):\($0.type.rawValue):\($0.nullable)" },
      [
        "island:string:true", "bill_length_mm:double:true", "bill_depth_mm:double:true",
        "flipper_length_mm:double:true", "body_mass_g:double:true", "sex:string:true",
      ])
    XCTAssertEqual(signature.inputs[0].categories, ["Biscoe", "Dream", "Torgersen"])
    XCTAssertEqual(signature.inputs[5].categories, ["female", "male"])
    XCTAssertNil(signature.inputs[1].categories)
    XCTAssertEqual(
      signature.outputs.map { "\($0.name):\($0.type.rawValue)" },
      ["label:string", "proba_Adelie:float", "proba_Chinstrap:float", "proba_Gentoo:float"])
  }

  func testSchemaTypesNullabilityAndValues() throws {
    let model = try ONNXCases.model("regression")
    var flipper = ColumnSchema(
      name: "flipper_length_mm", type: .integer, role: .numeric, nullable: false)
    flipper.maximum = .integer(300)
    let depth = ColumnSchema(name: "bill_depth_mm", type: .integer, role: .numeric, nullable: true)
    let length = ColumnSchema(
      name: "bill_length_mm", type: .boolean, role: .numeric, nullable: false)
    var sex = ColumnSchema(name: "sex", type: .string, role: .categorical, nullable: false)
    sex.values = ["female", "male", "unknown"]
    let signature = Signature.make(
      model: model, schema: Schema(columns: [flipper, depth, length, sex]))
    let byName = Dictionary(uniqueKeysWithValues: signature.inputs.map { ($0.name, $0) })
    XCTAssertEqual(byName["flipper_length_mm"]?.type, .long)
    XCTAssertEqual(byName["flipper_length_mm"]?.nullable, false)
    // MLflow reads an integer column with missing values as float64: `double`.
    XCTAssertEqual(byName["bill_depth_mm"]?.type, .double)
    XCTAssertEqual(byName["bill_length_mm"]?.type, .boolean)
    XCTAssertEqual(byName["sex"]?.categories, ["female", "male", "unknown"])
    XCTAssertEqual(byName["sex"]?.nullable, false)
    XCTAssertEqual(byName["species"]?.nullable, true)
    XCTAssertEqual(
      signature.outputs, [Signature.Column(name: "prediction", type: .float, nullable: false)])
  }

  func testJSONIsCanonicalAndReadsBack() throws {
    let signature = Signature(
      inputs: [
        Signature.Column(name: "x", type: .long, nullable: false),
        Signature.Column(name: "c", type: .string, nullable: true, categories: ["a", "b"]),
      ],
      outputs: [Signature.Column(name: "prediction", type: .float, nullable: false)])
    XCTAssertEqual(
      CanonicalJSON.encode(signature.json),
      """
      {
        "inputs": [
          {
            "name": "x",
            "nullable": false,
            "type": "long"
          },
          {
            "categories": [
              "a",
              "b"
            ],
            "name": "c",
            "nullable": true,
            "type": "string"
          }
        ],
        "outputs": [
          {
            "name": "prediction",
            "nullable": false,
            "type": "float"
          }
        ],
        "signature_version": 1
      }

      """)
    XCTAssertEqual(try Signature(json: signature.json, file: "signature.json"), signature)
  }

  func testUnreadableSignaturesAreNamed() {
    let cases: [(String, String)] = [
      (#"{"inputs": [], "outputs": []}"#, "not a signature"),
      (
        #"{"signature_version": 2, "inputs": [], "outputs": []}"#,
        "format version 2 is newer than Sluice"
      ),
      (
        #"{"signature_version": 1, "inputs": [{"name": "x", "type": "int"}], "outputs": []}"#,
        "needs a name and a type"
      ),
      (#"{"signature_version": 1, "inputs": {}, "outputs": []}"#, "\"inputs\" is not a list"),
    ]
    for (text, message) in cases {
      XCTAssertThrowsError(
        try Signature(json: JSONParser.parse(text, file: "s.json"), file: "s.json")
      ) { error in
        let text = (error as? CoreError)?.message ?? "\(error)"
        XCTAssertTrue(text.contains(message), text)
        XCTAssertTrue(text.hasPrefix("s.json: "), text)
        XCTAssertEqual((error as? CoreError)?.exitCode, .dataError)
      }
    }
  }
}
