import SluiceCore

/// A text column's transform: scikit-learn's `HashingVectorizer` (by default
/// `ngram_range=(1, 2)`, `alternate_sign=True`, `norm="l2"`, 2^20 features). A missing value
/// is an empty document.
public struct TextEncoder: Sendable, Equatable {
  /// Source column.
  public var column: String
  /// The vectorizer.
  public var vectorizer: HashingVectorizer

  /// Features written per row (the hashing space).
  public var width: Int { vectorizer.features }

  var json: JSONValue {
    .object(["kind": "text", "column": .string(column), "hashing": vectorizer.parameters])
  }

  init(column: String, vectorizer: HashingVectorizer) {
    self.column = column
    self.vectorizer = vectorizer
  }

  init(json: JSONValue) throws {
    guard let column = json["column"]?.stringValue else {
      throw LearnError("model file: a text feature lacks its column")
    }
    self.init(
      column: column, vectorizer: try HashingVectorizer(parameters: json["hashing"] ?? .object([:]))
    )
  }
}
