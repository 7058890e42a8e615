/// SluiceLearn: the feature pipeline, the models (ridge, logistic regression) and the model
/// file; numerically matched to scikit-learn by golden fixtures.
public enum SluiceLearn {
  /// The model file format version written by `train`.
  public static let modelFormatVersion: Int64 = 1
}
