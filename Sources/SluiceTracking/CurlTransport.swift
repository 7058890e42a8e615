import Foundation
import SluiceCore

#if os(Linux)
  import FoundationNetworking
  import Glibc

  /// Requests through the system's libcurl (the library FoundationNetworking itself loads),
  /// used on Linux only when a custom CA bundle is set: URLSession there has no way to take
  /// one (swift-corelibs-foundation sets CURLOPT_CAINFO on Android only), and the tracking
  /// server's certificate must be checked against it, as MLflow's client does.
  ///
  /// libcurl is opened at run time, so Sluice keeps no link-time dependency beyond Foundation.
  /// `curl_easy_setopt` and `curl_easy_getinfo` are variadic: they are called through
  /// fixed prototypes with integer and pointer arguments, which the Linux calling
  /// conventions (x86-64 System V, AArch64 AAPCS) pass exactly as the variadic call would.
  final class CurlTransport: HTTPSending, @unchecked Sendable {
    private typealias Init = @convention(c) () -> OpaquePointer?
    private typealias Cleanup = @convention(c) (OpaquePointer?) -> Void
    private typealias SetPointer =
      @convention(c) (OpaquePointer?, Int32, UnsafeRawPointer?) ->
      Int32
    private typealias SetLong = @convention(c) (OpaquePointer?, Int32, Int) -> Int32
    private typealias Perform = @convention(c) (OpaquePointer?) -> Int32
    private typealias GetLong =
      @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<Int>)
      -> Int32
    private typealias StrError = @convention(c) (Int32) -> UnsafePointer<CChar>?
    private typealias SlistAppend =
      @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) ->
      OpaquePointer?
    private typealias SlistFree = @convention(c) (OpaquePointer?) -> Void
    typealias Write =
      @convention(c) (UnsafeMutableRawPointer?, Int, Int, UnsafeMutableRawPointer?)
      -> Int

    private let initHandle: Init
    private let cleanup: Cleanup
    private let setPointer: SetPointer
    private let setLong: SetLong
    private let perform: Perform
    private let getLong: GetLong
    private let strerror: StrError
    private let slistAppend: SlistAppend
    private let slistFree: SlistFree
    private let caBundle: String

    // Option and info numbers of curl.h (stable across libcurl 7 and 8).
    private let optURL: Int32 = 10002
    private let optWriteData: Int32 = 10001
    private let optWriteFunction: Int32 = 20011
    private let optHTTPHeader: Int32 = 10023
    private let optPostFields: Int32 = 10015
    private let optPostFieldSize: Int32 = 60
    private let optCustomRequest: Int32 = 10036
    private let optCAInfo: Int32 = 10065
    private let optTimeoutMS: Int32 = 155
    private let optConnectTimeoutMS: Int32 = 156
    private let optNoSignal: Int32 = 99
    private let optHTTPGet: Int32 = 80
    private let infoResponseCode: Int32 = 0x20_0002
    private let codeTimedOut: Int32 = 28
    private let codeCertificate: Set<Int32> = [35, 51, 53, 58, 59, 60, 66, 77, 80, 82, 83, 90, 91]

    /// Opens libcurl; nil when it cannot be found.
    init?(caBundle: String) {
      guard let library = dlopen("libcurl.so.4", RTLD_NOW) ?? dlopen("libcurl.so", RTLD_NOW)
      else { return nil }
      func symbol<T>(_ name: String, _: T.Type) -> T? {
        dlsym(library, name).map { unsafeBitCast($0, to: T.self) }
      }
      guard let initHandle = symbol("curl_easy_init", Init.self),
        let cleanup = symbol("curl_easy_cleanup", Cleanup.self),
        let setPointer = symbol("curl_easy_setopt", SetPointer.self),
        let setLong = symbol("curl_easy_setopt", SetLong.self),
        let perform = symbol("curl_easy_perform", Perform.self),
        let getLong = symbol("curl_easy_getinfo", GetLong.self),
        let strerror = symbol("curl_easy_strerror", StrError.self),
        let slistAppend = symbol("curl_slist_append", SlistAppend.self),
        let slistFree = symbol("curl_slist_free_all", SlistFree.self)
      else { return nil }
      self.initHandle = initHandle
      self.cleanup = cleanup
      self.setPointer = setPointer
      self.setLong = setLong
      self.perform = perform
      self.getLong = getLong
      self.strerror = strerror
      self.slistAppend = slistAppend
      self.slistFree = slistFree
      self.caBundle = caBundle
    }

    /// Sends `request`, waiting at most `timeout` seconds.
    func send(_ request: URLRequest, timeout: Double) -> HTTPOutcome {
      guard let handle = initHandle() else {
        return .unreachable(reason: "libcurl could not start a request", timedOut: false)
      }
      defer { cleanup(handle) }
      let sink = Sink()
      let context = Unmanaged.passUnretained(sink).toOpaque()
      var headers: OpaquePointer? = nil
      defer { slistFree(headers) }
      for (name, value) in request.allHTTPHeaderFields ?? [:] {
        headers = slistAppend(headers, "\(name): \(value)")
      }
      headers = slistAppend(headers, "Expect:")
      let method = request.httpMethod ?? "GET"
      let body = [UInt8](request.httpBody ?? Data())
      let milliseconds = Int(timeout * 1000)
      let write: Write = { data, size, count, context in
        guard let data, let context else { return 0 }
        let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
        sink.bytes.append(
          contentsOf: UnsafeRawBufferPointer(start: data, count: size * count))
        return size * count
      }
      let code: Int32 = (request.url?.absoluteString ?? "").withCString { url in
        caBundle.withCString { ca in
          method.withCString { verb in
            body.withUnsafeBytes { bytes in
              _ = setPointer(handle, optURL, url)
              _ = setPointer(handle, optCAInfo, ca)
              _ = setLong(handle, optNoSignal, 1)
              _ = setLong(handle, optTimeoutMS, milliseconds)
              _ = setLong(handle, optConnectTimeoutMS, milliseconds)
              _ = setPointer(handle, optHTTPHeader, UnsafeRawPointer(headers))
              _ = setPointer(handle, optWriteData, context)
              _ = setPointer(
                handle, optWriteFunction, unsafeBitCast(write, to: UnsafeRawPointer.self))
              if method == "GET" {
                _ = setLong(handle, optHTTPGet, 1)
              } else {
                _ = setLong(handle, optPostFieldSize, bytes.count)
                _ = setPointer(handle, optPostFields, bytes.baseAddress ?? UnsafeRawPointer(ca))
                _ = setPointer(handle, optCustomRequest, verb)
              }
              return perform(handle)
            }
          }
        }
      }
      guard code == 0 else {
        let reason = strerror(code).map { String(cString: $0) } ?? "libcurl error \(code)"
        if code == codeTimedOut {
          return .unreachable(
            reason: "no answer within \(NumberText.short(timeout, digits: 6)) s", timedOut: true)
        }
        return .unreachable(
          reason: reason, timedOut: false, final: codeCertificate.contains(code))
      }
      var status = 0
      _ = getLong(handle, infoResponseCode, &status)
      return .answered(status: status, body: sink.bytes)
    }
  }

  /// The answer's bytes, filled by libcurl's write callback.
  private final class Sink {
    var bytes: [UInt8] = []
  }
#endif
