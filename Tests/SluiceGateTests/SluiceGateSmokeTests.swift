import XCTest

@testable import SluiceGate

final class SluiceGateSmokeTests: XCTestCase {
  func testModuleLinks() {
    XCTAssertEqual(String(describing: SluiceGate.self), "SluiceGate")
  }
}
