import Foundation
import SluiceCore

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// MLflow's REST API (mlflow/protos/service.proto, model_registry.proto and the artifact
/// proxy `/api/2.0/mlflow-artifacts/artifacts/...`), one blocking call at a time, with the
/// retry policy applied to each call and the deadline to all of them together.
///
/// Every failure is `CoreError.io` naming the URL (never the credentials) and the status or
/// the reason there was none (exit 74): a 4xx at once, anything else after the retries.
public final class MLflowClient: @unchecked Sendable {
  /// The server.
  public let server: MLflowServer
  /// The retry and time limits.
  public let policy: RetryPolicy
  private let transport: any HTTPSending
  private let start = Date()
  /// Called before each retry with a line for standard error.
  public var onRetry: (@Sendable (String) -> Void)?

  /// A client of `server`.
  public init(server: MLflowServer, policy: RetryPolicy) {
    self.server = server
    self.policy = policy
    transport = Self.transport(server: server, policy: policy)
  }

  /// URLSession, unless a custom CA bundle must verify an HTTPS server on Linux, where only
  /// libcurl itself can take one (see CurlTransport).
  private static func transport(server: MLflowServer, policy: RetryPolicy) -> any HTTPSending {
    #if os(Linux)
      if let bundle = server.caBundle, server.baseURL.hasPrefix("https:"),
        let curl = CurlTransport(caBundle: bundle)
      {
        return curl
      }
    #endif
    return HTTPTransport(timeout: policy.timeout)
  }

  /// A REST call: `GET` with `query`, or `POST`/`PATCH` with `body`; returns the JSON answer.
  @discardableResult
  public func call(
    _ method: String, _ endpoint: String, query: [(String, String)] = [], body: JSONValue? = nil
  ) throws(CoreError) -> JSONValue {
    var url = server.baseURL + "/api/2.0/mlflow/" + endpoint
    if !query.isEmpty {
      url +=
        "?"
        + query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }
        .joined(separator: "&")
    }
    let bytes = body.map { Array(CanonicalJSON.encode($0).utf8) }
    let answer = try send(method, url: url, body: bytes, contentType: "application/json")
    if answer.isEmpty { return .object([:]) }
    do {
      return try JSONParser.parse(answer, file: url)
    } catch {
      throw .io(path: url, reason: "the answer is not JSON: \(server.redact(error.message))")
    }
  }

  /// The error code of a failed call's answer (e.g. RESOURCE_DOES_NOT_EXIST), if the call
  /// failed with a 4xx whose body is MLflow's error JSON; thrown errors carry it in text.
  public func callAllowing(
    _ codes: Set<String>, _ method: String, _ endpoint: String, query: [(String, String)] = [],
    body: JSONValue? = nil
  ) throws(CoreError) -> JSONValue? {
    do {
      return try call(method, endpoint, query: query, body: body)
    } catch {
      if case .io(_, let reason) = error, codes.contains(where: { reason.contains($0) }) {
        return nil
      }
      throw error
    }
  }

  /// Uploads bytes through the artifact proxy to `path` (under mlflow-artifacts:/).
  public func upload(_ bytes: [UInt8], to path: String) throws(CoreError) {
    let url = server.baseURL + "/api/2.0/mlflow-artifacts/artifacts/" + Self.encodePath(path)
    try send("PUT", url: url, body: bytes, contentType: "application/octet-stream")
  }

  /// Downloads an artifact through the artifact proxy.
  public func download(_ path: String) throws(CoreError) -> [UInt8] {
    let url = server.baseURL + "/api/2.0/mlflow-artifacts/artifacts/" + Self.encodePath(path)
    return try send("GET", url: url, body: nil, contentType: nil)
  }

  /// Sends bytes to a signed cloud-storage URL (Databricks' artifact credentials), with the
  /// headers the credential names. The signed URL is itself the credential: the workspace
  /// token is not sent with it, and messages show the URL without its query (the signature).
  public func sendSigned(
    _ method: String, url signedURL: String, body: [UInt8], headers: [(String, String)]
  ) throws(CoreError) {
    let shown = String(signedURL.prefix { $0 != "?" })
    try send(
      method, url: signedURL, body: body, contentType: nil, authorize: false, headers: headers,
      shown: shown)
  }

  /// Sends one request with retries; returns the body of a 2xx answer. `shown` stands for
  /// the URL in messages when the URL itself carries a secret.
  @discardableResult
  private func send(
    _ method: String, url: String, body: [UInt8]?, contentType: String?, authorize: Bool = true,
    headers: [(String, String)] = [], shown: String? = nil
  ) throws(CoreError) -> [UInt8] {
    let place = shown ?? url
    // A transport's reason may quote the URL: never with a signed URL's signature.
    let query = url.drop { $0 != "?" }
    let hide: (String) -> String = { text in
      shown == nil || query.isEmpty ? text : text.replacingOccurrences(of: query, with: "?…")
    }
    guard let target = URL(string: url) else {
      throw .io(path: place, reason: "not a valid URL")
    }
    var request = URLRequest(url: target)
    request.httpMethod = method
    if let body { request.httpBody = Data(body) }
    if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    request.setValue("sluice/\(sluiceVersion)", forHTTPHeaderField: "User-Agent")
    if authorize, let authorization = server.authorization {
      request.setValue(authorization, forHTTPHeaderField: "Authorization")
    }
    let display = "\(method) \(place)"
    var attempt = 0
    while true {
      attempt += 1
      let remaining = policy.deadline - Date().timeIntervalSince(start)
      guard remaining > 0 else {
        throw .io(
          path: place, reason: "gave up: MLflow requests took over \(seconds(policy.deadline))")
      }
      let outcome = transport.send(request, timeout: min(policy.timeout, remaining))
      let problem: String
      switch outcome {
      case .answered(let status, let answer) where (200..<300).contains(status):
        return answer
      case .answered(let status, let answer):
        let detail = hide(describe(status: status, body: answer))
        if status != 429 && status < 500 {
          throw .io(path: place, reason: "MLflow \(method) failed: \(detail) (not retried)")
        }
        problem = detail
      case .unreachable(let reason, _, let final):
        problem = hide(server.redact(reason))
        if final {
          throw .io(path: place, reason: "MLflow \(method) failed: \(problem) (not retried)")
        }
      }
      let tries = Plural.count(attempt, "attempt")
      guard attempt <= policy.retries else {
        throw .io(path: place, reason: "MLflow \(method) failed: \(problem), after \(tries)")
      }
      let wait = policy.wait(beforeRetry: attempt)
      let left = policy.deadline - Date().timeIntervalSince(start)
      guard wait < left else {
        throw .io(
          path: place,
          reason: "MLflow \(method) failed: \(problem), after \(tries) (deadline of"
            + " \(seconds(policy.deadline)) reached)")
      }
      onRetry?("\(display): \(problem); retry \(attempt) of \(policy.retries) in \(seconds(wait))")
      if wait > 0 { Thread.sleep(forTimeInterval: wait) }
    }
  }

  private func seconds(_ value: Double) -> String { NumberText.short(value, digits: 6) + " s" }

  /// `HTTP 404 (RESOURCE_DOES_NOT_EXIST: message)`, from MLflow's error JSON when it is one.
  private func describe(status: Int, body: [UInt8]) -> String {
    let reason = HTTPURLResponse.localizedString(forStatusCode: status)
    var text = "HTTP \(status)" + (reason.isEmpty ? "" : " \(reason)")
    if let document = try? JSONParser.parse(body, file: "answer"),
      let code = document["error_code"]?.stringValue
    {
      let message = document["message"]?.stringValue ?? ""
      text += ": \(code)" + (message.isEmpty ? "" : " \(String(message.prefix(300)))")
    }
    return server.redact(Diagnostic.escapeControls(text))
  }

  /// Percent-encodes a query component.
  static func encode(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }

  /// Percent-encodes a path, keeping its slashes.
  static func encodePath(_ path: String) -> String {
    path.split(separator: "/", omittingEmptySubsequences: true).map { encode(String($0)) }
      .joined(separator: "/")
  }
}
