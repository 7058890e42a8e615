import XCTest

@testable import SluiceTable

final class BackgroundTaskTests: XCTestCase {
  struct Failure: Error, Equatable {}

  func testReturnsTheValue() throws {
    let task = BackgroundTask { (1...1000).reduce(0, +) }
    XCTAssertEqual(try task.value(), 500_500)
    XCTAssertEqual(try task.value(), 500_500, "a second wait returns the same value")
  }

  func testRethrowsTheError() {
    let task = BackgroundTask { () throws -> Int in throw Failure() }
    XCTAssertThrowsError(try task.value()) { XCTAssertEqual($0 as? Failure, Failure()) }
  }
}
