import XCTest

@testable import SluiceLearn

/// The message of the `LearnError` that `body` throws (asserting its exit code is 65), nil when
/// it throws nothing, or a description of any other error.
func learnErrorMessage(
  _ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line
) -> String? {
  do {
    _ = try body()
    return nil
  } catch let error as LearnError {
    XCTAssertEqual(error.exitCode, .dataError, file: file, line: line)
    return error.message
  } catch {
    return "unexpected \(error)"
  }
}
