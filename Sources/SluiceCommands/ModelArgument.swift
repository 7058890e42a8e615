import SluiceBundle
import SluiceCore
import SluiceLearn

/// The MODEL argument of `predict` and `evaluate`.
enum ModelArgument {
  /// Loads `modelPath` (a model.json or a bundle); when it is not a model but `dataPath` is
  /// one, the two arguments were given in the wrong order, and the error says so.
  static func load(_ modelPath: String, data dataPath: String, tool: String) throws
    -> (model: TrainedModel, signature: Signature?)
  {
    do {
      return try ModelBundle.loadModel(path: modelPath)
    } catch let error as any DiagnosticError where error.exitCode == .dataError {
      guard dataPath != "-", (try? ModelBundle.loadModel(path: dataPath)) != nil else {
        throw error
      }
      throw CoreError.usage(
        "'\(modelPath)' is not a model but '\(dataPath)' is: the model comes first"
          + " (\(tool) \(dataPath) \(modelPath))")
    }
  }
}
