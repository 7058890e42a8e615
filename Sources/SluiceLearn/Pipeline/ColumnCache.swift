import SluiceCore

/// Parsed columns of one frame, kept between fitting the pipeline and building the design so
/// each column's numbers are parsed, and its categories coded, once.
///
/// Numbers are kept with NaN for a missing value (`FeaturePipeline.numbersOrNaN`): a
/// `[Double?]` takes 16 bytes a value, and on a wide table these columns are as large as the
/// design.
final class ColumnCache: @unchecked Sendable {
  private var numbers: [Int: [Double]] = [:]
  private var codes: [Int: CategoryCodes] = [:]
  private let lock = Lock()

  /// Forgets every column, freeing their memory once the design is built (on a wide table
  /// the parsed numbers alone are as large as the design).
  func removeAll() {
    lock.withLock {
      numbers = [:]
      codes = [:]
    }
  }

  /// Column `index`'s numbers (NaN when missing), parsed by `parse` the first time.
  func numbers(_ index: Int, parse: () throws -> [Double]) rethrows -> [Double] {
    if let cached = lock.withLock({ numbers[index] }) { return cached }
    let parsed = try parse()
    lock.withLock { numbers[index] = parsed }
    return parsed
  }

  /// Column `index`'s numbers, removed from the cache so the caller holds the only copy (and
  /// can rewrite it in place); nil when not cached.
  func takeNumbers(_ index: Int) -> [Double]? {
    lock.withLock { numbers.removeValue(forKey: index) }
  }

  /// Column `index`'s category codes, made by `make` the first time.
  func codes(_ index: Int, make: () -> CategoryCodes) -> CategoryCodes {
    if let cached = lock.withLock({ codes[index] }) { return cached }
    let made = make()
    lock.withLock { codes[index] = made }
    return made
  }
}
