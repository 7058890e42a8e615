/// SluiceData: schemas, checks, profiles, sketches, drift statistics and splits.
///
/// Everything here works on `SluiceTable` readers and writes `SluiceCore` JSON values; the
/// tools in `SluiceCommands` only wire options to these types.
public enum SluiceData {
  /// The version of the profile format written by `validate-data profile`.
  public static let profileFormatVersion: Int64 = 1
}
