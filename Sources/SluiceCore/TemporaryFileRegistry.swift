#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process-wide set of temporary files to remove if the process is interrupted.
///
/// Paths live in a fixed table of C strings so that the SIGINT/SIGTERM/SIGHUP handler can
/// remove them using only `unlink` (async-signal-safe). Strings are never freed: a handler
/// running on another thread must never read freed memory, and a process registers few.
enum TemporaryFileRegistry {
  /// The number of temporary files that can be registered at once.
  static let capacity = 256

  /// The slots; a nil entry is free. Written only under `lock`, read by the signal handler.
  nonisolated(unsafe) static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
    let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
    slots.initialize(repeating: nil, count: capacity)
    return slots
  }()

  private static let lock = Lock()
  nonisolated(unsafe) private static var handlersInstalled = false

  /// Registers `path`; returns its slot, or nil when the table is full (no cleanup then).
  static func register(_ path: String) -> Int? {
    let table = slots
    installHandlersOnce()
    return lock.withLock { () -> Int? in
      guard let slot = (0..<capacity).first(where: { table[$0] == nil }),
        let copy = strdup(path)
      else { return nil }
      table[slot] = copy
      return slot
    }
  }

  /// Removes the slot from the table (the file itself is not touched).
  static func unregister(_ slot: Int) {
    let table = slots
    lock.withLock { table[slot] = nil }
  }

  /// Unlinks every registered path. Async-signal-safe: no locks, no allocation.
  static func unlinkAll() {
    let table = slots
    for slot in 0..<capacity {
      if let path = table[slot] { unlink(path) }
    }
  }

  /// Non-zero while a signal's action is deferred (`withSignalsDeferred`).
  nonisolated(unsafe) static var deferring: Int32 = 0
  /// The signal that arrived while deferred (0 when none); acted on when the deferral ends.
  nonisolated(unsafe) static var pendingSignal: Int32 = 0

  /// Runs `body` with the action of SIGINT, SIGTERM and SIGHUP (on any thread) put off until
  /// it returns, then takes it: a short critical step, such as renaming a set of finished
  /// files into place, completes (or rolls back) instead of stopping halfway.
  static func withSignalsDeferred<T>(_ body: () throws(CoreError) -> T) throws(CoreError) -> T {
    installHandlersOnce()
    deferring = 1
    defer {
      deferring = 0
      let signalNumber = pendingSignal
      if signalNumber != 0 {
        unlinkAll()
        signal(signalNumber, SIG_DFL)
        raise(signalNumber)
      }
    }
    return try body()
  }

  /// Installs the handlers if no temporary file has done so yet.
  private static func installHandlersOnce() {
    lock.withLock {
      if !handlersInstalled {
        handlersInstalled = true
        installHandlers()
      }
    }
  }

  /// Runs `body` with SIGINT, SIGTERM and SIGHUP blocked on the calling thread.
  static func withSignalsBlocked<T>(_ body: () -> T) -> T {
    var blocked = sigset_t()
    var previous = sigset_t()
    sigemptyset(&blocked)
    for signal in handledSignals { sigaddset(&blocked, signal) }
    pthread_sigmask(SIG_BLOCK, &blocked, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    return body()
  }

  private static let handledSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  /// Installs the cleanup handler for each signal not already ignored.
  private static func installHandlers() {
    for signalNumber in handledSignals {
      let previous = signal(signalNumber, cleanupHandler)
      if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
        signal(signalNumber, SIG_IGN)
      }
    }
  }
}

/// Removes registered temporary files, then re-raises the signal with its default action;
/// during `withSignalsDeferred` only records the signal.
private let cleanupHandler: @convention(c) (Int32) -> Void = { signalNumber in
  if TemporaryFileRegistry.deferring != 0 {
    TemporaryFileRegistry.pendingSignal = signalNumber
    return
  }
  TemporaryFileRegistry.unlinkAll()
  signal(signalNumber, SIG_DFL)
  raise(signalNumber)
}
