/// Matches command-line arguments against a `CommandSpec`.
///
/// Parsing happens in two steps: `ArgumentToken.split` classifies each argument by its
/// shape, then `parse` matches the tokens against the spec's options and arguments.
public enum ArgumentParser {
  /// Parses `args` (without the program name) and validates positional counts.
  public static func parse(_ args: [String], spec: CommandSpec) throws(CoreError)
    -> ParsedArguments
  {
    let parsed = try parseOptions(args, spec: spec)
    try validatePositionals(parsed.positionals, spec: spec)
    return parsed
  }

  /// Parses options and collects positionals without checking their count.
  public static func parseOptions(_ args: [String], spec: CommandSpec) throws(CoreError)
    -> ParsedArguments
  {
    let options = spec.allOptions
    var lookup: [String: Int] = [:]
    for (index, option) in options.enumerated() {
      for name in option.names where lookup[name] == nil { lookup[name] = index }
    }
    let tokens = ArgumentToken.split(args)
    var positionals: [String] = []
    var values: [Int: [String]] = [:]
    var position = 0

    // Takes the next argument as the value of `name`, or fails with "missing value".
    func takeValue(for name: String) throws(CoreError) -> String {
      let next = position + 1
      guard next < tokens.count else { throw .usage("missing value for '\(name)'") }
      switch tokens[next] {
      case .positional(let value):
        position = next
        return value
      case .short where ArgumentToken.isNegativeNumber(args[next]):
        position = next
        return args[next]
      default:
        throw .usage("missing value for '\(name)'")
      }
    }

    while position < tokens.count {
      switch tokens[position] {
      case .terminator:
        break
      case .positional(let value):
        positionals.append(value)
      case .long(let name, let inline):
        guard let index = lookup[name] else { throw unknownOption(name, options: options) }
        if options[index].isFlag {
          if inline != nil { throw .usage("option '\(name)' does not take a value") }
          values[index, default: []].append("")
        } else {
          if let inline {
            values[index, default: []].append(inline)
          } else {
            values[index, default: []].append(try takeValue(for: name))
          }
        }
      case .short(let letters):
        let raw = "-" + letters
        if lookup["-" + String(letters.prefix(1))] == nil && ArgumentToken.isNegativeNumber(raw) {
          positionals.append(raw)
          break
        }
        var matched: [(Int, String)] = []
        var rest = Substring(letters)
        while let letter = rest.first {
          let name = "-" + String(letter)
          rest = rest.dropFirst()
          guard let index = lookup[name] else {
            throw unknownOption(raw, options: options)
          }
          if options[index].isFlag {
            matched.append((index, ""))
          } else if !rest.isEmpty {
            matched.append((index, String(rest)))
            rest = ""
          } else {
            matched.append((index, try takeValue(for: name)))
          }
        }
        for (index, value) in matched { values[index, default: []].append(value) }
      }
      position += 1
    }
    return ParsedArguments(positionals: positionals, options: options, indexedValues: values)
  }

  /// Checks the number of positionals against `spec.arguments`.
  public static func validatePositionals(_ positionals: [String], spec: CommandSpec)
    throws(CoreError)
  {
    let required = spec.arguments.filter { !$0.optional }
    if positionals.count < required.count {
      throw .usage("missing argument <\(required[positionals.count].name)>")
    }
    let variadic = spec.arguments.contains { $0.variadic }
    if !variadic && positionals.count > spec.arguments.count {
      throw .usage("unexpected argument '\(positionals[spec.arguments.count])'")
    }
  }

  /// The error for an unknown option, with a suggestion when one is close enough.
  static func unknownOption(_ name: String, options: [OptionSpec]) -> CoreError {
    let candidates = options.flatMap(\.names).filter { $0.hasPrefix("--") }
    let stripped = String(name.drop { $0 == "-" })
    guard stripped.count > 1,
      let suggestion = closestMatch(to: stripped, among: candidates, strip: true)
    else { return .usage("unknown option '\(name)'") }
    return .usage("unknown option '\(name)'; did you mean '\(suggestion)'?")
  }

  /// The candidate closest to `word` by edit distance, if within max(2, len/3); ties go first.
  public static func closestMatch(to word: String, among candidates: [String], strip: Bool = false)
    -> String?
  {
    let limit = max(2, word.count / 3)
    var best: (String, Int)?
    for candidate in candidates {
      let compared = strip ? String(candidate.drop { $0 == "-" }) : candidate
      let distance = editDistance(word, compared)
      if distance <= limit && distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    return best?.0
  }

  /// Optimal-string-alignment (Damerau–Levenshtein) distance between two strings.
  public static func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let a = Array(lhs)
    let b = Array(rhs)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
          value = min(value, previous2[j - 2] + 1)
        }
        current[j] = value
      }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
  }
}
