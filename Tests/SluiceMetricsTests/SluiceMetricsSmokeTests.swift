import XCTest

@testable import SluiceMetrics

final class SluiceMetricsSmokeTests: XCTestCase {
  func testModuleLinks() {
    XCTAssertEqual(String(describing: SluiceMetrics.self), "SluiceMetrics")
  }
}
