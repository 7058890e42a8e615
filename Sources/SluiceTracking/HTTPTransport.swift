import Dispatch
import Foundation
import SluiceCore

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// One HTTP exchange's outcome.
enum HTTPOutcome: Sendable {
  /// The server answered (any status).
  case answered(status: Int, body: [UInt8])
  /// No answer: refused, unreachable, reset, TLS failure or timeout; `final` when trying
  /// again cannot help (the server's certificate is not trusted).
  case unreachable(reason: String, timedOut: Bool, final: Bool = false)
}

/// A way to send one HTTP request and wait a bounded time for its answer.
protocol HTTPSending: Sendable {
  func send(_ request: URLRequest, timeout: Double) -> HTTPOutcome
}

/// Blocking HTTP requests over URLSession (libcurl on Linux: TLS, and the http_proxy,
/// https_proxy and no_proxy variables, as curl reads them).
///
/// URLSession rather than sockets because a plain socket client could not speak TLS without
/// a library beyond Foundation; each request is bounded twice, by URLSession's timeout and
/// by a wait on the answer that cancels the task, so no server can make a tool hang.
final class HTTPTransport: HTTPSending, @unchecked Sendable {
  private let session: URLSession

  init(timeout: Double) {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    configuration.timeoutIntervalForResource = timeout
    configuration.urlCache = nil
    configuration.httpCookieStorage = nil
    configuration.httpShouldSetCookies = false
    session = URLSession(configuration: configuration)
  }

  deinit { session.invalidateAndCancel() }

  /// Sends `request` and waits at most `timeout` seconds (plus a second's grace) for it.
  func send(_ request: URLRequest, timeout: Double) -> HTTPOutcome {
    let box = OutcomeBox()
    let done = DispatchSemaphore(value: 0)
    var request = request
    request.timeoutInterval = timeout
    let task = session.dataTask(with: request) { data, response, error in
      if let response = response as? HTTPURLResponse, error == nil {
        box.set(.answered(status: response.statusCode, body: data.map { [UInt8]($0) } ?? []))
      } else {
        let nsError = error.map { $0 as NSError }
        let timedOut = nsError?.code == NSURLErrorTimedOut
        let reason =
          timedOut
          ? "no answer within \(NumberText.short(timeout, digits: 6)) s"
          : nsError?.localizedDescription ?? "no HTTP response"
        // -1200 ... -1206: TLS and certificate failures, the same on every attempt.
        let tls = nsError.map { (-1206 ... -1200).contains($0.code) } ?? false
        box.set(.unreachable(reason: reason, timedOut: timedOut, final: tls))
      }
      done.signal()
    }
    task.resume()
    if done.wait(timeout: .now() + timeout + 1) == .timedOut {
      task.cancel()
      return .unreachable(
        reason: "no answer within \(NumberText.short(timeout, digits: 6)) s", timedOut: true)
    }
    return box.get() ?? .unreachable(reason: "no HTTP response", timedOut: false)
  }
}

/// The completion handler's result, handed between threads.
private final class OutcomeBox: @unchecked Sendable {
  private let lock = Lock()
  private var outcome: HTTPOutcome?

  func set(_ value: HTTPOutcome) {
    lock.withLock { outcome = value }
  }

  func get() -> HTTPOutcome? {
    lock.withLock { outcome }
  }
}
