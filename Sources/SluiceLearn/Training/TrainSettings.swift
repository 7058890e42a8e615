import SluiceCore

/// What `train` was asked for: the target, the task, the model and its hyperparameters.
public struct TrainSettings: Sendable {
  /// The column to predict.
  public var target: String
  /// The task, or nil to infer it from the target.
  public var task: LearningTask?
  /// The model family, or nil for the task's default.
  public var model: ModelFamily?
  /// Inverse regularisation strength of logistic regression (scikit-learn's `C`).
  public var c: Double = 1
  /// Regularisation strength of ridge regression (scikit-learn's `alpha`).
  public var alpha: Double = 1
  /// Columns never used as features.
  public var ignore: [String] = []
  /// One-hot options (scikit-learn's OneHotEncoder `min_frequency`, `max_categories`).
  public var minFrequency = 1
  public var maxCategories: Int? = nil
  /// A column of sample weights.
  public var weightColumn: String? = nil
  /// `balanced` class weights.
  public var balanced = false
  /// Optimiser limits.
  public var maxIterations = 10_000
  public var tolerance = 1e-4
  /// Columns forced to the text role (`--text`).
  public var textColumns: [String] = []
  /// The hashing vectorizer for text columns (scikit-learn's defaults when nil).
  public var hashing: HashingVectorizer? = nil
  /// Hears each optimiser iteration and objective value (for progress on a terminal).
  public var progress: (@Sendable (Int, Double) -> Void)? = nil
  /// Recorded in the model for reproducibility; seeds GBDT's subsampling and validation split.
  public var seed: Int64 = 0
  /// Hyperparameters of `--model gbdt`.
  public var gbdt = GBDTParameters()
  /// Threads for GBDT's histograms (the model never depends on it); nil is every core.
  public var threads: Int? = nil

  /// Settings predicting `target`.
  public init(target: String) { self.target = target }

  /// The hyperparameters as recorded in the model file.
  public var json: [String: JSONValue] {
    var fields: [String: JSONValue] = [
      "C": .double(c), "alpha": .double(alpha), "min_frequency": .int(Int64(minFrequency)),
      "max_iterations": .int(Int64(maxIterations)), "tolerance": .double(tolerance),
      "class_weight": balanced ? .string("balanced") : .null, "seed": .int(seed),
    ]
    if let maxCategories { fields["max_categories"] = .int(Int64(maxCategories)) }
    if let weightColumn { fields["weight_column"] = .string(weightColumn) }
    return fields
  }

  /// The hyperparameters of a GBDT model as recorded in the model file.
  public var gbdtJSON: [String: JSONValue] {
    var fields = gbdt.json
    fields["seed"] = .int(seed)
    fields["min_frequency"] = .int(Int64(minFrequency))
    if let maxCategories { fields["max_categories"] = .int(Int64(maxCategories)) }
    if let weightColumn { fields["weight_column"] = .string(weightColumn) }
    return fields
  }
}

/// The model `train --model` names; each implies its kind of task.
public enum ModelFamily: String, Sendable, CaseIterable {
  /// Ridge regression: a regression task.
  case linear
  /// L2 logistic regression: a classification task (binary or multiclass).
  case logistic
  /// Gradient-boosted trees: any task.
  case gbdt

  /// The model family spelled `name`; an unknown name is a usage error.
  public init(option name: String) throws {
    guard let family = ModelFamily(rawValue: name) else {
      throw CoreError.usage(
        "invalid value '\(name)' for '--model': expected linear, logistic or gbdt")
    }
    self = family
  }

  /// Whether this family fits `task`.
  public func fits(_ task: LearningTask) -> Bool {
    switch self {
    case .linear: return task == .regression
    case .logistic: return task != .regression
    case .gbdt: return true
    }
  }
}

extension TrainSettings {
  /// Checks that the model and the task agree: a model that contradicts an explicit task is a
  /// usage error, since one of the two options would otherwise be ignored.
  public func checkModelAndTask() throws {
    guard let model, let task, !model.fits(task) else { return }
    let fitted = model == .linear ? "ridge regression" : "classification (logistic regression)"
    throw CoreError.usage(
      "--model \(model.rawValue) fits \(fitted) and contradicts --task \(task.rawValue); "
        + "drop one of them or make them agree")
  }
}
