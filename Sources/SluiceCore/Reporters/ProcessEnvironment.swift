#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process's environment variables, for code that takes the environment as a parameter
/// (so tests can pass their own) without importing Foundation.
public enum ProcessEnvironment {
  /// Every `NAME=value` entry of the process environment; a repeated name keeps its first
  /// value, as `getenv` does.
  public static var current: [String: String] {
    var result: [String: String] = [:]
    #if canImport(Darwin)
      let entries: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = NSGetEnviron().pointee
    #else
      let entries: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
    #endif
    guard var entry = entries else { return result }
    while let pointer = entry.pointee {
      let text = String(cString: pointer)
      if let equals = text.firstIndex(of: "=") {
        let name = String(text[..<equals])
        if result[name] == nil { result[name] = String(text[text.index(after: equals)...]) }
      }
      entry += 1
    }
    return result
  }
}
