import SluiceCore

/// What `train` was asked for: the target, the task, the model and its hyperparameters.
public struct TrainSettings: Sendable {
  /// The column to predict.
  public var target: String
  /// The task, or nil to infer it from the target.
  public var task: LearningTask?
  /// `linear` or `logistic`, or nil for the task's default.
  public var model: String?
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
  /// Recorded in the model for reproducibility.
  public var seed: Int64 = 0

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
}
