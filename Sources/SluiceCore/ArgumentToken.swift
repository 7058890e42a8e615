/// One command-line argument classified by its shape alone, before matching against a spec.
enum ArgumentToken: Equatable {
  /// `--name` or `--name=value` (`value` is nil without `=`).
  case long(name: String, value: String?)
  /// `-abc`: the characters after the dash.
  case short(String)
  /// Anything else, including a lone `-`.
  case positional(String)
  /// The `--` separator.
  case terminator

  /// Classifies every argument; everything after `--` is positional.
  static func split(_ args: [String]) -> [ArgumentToken] {
    var tokens: [ArgumentToken] = []
    tokens.reserveCapacity(args.count)
    var afterTerminator = false
    for arg in args {
      if afterTerminator {
        tokens.append(.positional(arg))
      } else if arg == "--" {
        afterTerminator = true
        tokens.append(.terminator)
      } else if arg.hasPrefix("--") {
        if let equals = arg.firstIndex(of: "=") {
          let value = String(arg[arg.index(after: equals)...])
          tokens.append(.long(name: String(arg[..<equals]), value: value))
        } else {
          tokens.append(.long(name: arg, value: nil))
        }
      } else if arg.hasPrefix("-") && arg.count > 1 {
        tokens.append(.short(String(arg.dropFirst())))
      } else {
        tokens.append(.positional(arg))
      }
    }
    return tokens
  }

  /// Whether `text` (e.g. "-0.5", "-3", "-1e-3") reads as a negative number.
  static func isNegativeNumber(_ text: String) -> Bool {
    guard text.hasPrefix("-"), let second = text.dropFirst().first,
      second.isASCII && (second.isNumber || second == ".")
    else { return false }
    return Double(text) != nil
  }
}
