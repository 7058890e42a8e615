import Foundation
import SluiceTable
import XCTest

@testable import SluiceBundle

/// Data against a signature: types, presence and nullability; unknown categories pass.
final class SignatureCheckTests: XCTestCase {
  func frame(_ text: String) throws -> Frame {
    let directory = try BundleTestSupport.makeDirectory(self)
    try text.write(toFile: directory + "/d.csv", atomically: true, encoding: .utf8)
    return try Frame.read(TableReader(path: directory + "/d.csv"))
  }

  let signature = Signature(
    inputs: [
      .init(name: "n", type: .long, nullable: false),
      .init(name: "b", type: .boolean, nullable: true),
      .init(name: "x", type: .double, nullable: true),
      .init(name: "c", type: .string, nullable: true, categories: ["a"]),
    ], outputs: [])

  func testValidDataWithUnknownCategoriesPasses() throws {
    let data = try frame("n,b,x,c,extra\n1,true,1.5,a,q\n2,0,true,never-seen,q\n3,,NA,,q\n")
    XCTAssertEqual(SignatureCheck.violations(frame: data, signature: signature), [])
  }

  func testEachViolationIsNamed() throws {
    let data = try frame("n,b,x\n1.5,yes,1e400\nNA,true,2\n7,maybe,x\n")
    XCTAssertEqual(
      SignatureCheck.violations(frame: data, signature: signature).map {
        "\($0.column): \($0.message)"
      },
      [
        "n: 1 value is not an integer (first '1.5' on line 2)",
        "n: 1 value is missing, but the column is not nullable (first on line 3)",
        "b: 2 values are not booleans (first 'yes' on line 2)",
        "x: 2 values are not finite numbers (first '1e400' on line 2)",
        "c: missing column (string)",
      ])
  }
}
