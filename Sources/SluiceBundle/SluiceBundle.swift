/// SluiceBundle: tar, gzip, ONNX export, manifests, provenance and verification for model bundles.
public enum SluiceBundle {
  /// The version of the bundle.json format written by `package-model`.
  public static let bundleFormatVersion: Int64 = 1
}
