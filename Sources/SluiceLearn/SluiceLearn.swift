/// SluiceLearn: the feature pipeline, the models (ridge, logistic regression) and the model
/// file; numerically matched to scikit-learn by golden fixtures.
public enum SluiceLearn {
  /// The newest model file format version this Sluice reads (and writes for GBDT models);
  /// version 2 added tree ensembles.
  public static let modelFormatVersion: Int64 = 2
  /// The version written for linear models, unchanged since version 1 so older readers
  /// still take them.
  public static let linearModelFormatVersion: Int64 = 1
}
