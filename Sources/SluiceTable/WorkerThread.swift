#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Starts a detached-by-join POSIX thread running `body`.
final class WorkerThread: @unchecked Sendable {
  private var handle: pthread_t
  private final class Box {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
  }

  init?(_ body: @escaping @Sendable () -> Void) {
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    #if canImport(Glibc)
      var thread = pthread_t()
    #else
      var thread: pthread_t? = nil
    #endif
    let status = pthread_create(
      &thread, nil,
      { raw in
        #if canImport(Glibc)
          guard let raw else { return nil }
        #endif
        let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
        box.body()
        return nil
      }, box)
    if status != 0 {
      Unmanaged<Box>.fromOpaque(box).release()
      return nil
    }
    #if canImport(Glibc)
      handle = thread
    #else
      guard let thread else { return nil }
      handle = thread
    #endif
  }

  /// Waits for the thread to finish.
  func join() { pthread_join(handle, nil) }
}
