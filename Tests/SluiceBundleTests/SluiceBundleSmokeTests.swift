import XCTest

@testable import SluiceBundle

final class SluiceBundleSmokeTests: XCTestCase {
  func testModuleLinks() {
    XCTAssertEqual(String(describing: SluiceBundle.self), "SluiceBundle")
  }
}
