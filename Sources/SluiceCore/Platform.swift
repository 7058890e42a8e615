#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A minimal mutual-exclusion lock built on `pthread_mutex_t`.
final class Lock: @unchecked Sendable {
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>

  init() {
    mutex = .allocate(capacity: 1)
    mutex.initialize(to: pthread_mutex_t())
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deinitialize(count: 1)
    mutex.deallocate()
  }

  /// Runs `body` while holding the lock.
  func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body()
  }
}

/// Describes an `errno` value as a short lower-case phrase, e.g. "no such file or directory".
public func systemErrorDescription(_ code: Int32) -> String {
  let text = String(cString: strerror(code))
  guard let first = text.first, text.dropFirst().first?.isLowercase ?? false else { return text }
  return first.lowercased() + text.dropFirst()
}

/// Returns the current `errno` of the calling thread.
func currentErrno() -> Int32 {
  errno
}
