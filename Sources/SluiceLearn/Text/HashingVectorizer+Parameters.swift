import SluiceCore

extension HashingVectorizer {
  /// The parameter names, as scikit-learn spells them (plus `sublinear_tf`).
  public static let parameterNames: Set<String> = [
    "ngram_range", "n_features", "alternate_sign", "norm", "binary", "lowercase", "sublinear_tf",
  ]

  /// The options under scikit-learn's parameter names, for a model file or a params file; `norm`
  /// is null for no normalisation.
  public var parameters: JSONValue {
    [
      "ngram_range": .array([
        .int(Int64(ngramRange.lowerBound)), .int(Int64(ngramRange.upperBound)),
      ]),
      "n_features": .int(Int64(features)),
      "alternate_sign": .bool(alternateSign),
      "norm": norm == .none ? .null : .string(norm.rawValue),
      "binary": .bool(binary),
      "lowercase": .bool(lowercase),
      "sublinear_tf": .bool(sublinearTF),
    ]
  }

  /// A vectorizer from `parameters` (an object in the shape `parameters` writes); absent keys
  /// take the defaults, unknown keys and ill-typed values are errors.
  public init(parameters: JSONValue) throws {
    guard let object = parameters.objectValue else {
      throw LearnError(
        "text vectorizer parameters must be a JSON object, not \(parameters.typeName)")
    }
    if let unknown = object.keys.sorted().first(where: { !Self.parameterNames.contains($0) }) {
      throw LearnError(
        "unknown text vectorizer parameter '\(unknown)'; expected one of "
          + Self.parameterNames.sorted().joined(separator: ", "))
    }
    func flag(_ name: String, _ fallback: Bool) throws -> Bool {
      guard let value = object[name] else { return fallback }
      guard let flag = value.boolValue else {
        throw LearnError("text vectorizer parameter '\(name)' must be true or false")
      }
      return flag
    }
    var range = 1...2
    if let value = object["ngram_range"] {
      guard let pair = value.arrayValue, pair.count == 2, let low = pair[0].intValue,
        let high = pair[1].intValue, low <= high, let lower = Int(exactly: low),
        let upper = Int(exactly: high)
      else {
        throw LearnError(
          "text vectorizer parameter 'ngram_range' must be [min_n, max_n] with min_n ≤ max_n")
      }
      range = lower...upper
    }
    var features = 1 << 20
    if let value = object["n_features"] {
      guard let count = value.intValue, let exact = Int(exactly: count) else {
        throw LearnError("text vectorizer parameter 'n_features' must be an integer")
      }
      features = exact
    }
    var norm = Norm.l2
    if let value = object["norm"] {
      guard let parsed = value.isNull ? Norm.none : value.stringValue.flatMap(Norm.init) else {
        throw LearnError("text vectorizer parameter 'norm' must be \"l2\", \"l1\" or null")
      }
      norm = parsed
    }
    try self.init(
      ngramRange: range, features: features, alternateSign: try flag("alternate_sign", true),
      norm: norm, binary: try flag("binary", false), lowercase: try flag("lowercase", true),
      sublinearTF: try flag("sublinear_tf", false))
  }
}
