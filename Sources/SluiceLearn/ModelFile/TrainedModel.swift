import SluiceCore
import SluiceTable

/// What a model predicts.
public enum LearningTask: String, Sendable, CaseIterable {
  case binary, multiclass, regression
}

/// A trained model as stored in model.json: the feature pipeline, a linear model over its
/// features, and what is known about its training.
public struct TrainedModel: Sendable {
  /// The task.
  public var task: LearningTask
  /// The target column.
  public var target: String
  /// Class labels in the model's order (sorted by UTF-8 bytes); empty for regression.
  public var classes: [String]
  /// `logistic`, `linear` or `gbdt`.
  public var kind: String
  /// The feature pipeline.
  public var pipeline: FeaturePipeline
  /// One row of coefficients per output (1 for binary and regression, K for multiclass).
  public var coefficients: [[Double]]
  /// One intercept per output.
  public var intercepts: [Double]
  /// Hyperparameters, seed, training facts and convergence, kept as written.
  public var hyperparameters: [String: JSONValue]
  public var training: [String: JSONValue]
  /// The trees of a `gbdt` model (whose coefficients and intercepts are empty).
  public var ensemble: TreeEnsemble?

  /// Creates a model.
  public init(
    task: LearningTask, target: String, classes: [String], kind: String,
    pipeline: FeaturePipeline, coefficients: [[Double]], intercepts: [Double],
    hyperparameters: [String: JSONValue], training: [String: JSONValue],
    ensemble: TreeEnsemble? = nil
  ) {
    self.task = task
    self.target = target
    self.classes = classes
    self.kind = kind
    self.pipeline = pipeline
    self.coefficients = coefficients
    self.intercepts = intercepts
    self.hyperparameters = hyperparameters
    self.training = training
    self.ensemble = ensemble
  }

  /// The model file format version of this model: the oldest that can hold it.
  public var formatVersion: Int64 {
    ensemble == nil ? SluiceLearn.linearModelFormatVersion : SluiceLearn.modelFormatVersion
  }

  /// Predicted class probabilities (classification) or values (regression, one per row).
  public func scores(_ features: FeatureMatrix) -> [[Double]] {
    let width = features.width
    return features.values.withUnsafeBufferPointer { values in
      (0..<features.rows).map { row in
        let x = UnsafeBufferPointer(rebasing: values[(row * width)..<((row + 1) * width)])
        let linear = zip(coefficients, intercepts).map { weights, intercept in
          var sum = intercept
          for index in 0..<width { sum += weights[index] * x[index] }
          return sum
        }
        switch task {
        case .regression:
          return linear
        case .binary:
          // Each side from its own stable sigmoid: 1 - p would lose digits near 1.
          return [Self.sigmoid(-linear[0]), Self.sigmoid(linear[0])]
        case .multiclass:
          return Self.softmax(linear)
        }
      }
    }
  }

  /// Scores of the rows of a sparse feature matrix (pipelines with text features).
  public func scores(_ features: SparseMatrix) -> [[Double]] {
    (0..<features.rows).map { row in
      let entries = features.rowStarts[row]..<features.rowStarts[row + 1]
      let linear = zip(coefficients, intercepts).map { weights, intercept in
        var sum = intercept
        for entry in entries {
          sum += weights[Int(features.columnIndices[entry])] * features.values[entry]
        }
        return sum
      }
      return finish(linear)
    }
  }

  /// Turns linear outputs into the task's scores.
  func finish(_ linear: [Double]) -> [Double] {
    switch task {
    case .regression: return linear
    case .binary: return [Self.sigmoid(-linear[0]), Self.sigmoid(linear[0])]
    case .multiclass: return Self.softmax(linear)
    }
  }

  /// Scores of every row of `frame`, through the pipeline (dense or sparse as it needs).
  public func scores(frame: Frame, file: String) throws -> [[Double]] {
    if let ensemble {
      let columns = try TreeFeatures.columns(pipeline, frame: frame, file: file)
      return ensemble.rawScores(columns, rows: frame.rows).map(finish)
    }
    return pipeline.hasText
      ? scores(try pipeline.transformSparse(frame, file: file))
      : scores(try pipeline.transform(frame, file: file))
  }

  /// A numerically stable logistic function.
  static func sigmoid(_ z: Double) -> Double {
    if z >= 0 { return 1 / (1 + (-z).exponential) }
    let e = z.exponential
    return e / (1 + e)
  }

  /// A numerically stable softmax.
  static func softmax(_ z: [Double]) -> [Double] {
    let top = z.max() ?? 0
    let exps = z.map { ($0 - top).exponential }
    let total = exps.reduce(0, +)
    return exps.map { $0 / total }
  }
}

extension Double {
  /// e raised to this value.
  var exponential: Double {
    #if canImport(Glibc)
      return Glibc.exp(self)
    #else
      return Darwin.exp(self)
    #endif
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
