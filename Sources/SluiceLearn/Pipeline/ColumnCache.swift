#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Parsed columns of one frame, kept between fitting the pipeline and building the design so
/// each column's numbers are parsed, and its categories coded, once.
final class ColumnCache: @unchecked Sendable {
  private var numbers: [Int: [Double?]] = [:]
  private var codes: [Int: CategoryCodes] = [:]
  private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

  init() { pthread_mutex_init(lock, nil) }

  deinit {
    pthread_mutex_destroy(lock)
    lock.deallocate()
  }

  private func locked<T>(_ body: () -> T) -> T {
    pthread_mutex_lock(lock)
    defer { pthread_mutex_unlock(lock) }
    return body()
  }

  /// Column `index`'s numbers, parsed by `parse` the first time.
  func numbers(_ index: Int, parse: () throws -> [Double?]) rethrows -> [Double?] {
    if let cached = locked({ numbers[index] }) { return cached }
    let parsed = try parse()
    locked { numbers[index] = parsed }
    return parsed
  }

  /// Column `index`'s category codes, made by `make` the first time.
  func codes(_ index: Int, make: () -> CategoryCodes) -> CategoryCodes {
    if let cached = locked({ codes[index] }) { return cached }
    let made = make()
    locked { codes[index] = made }
    return made
  }
}
