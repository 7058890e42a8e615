/// Counted nouns in messages: "1 row", "2 rows", "0 rows".
public enum Plural {
  /// `count` and the noun, singular only for exactly one (`plural` defaults to noun + "s").
  public static func count<Count: BinaryInteger>(
    _ count: Count, _ noun: String, plural: String? = nil
  ) -> String {
    "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
  }
}
