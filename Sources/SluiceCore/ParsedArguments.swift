/// The result of matching a command line against a `CommandSpec`.
public struct ParsedArguments: Sendable {
  /// Positional arguments in order (everything after `--` included).
  public var positionals: [String]
  /// The options the values refer to (declared plus implicit).
  let options: [OptionSpec]
  /// Values given per option index; flags record one empty string per occurrence.
  var values: [Int: [String]]

  /// Creates parsed arguments directly (mainly for tests of tool bodies).
  public init(
    positionals: [String] = [], options: [OptionSpec] = [], values: [String: [String]] = [:]
  ) {
    self.positionals = positionals
    self.options = options
    self.values = [:]
    for (name, given) in values {
      if let index = options.firstIndex(where: { $0.names.contains(name) }) {
        self.values[index, default: []] += given
      }
    }
  }

  init(positionals: [String], options: [OptionSpec], indexedValues: [Int: [String]]) {
    self.positionals = positionals
    self.options = options
    self.values = indexedValues
  }

  private func index(_ name: String) -> Int? {
    options.firstIndex { $0.names.contains(name) }
  }

  /// The last value given for the option named `name` (any alias), else its default.
  public func string(_ name: String) -> String? {
    guard let index = index(name) else { return nil }
    return values[index]?.last ?? options[index].defaultValue
  }

  /// All values given for the option, in order; the default (if any) when none was given.
  public func strings(_ name: String) -> [String] {
    guard let index = index(name) else { return [] }
    if let given = values[index] { return given }
    return options[index].defaultValue.map { [$0] } ?? []
  }

  /// Whether the flag (or option) was given explicitly at least once (defaults do not count).
  public func flag(_ name: String) -> Bool {
    count(name) > 0
  }

  /// How many times the option or flag was given.
  public func count(_ name: String) -> Int {
    guard let index = index(name) else { return 0 }
    return values[index]?.count ?? 0
  }

  /// The option's value as an integer, or nil when absent; a usage error if malformed.
  public func int(_ name: String) throws(CoreError) -> Int? {
    guard let text = string(name) else { return nil }
    guard let value = Int(text) else {
      throw invalid(text, for: name, expected: "an integer")
    }
    return value
  }

  /// The option's value as a finite number, or nil when absent; a usage error if malformed.
  public func double(_ name: String) throws(CoreError) -> Double? {
    guard let text = string(name) else { return nil }
    guard let value = Double(text), value.isFinite else {
      throw invalid(text, for: name, expected: "a number")
    }
    return value
  }

  /// The option's value (or default); a usage error `missing required option '--x'` if absent.
  public func required(_ name: String) throws(CoreError) -> String {
    guard let value = string(name) else {
      let display = index(name).map { options[$0].displayName } ?? name
      throw .usage("missing required option '\(display)'")
    }
    return value
  }

  private func invalid(_ text: String, for name: String, expected: String) -> CoreError {
    let display = index(name).map { options[$0].displayName } ?? name
    return .usage("invalid value '\(text)' for '\(display)': expected \(expected)")
  }
}
