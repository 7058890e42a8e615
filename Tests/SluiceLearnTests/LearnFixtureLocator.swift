import Foundation

/// Locates the committed golden fixtures of this test target.
enum LearnFixtureLocator {
  /// The `Fixtures` directory bundled with the tests.
  static var directory: URL {
    Bundle.module.url(forResource: "Fixtures", withExtension: nil)
      ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")
  }

  /// The URL of fixture `name`.
  static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
}
