import Foundation
import SluiceCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where an MLflow tracking server is and how to authenticate to it, read as MLflow's own
/// Python client reads it (`MLFLOW_TRACKING_URI`, `MLFLOW_TRACKING_TOKEN`,
/// `MLFLOW_TRACKING_USERNAME`/`_PASSWORD`, `databricks` with `DATABRICKS_HOST`/`_TOKEN`).
///
/// The credentials live only in `authorization`; `displayURL` and every message built from
/// this value leave them out, and `redact` scrubs them from text a server sends back.
public struct MLflowServer: Sendable {
  /// The server's base URL (no credentials, no trailing slash), e.g. `http://host:5000`.
  public var baseURL: String
  /// The `Authorization` header value, if any (never printed).
  var authorization: String?
  /// The secrets to scrub from any text shown to the user.
  var secrets: [String]
  /// Whether this is a Databricks workspace (run URLs have another shape there).
  public var isDatabricks: Bool
  /// A CA bundle that verifies the server's certificate instead of the system's trust store
  /// (MLFLOW_TRACKING_SERVER_CERT_PATH, else REQUESTS_CA_BUNDLE, else CURL_CA_BUNDLE: the
  /// order MLflow's client and requests read them in).
  public var caBundle: String?

  /// Reads the server from a tracking URI and the environment; nil URI means no tracking.
  public init(uri: String, environment: [String: String]) throws(CoreError) {
    var uri = uri.trimmingCharacters(in: .whitespaces)
    var authorization: String?
    var secrets: [String] = []
    isDatabricks = false
    if uri == "databricks" || uri.hasPrefix("databricks://") {
      let profile = uri == "databricks" ? nil : String(uri.dropFirst("databricks://".count))
      let (host, token) = try Self.databricks(profile: profile, environment: environment)
      uri = host.hasPrefix("http") ? host : "https://" + host
      authorization = "Bearer " + token
      secrets.append(token)
      isDatabricks = true
    }
    guard let components = URLComponents(string: uri),
      let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
      let host = components.host, !host.isEmpty
    else {
      throw .usage(
        "invalid MLflow tracking URI '\(Self.strip(uri))': expected http(s)://HOST[:PORT] of a"
          + " tracking server (mlflow server) or 'databricks'; local stores (a path, file:,"
          + " sqlite:) are not reachable over the REST API")
    }
    var base = components
    // Credentials in the URI (http://user:pass@host) are basic auth, as requests reads them.
    if let user = components.user {
      let password = components.password ?? ""
      authorization =
        authorization
        ?? Self.basic(
          user.removingPercentEncoding ?? user,
          password.removingPercentEncoding ?? password)
      secrets += [user, password].filter { !$0.isEmpty }
    }
    base.user = nil
    base.password = nil
    base.query = nil
    base.fragment = nil
    var text = base.string ?? uri
    while text.hasSuffix("/") { text.removeLast() }
    baseURL = text
    if let token = environment["MLFLOW_TRACKING_TOKEN"], !token.isEmpty {
      authorization = "Bearer " + token
      secrets.append(token)
    } else if let user = environment["MLFLOW_TRACKING_USERNAME"], !user.isEmpty {
      let password = environment["MLFLOW_TRACKING_PASSWORD"] ?? ""
      authorization = Self.basic(user, password)
      secrets.append(password)
    }
    if let authorization { secrets.append(authorization) }
    caBundle = ["MLFLOW_TRACKING_SERVER_CERT_PATH", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"]
      .lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
    if let caBundle, access(caBundle, R_OK) != 0 {
      throw .missingInput(path: caBundle, reason: "the CA bundle cannot be read")
    }
    self.authorization = authorization
    self.secrets = secrets.filter { $0.count >= 3 }
  }

  /// `text` with every credential replaced by `***`.
  public func redact(_ text: String) -> String {
    var result = text
    for secret in secrets.sorted(by: { $0.count > $1.count }) {
      result = result.replacingOccurrences(of: secret, with: "***")
    }
    return result
  }

  /// The web UI's page of a run.
  public func runURL(experimentID: String, runID: String) -> String {
    isDatabricks
      ? "\(baseURL)/#mlflow/experiments/\(experimentID)/runs/\(runID)"
      : "\(baseURL)/#/experiments/\(experimentID)/runs/\(runID)"
  }

  static func basic(_ user: String, _ password: String) -> String {
    "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
  }

  /// A URI without user information, for messages.
  static func strip(_ uri: String) -> String {
    guard var components = URLComponents(string: uri), components.user != nil else { return uri }
    components.user = nil
    components.password = nil
    return components.string ?? "<uri>"
  }

  /// A Databricks workspace as MLflow's client finds it: DATABRICKS_HOST and DATABRICKS_TOKEN,
  /// else the profile (DEFAULT unless named) in ~/.databrickscfg (DATABRICKS_CONFIG_FILE).
  static func databricks(profile: String?, environment: [String: String]) throws(CoreError)
    -> (host: String, token: String)
  {
    if profile == nil, let host = environment["DATABRICKS_HOST"], !host.isEmpty,
      let token = environment["DATABRICKS_TOKEN"], !token.isEmpty
    {
      return (host, token)
    }
    let home = environment["HOME"] ?? NSHomeDirectory()
    let path = environment["DATABRICKS_CONFIG_FILE"] ?? home + "/.databrickscfg"
    let section = profile ?? "DEFAULT"
    var current = ""
    var values: [String: String] = [:]
    if let text = try? String(contentsOfFile: path, encoding: .utf8) {
      for raw in text.split(whereSeparator: \.isNewline) {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if line.hasPrefix("[") && line.hasSuffix("]") {
          current = String(line.dropFirst().dropLast())
        } else if current == section, let equals = line.firstIndex(of: "=") {
          let key = line[..<equals].trimmingCharacters(in: .whitespaces)
          values[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
      }
    }
    guard let host = values["host"] ?? environment["DATABRICKS_HOST"],
      let token = values["token"] ?? environment["DATABRICKS_TOKEN"]
    else {
      throw .usage(
        "the tracking URI 'databricks' needs DATABRICKS_HOST and DATABRICKS_TOKEN, or host and"
          + " token in profile [\(section)] of \(path)")
    }
    return (host, token)
  }
}
