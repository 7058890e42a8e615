import XCTest

@testable import SluiceBundle

/// config.pbtxt text (the Python check against Triton's schema is in ONNXRuntimeTests).
final class TritonConfigTests: XCTestCase {
  func testRendersTheModelRepositoryConfig() {
    let signature = Signature(
      inputs: [
        Signature.Column(name: "x", type: .double, nullable: true),
        Signature.Column(name: "n", type: .long, nullable: false),
        Signature.Column(name: "c", type: .string, nullable: true, categories: ["a"]),
        Signature.Column(name: "b", type: .boolean, nullable: false),
      ],
      outputs: [
        Signature.Column(name: "label", type: .string, nullable: false),
        Signature.Column(name: "proba_a", type: .float, nullable: false),
      ])
    XCTAssertEqual(
      TritonConfig.render(name: "penguins", signature: signature),
      """
      name: "penguins"
      platform: "onnxruntime_onnx"
      max_batch_size: 0
      input [
        {
          name: "x"
          data_type: TYPE_FP32
          dims: [ -1 ]
        },
        {
          name: "n"
          data_type: TYPE_INT64
          dims: [ -1 ]
        },
        {
          name: "c"
          data_type: TYPE_STRING
          dims: [ -1 ]
        },
        {
          name: "b"
          data_type: TYPE_BOOL
          dims: [ -1 ]
        }
      ]
      output [
        {
          name: "label"
          data_type: TYPE_STRING
          dims: [ -1 ]
        },
        {
          name: "proba_a"
          data_type: TYPE_FP32
          dims: [ -1 ]
        }
      ]

      """)
  }

  func testNamesAreEscapedForTheTextFormat() {
    XCTAssertEqual(TritonConfig.quoted(#"a "b" \c"#), #""a \"b\" \\c""#)
    XCTAssertEqual(TritonConfig.quoted("sex'"), #""sex\'""#)
    XCTAssertEqual(TritonConfig.quoted("île"), #""\303\256le""#)
    XCTAssertEqual(TritonConfig.quoted("a\nb"), #""a\012b""#)
  }
}
