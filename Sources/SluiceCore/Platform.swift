#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one mutex of Sluice: a `pthread_mutex_t` with a condition variable, so the same type
/// serves plain critical sections (`withLock`) and waiting for another thread (`wait` and
/// `broadcast`, as in the table reader's thread pool). Foundation's `NSLock` is avoided: the
/// libraries use Foundation sparingly and this is identical on every platform.
public final class Lock: @unchecked Sendable {
  @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>
  private let condition: UnsafeMutablePointer<pthread_cond_t>

  /// Creates an unlocked lock.
  public init() {
    mutex = .allocate(capacity: 1)
    mutex.initialize(to: pthread_mutex_t())
    pthread_mutex_init(mutex, nil)
    condition = .allocate(capacity: 1)
    condition.initialize(to: pthread_cond_t())
    pthread_cond_init(condition, nil)
  }

  deinit {
    pthread_cond_destroy(condition)
    condition.deinitialize(count: 1)
    condition.deallocate()
    pthread_mutex_destroy(mutex)
    mutex.deinitialize(count: 1)
    mutex.deallocate()
  }

  /// Runs `body` while holding the lock (inlinable: callers in other modules take it per job).
  @inlinable
  public func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body()
  }

  /// Releases the lock until another thread calls `broadcast()`, then takes it again; call
  /// only inside `withLock`, in a loop that re-checks the awaited condition (wake-ups may be
  /// spurious).
  public func wait() { pthread_cond_wait(condition, mutex) }

  /// Wakes every thread waiting in `wait()`.
  public func broadcast() { pthread_cond_broadcast(condition) }
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
