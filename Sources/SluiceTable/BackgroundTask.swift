import SluiceCore

/// A computation started on its own thread now and collected later, so a serial step (such
/// as hashing the input file) overlaps with other work.
public final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
  private let lock = Lock()
  private var result: Result<Value, any Error>?
  private var thread: WorkerThread?

  /// Starts `body` on a new thread (or runs it right away when no thread can be made).
  public init(_ body: @escaping @Sendable () throws -> Value) {
    thread = WorkerThread { [self] in
      let outcome = Result { try body() }
      lock.withLock { result = outcome }
    }
    if thread == nil { result = Result { try body() } }
  }

  /// Waits for the result; rethrows the body's error.
  public func value() throws -> Value {
    thread?.join()
    thread = nil
    let outcome = lock.withLock { result }
    guard let outcome else { throw BackgroundTaskError() }
    return try outcome.get()
  }
}

/// The background thread ended without a result (it cannot, but no force-unwrap is used).
struct BackgroundTaskError: Error {}
