import SluiceCore

/// A categorical column's one-hot transform, as scikit-learn's
/// `OneHotEncoder(handle_unknown="infrequent_if_exist", min_frequency=m, max_categories=k)`:
/// categories sorted, those seen fewer than `minFrequency` times (or past the `maxCategories`
/// most frequent) share one "infrequent" feature that also takes values never seen in
/// training; missing values are a category of their own, after the others.
public struct CategoricalEncoder: Sendable, Equatable {
  /// Source column.
  public var column: String
  /// Frequent categories, sorted by UTF-8 bytes.
  public var categories: [String]
  /// Whether an "infrequent" feature exists (it takes unknown values too).
  public var infrequent: Bool
  /// Whether a "missing" feature exists (training had missing values).
  public var missing: Bool

  /// Output feature names.
  public var featureNames: [String] {
    categories.map { "\(column)=\($0)" } + (infrequent ? ["\(column)=__infrequent__"] : [])
      + (missing ? ["\(column)=__missing__"] : [])
  }

  /// Learns the categories from training values (nil = missing).
  public static func fit(
    column: String, values: [String?], minFrequency: Int = 1, maxCategories: Int? = nil
  ) -> CategoricalEncoder {
    var counts: [String: Int] = [:]
    for case let value? in values { counts[value, default: 0] += 1 }
    return fit(
      column: column, counts: counts, hasMissing: values.contains { $0 == nil },
      minFrequency: minFrequency, maxCategories: maxCategories)
  }

  /// Learns the categories from each present value's count.
  static func fit(
    column: String, counts: [String: Int], hasMissing: Bool, minFrequency: Int,
    maxCategories: Int?
  ) -> CategoricalEncoder {
    var frequent = counts.filter { $0.value >= minFrequency }
    if let maxCategories, maxCategories >= 1 {
      // Keep the most frequent (ties: first in sorted order), one slot left for the rest.
      let limit = counts.count > maxCategories ? maxCategories - 1 : maxCategories
      let ranked = frequent.sorted {
        $0.value != $1.value ? $0.value > $1.value : Self.precedes($0.key, $1.key)
      }
      frequent = Dictionary(uniqueKeysWithValues: ranked.prefix(limit).map { ($0.key, $0.value) })
    }
    let kept = frequent.keys.sorted(by: Self.precedes)
    return CategoricalEncoder(
      column: column, categories: kept, infrequent: kept.count < counts.count,
      missing: hasMissing)
  }

  /// Each code's feature slot (see `slot(of:lookup:)`), then the missing value's slot last.
  func slots(for codes: CategoryCodes) -> [Int32] {
    let lookup = self.lookup
    var result = codes.values.map { value in Int32(slot(of: value, lookup: lookup) ?? -1) }
    result.append(Int32(slot(of: nil, lookup: lookup) ?? -1))
    return result
  }

  static func precedes(_ a: String, _ b: String) -> Bool {
    Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
  }

  /// Features written per row.
  public var width: Int { categories.count + (infrequent ? 1 : 0) + (missing ? 1 : 0) }

  /// The feature slot of a value: its category, the infrequent slot, the missing slot, or nil
  /// (all zeros) for an unknown value when there is no infrequent slot.
  func slot(of value: String?, lookup: [String: Int]) -> Int? {
    guard let value else { return missing ? categories.count + (infrequent ? 1 : 0) : nil }
    if let index = lookup[value] { return index }
    return infrequent ? categories.count : nil
  }

  /// Category → slot.
  var lookup: [String: Int] {
    Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
  }

  var json: JSONValue {
    .object([
      "kind": "categorical", "column": .string(column),
      "categories": .array(categories.map { .string($0) }), "infrequent": .bool(infrequent),
      "missing": .bool(missing),
    ])
  }

  init(column: String, categories: [String], infrequent: Bool, missing: Bool) {
    self.column = column
    self.categories = categories
    self.infrequent = infrequent
    self.missing = missing
  }

  init(json: JSONValue) throws {
    guard let column = json["column"]?.stringValue,
      let categories = json["categories"]?.arrayValue?.compactMap(\.stringValue)
    else { throw LearnError("model file: a categorical feature lacks column or categories") }
    // Duplicates would break the category lookup; a non-string would silently shift slots.
    guard categories.count == json["categories"]?.arrayValue?.count,
      Set(categories).count == categories.count
    else {
      throw LearnError(
        "model file: 'categories' of categorical feature '\(column)' must be distinct strings")
    }
    self.init(
      column: column, categories: categories, infrequent: json["infrequent"]?.boolValue ?? false,
      missing: json["missing"]?.boolValue ?? false)
  }
}
