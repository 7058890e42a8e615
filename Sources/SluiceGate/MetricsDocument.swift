import SluiceCore
import SluiceMetrics

/// A metrics file of any JSON shape, addressed by dotted paths.
///
/// A path's segments are split on `.`; a key that itself contains dots is matched by trying
/// the longest run of segments first (`a.b.c` finds the key `"b.c"` inside `a` before `b`),
/// falling back to shorter runs. A segment of digits indexes an array. `*` matches any one
/// key (or array index) at its level.
public struct MetricsDocument: Sendable {
  /// What a path holds.
  public enum Lookup: Sendable, Equatable {
    /// A finite number.
    case number(Double)
    /// Nothing at the path; `suggestion` is a near existing path.
    case missing(suggestion: String?)
    /// Something other than a usable number, described (e.g. "null", "a string (\"high\")").
    case unusable(String)
  }

  /// The parsed document.
  public var root: JSONValue
  /// How reports name the document (a path, or `REV:PATH`).
  public var name: String

  /// Creates a document.
  public init(root: JSONValue, name: String) {
    self.root = root
    self.name = name
  }

  /// Parses `bytes` as JSON; a syntax error names `name` with line and column.
  public static func parse(_ bytes: [UInt8], name: String) throws(JSONParseError)
    -> MetricsDocument
  {
    // Python's json module (so MLflow and DVC exports) writes bare NaN and Infinity; they are
    // read as strings so the rules on those metrics fail saying why, not the whole file.
    MetricsDocument(root: try JSONParser.parse(bytes, file: name, nonFiniteWords: true), name: name)
  }

  /// Parses `bytes` as `parse` does, then refuses a Sluice file of a newer format version
  /// (`evaluate`'s metrics.json, a Sluice report); other JSON carries no Sluice version.
  public static func read(_ bytes: [UInt8], name: String) throws -> MetricsDocument {
    let document = try parse(bytes, name: name)
    if let problem = versionProblem(document.root) {
      throw CoreError.invalidData("\(name): \(problem)")
    }
    return document
  }

  /// Why `root` is a Sluice metrics file or report this Sluice cannot read, or nil.
  public static func versionProblem(_ root: JSONValue) -> String? {
    SluiceMetrics.versionProblem(root) ?? JSONReporter.versionProblem(root)
  }

  /// The value at dotted `path` (no `*`), or nil.
  public func value(at path: String) -> JSONValue? {
    Self.resolve(root, Self.segments(path)[...])
  }

  /// What dotted `path` holds, as a number when it is one.
  public func lookup(_ path: String) -> Lookup {
    guard let value = value(at: path) else {
      return .missing(suggestion: suggestion(for: path))
    }
    return Self.classify(value)
  }

  /// Classifies a JSON value as a metric.
  static func classify(_ value: JSONValue) -> Lookup {
    switch value {
    case .int(let number): return .number(Double(number))
    case .double(let number):
      return number.isFinite ? .number(number) : .unusable("not finite (\(number))")
    case .null: return .unusable("null")
    case .bool(let flag): return .unusable("a boolean (\(flag))")
    case .string(let text):
      switch text.lowercased() {
      case "nan": return .unusable("NaN")
      case "inf", "infinity", "-inf", "-infinity": return .unusable("not finite (\(text))")
      default:
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return .unusable("a string (\"\(shown)\")")
      }
    case .array(let items): return .unusable("an array of \(items.count)")
    case .object(let members):
      let keys = members.keys.sorted().prefix(3).joined(separator: ", ")
      return .unusable("an object (keys: \(keys)\(members.count > 3 ? ", …" : ""))")
    }
  }

  /// Every concrete path matching `pattern` (which may hold `*`), sorted by bytes.
  public func expand(_ pattern: String) -> [String] {
    var output: [String] = []
    Self.expand(root, Self.segments(pattern)[...], prefix: [], into: &output)
    return output.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
  }

  /// A confidence interval published beside the metric at `path`: `ci.PATH`, or `ci.LEAF`
  /// next to the metric; an array `[low, high]` or an object with `low`/`high`
  /// (or `lower`/`upper`).
  public func interval(for path: String) -> (low: Double, high: Double)? {
    let segments = Self.segments(path)
    var candidates = [["ci"] + segments]
    if segments.count > 1 {
      candidates.append(Array(segments.dropLast()) + ["ci", segments[segments.count - 1]])
    }
    for candidate in candidates {
      guard let value = Self.resolve(root, candidate[...]) else { continue }
      if let bounds = Self.bounds(value) { return bounds }
    }
    return nil
  }

  private static func bounds(_ value: JSONValue) -> (low: Double, high: Double)? {
    var pair: (JSONValue?, JSONValue?)
    if let items = value.arrayValue, items.count == 2 {
      pair = (items[0], items[1])
    } else if let members = value.objectValue {
      pair = (
        members["low"] ?? members["lower"] ?? members["lo"],
        members["high"] ?? members["upper"] ?? members["hi"]
      )
    } else {
      return nil
    }
    guard let low = pair.0?.doubleValue, let high = pair.1?.doubleValue, low.isFinite,
      high.isFinite, low <= high
    else { return nil }
    return (low, high)
  }

  /// Every path holding a number (at most `limit`), for suggestions.
  public func numericPaths(limit: Int = 20_000) -> [String] {
    var output: [String] = []
    Self.leaves(root, prefix: "", into: &output, limit: limit)
    return output
  }

  private func suggestion(for path: String) -> String? {
    let paths = numericPaths().filter { !$0.hasPrefix("ci.") && !$0.contains(".ci.") }
    let leaf = "." + path
    let suffixed = paths.filter { $0.hasSuffix(leaf) }.sorted()
    if let first = suffixed.first { return first }
    return closestMatch(to: path, among: paths.sorted())
  }

  private func closestMatch(to word: String, among candidates: [String]) -> String? {
    ArgumentParser.closestMatch(to: word, among: candidates)
  }

  static func segments(_ path: String) -> [String] {
    path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
  }

  static func resolve(_ value: JSONValue, _ segments: ArraySlice<String>) -> JSONValue? {
    guard let first = segments.first else { return value }
    switch value {
    case .object(let members):
      // Longest key first, so a key containing dots wins over nested keys.
      var end = segments.endIndex
      while end > segments.startIndex {
        let key = segments[segments.startIndex..<end].joined(separator: ".")
        if let child = members[key], let found = resolve(child, segments[end...]) {
          return found
        }
        end -= 1
      }
      return nil
    case .array(let items):
      guard let index = Int(first), items.indices.contains(index) else { return nil }
      return resolve(items[index], segments.dropFirst())
    default:
      return nil
    }
  }

  private static func expand(
    _ value: JSONValue, _ segments: ArraySlice<String>, prefix: [String],
    into output: inout [String]
  ) {
    guard let first = segments.first else {
      output.append(prefix.joined(separator: "."))
      return
    }
    if first == "*" {
      switch value {
      case .object(let members):
        for key in members.keys {
          if let child = members[key] {
            expand(child, segments.dropFirst(), prefix: prefix + [key], into: &output)
          }
        }
      case .array(let items):
        for (index, child) in items.enumerated() {
          expand(child, segments.dropFirst(), prefix: prefix + [String(index)], into: &output)
        }
      default: return
      }
      return
    }
    let star = segments.firstIndex(of: "*") ?? segments.endIndex
    switch value {
    case .object(let members):
      var end = star
      while end > segments.startIndex {
        let key = segments[segments.startIndex..<end].joined(separator: ".")
        if let child = members[key] {
          let before = output.count
          expand(child, segments[end...], prefix: prefix + [key], into: &output)
          if output.count > before { return }
        }
        end -= 1
      }
    case .array(let items):
      guard let index = Int(first), items.indices.contains(index) else { return }
      expand(items[index], segments.dropFirst(), prefix: prefix + [first], into: &output)
    default: return
    }
  }

  private static func leaves(
    _ value: JSONValue, prefix: String, into output: inout [String], limit: Int
  ) {
    if output.count >= limit { return }
    switch value {
    case .int, .double:
      if !prefix.isEmpty { output.append(prefix) }
    case .object(let members):
      for key in members.keys.sorted() {
        if let child = members[key] {
          leaves(
            child, prefix: prefix.isEmpty ? key : prefix + "." + key, into: &output, limit: limit)
        }
      }
    case .array(let items):
      for (index, child) in items.enumerated() {
        let key = String(index)
        leaves(
          child, prefix: prefix.isEmpty ? key : prefix + "." + key, into: &output, limit: limit)
      }
    default: return
    }
  }
}
