/// The one rule every reader of a Sluice file follows (docs/formats.md, "Format versions"):
/// a file carries an integer format version under its own key; a reader accepts that version
/// and every older one, and refuses a newer one, because it could only misread fields it does
/// not know. A file without the key is not Sluice's (or predates the key) and is read as such.
public enum FormatVersion {
  /// What is wrong with the version at `key` of `document`, or nil when it is absent or one
  /// this Sluice understands (`understood` and older). The text reads after `FILE: KEY: `.
  public static func problem(in document: JSONValue, key: String, understood: Int64) -> String? {
    guard let value = document[key] else { return nil }
    guard let version = value.intValue, version >= 1 else {
      return "expected a format version (a whole number of at least 1)"
    }
    guard version <= understood else { return newer(version, understood: understood) }
    return nil
  }

  /// The message for a file of format `version` when this Sluice understands `understood`.
  public static func newer(_ version: Int64, understood: Int64) -> String {
    "format version \(version) is newer than Sluice \(sluiceVersion) understands "
      + "(\(understood)); upgrade Sluice"
  }

  /// The `version` of a marker such as `sluice-report/2`, nil when `text` is not `prefix/N`.
  public static func markerVersion(_ text: String, prefix: String) -> Int64? {
    guard text.hasPrefix(prefix + "/") else { return nil }
    return Int64(text.dropFirst(prefix.count + 1))
  }
}
