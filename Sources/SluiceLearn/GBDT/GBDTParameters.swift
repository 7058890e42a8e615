import SluiceCore

/// The hyperparameters of `train --model gbdt`, named and defaulted as LightGBM's
/// (docs/gbdt.md lists them).
public struct GBDTParameters: Sendable, Equatable {
  /// The regression loss: squared error, absolute error or Huber (LightGBM's names).
  public enum RegressionObjective: String, Sendable, Equatable, CaseIterable {
    case regression
    case regressionL1 = "regression_l1"
    case huber
  }

  /// The loss of a regression model (classification models use log loss).
  public var objective = RegressionObjective.regression
  /// Huber: residuals beyond this are penalised linearly (LightGBM's `alpha`).
  public var huberDelta = 0.9
  /// Leaves per tree (leaf-wise growth stops at this many).
  public var numLeaves = 31
  /// Deepest a leaf may be; 0 or less is no limit.
  public var maxDepth = -1
  /// Fewest rows in a leaf.
  public var minDataInLeaf = 20
  /// Smallest sum of hessians in a leaf.
  public var minSumHessianInLeaf = 1e-3
  /// L2 regularisation of leaf values.
  public var lambdaL2 = 0.0
  /// Shrinkage of every tree's leaf values.
  public var learningRate = 0.1
  /// Boosting rounds (trees per output).
  public var nEstimators = 100
  /// Most bins per numeric feature, the bin of missing values included (LightGBM's).
  public var maxBin = 255
  /// Fewest training rows in a numeric bin.
  public var minDataInBin = 3
  /// Fraction of rows each round trains on (drawn again every `baggingFreq` rounds).
  public var baggingFraction = 1.0
  /// Rounds between bagging draws; 0 draws every round when `baggingFraction` < 1.
  public var baggingFreq = 0
  /// Fraction of features each tree may split on.
  public var featureFraction = 1.0
  /// Stop after this many rounds without a better validation loss; 0 is off.
  public var earlyStoppingRound = 0
  /// Fraction of rows held out for early stopping (split-data's by-key rule on row numbers).
  public var validationFraction = 0.1
  /// Categorical safeguards (LightGBM's): most categories on the left of a split, smoothing
  /// of category statistics, fewest rows per category group, extra L2 of categorical splits,
  /// and the category count up to which splits are one-versus-rest.
  public var maxCatThreshold = 32
  public var catSmooth = 10.0
  public var minDataPerGroup = 100
  public var catL2 = 10.0
  public var maxCatToOnehot = 4

  /// The defaults.
  public init() {}

  /// The keys `--set` accepts for GBDT.
  public static let keys = [
    "num_leaves", "max_depth", "min_data_in_leaf", "min_sum_hessian_in_leaf", "lambda_l2",
    "learning_rate", "n_estimators", "max_bin", "min_data_in_bin", "bagging_fraction",
    "bagging_freq", "feature_fraction", "early_stopping_round", "validation_fraction",
    "max_cat_threshold",
    "cat_smooth", "min_data_per_group", "cat_l2", "max_cat_to_onehot", "objective",
    "huber_delta",
  ]

  /// Sets the objective from its name (`l1` is LightGBM's alias of `regression_l1`).
  public mutating func setObjective(_ name: String) throws {
    let aliases = ["l2": "regression", "l1": "regression_l1"]
    guard let objective = RegressionObjective(rawValue: aliases[name] ?? name) else {
      throw CoreError.usage(
        "invalid value '\(name)' for '--set objective': expected regression, regression_l1 "
          + "(l1) or huber")
    }
    self.objective = objective
  }

  /// Sets `key` from a number; false when `key` is not a GBDT hyperparameter. A value out of
  /// its range is a usage error naming the range.
  public mutating func set(_ key: String, _ value: Double) throws -> Bool {
    func whole(_ low: Int, _ high: Int = Int(Int32.max)) throws -> Int {
      guard value == value.rounded(), value >= Double(low), value <= Double(high) else {
        throw CoreError.usage(
          "invalid value '\(NumberText.short(value, digits: 17))' for '--set \(key)': "
            + "expected a whole number from \(low) to \(high)")
      }
      return Int(value)
    }
    func real(_ low: Double, _ high: Double, openLow: Bool = false) throws -> Double {
      guard value <= high, openLow ? value > low : value >= low else {
        throw CoreError.usage(
          "invalid value '\(NumberText.short(value, digits: 17))' for '--set \(key)': expected "
            + "a number \(openLow ? "above" : "from") \(NumberText.short(low, digits: 6))"
            + "\(openLow ? " and at most" : " to") \(NumberText.short(high, digits: 6))")
      }
      return value
    }
    switch key {
    case "num_leaves": numLeaves = try whole(2, 131_072)
    case "max_depth": maxDepth = try whole(-1, 64)
    case "min_data_in_leaf": minDataInLeaf = try whole(1)
    case "min_sum_hessian_in_leaf": minSumHessianInLeaf = try real(0, .greatestFiniteMagnitude)
    case "lambda_l2": lambdaL2 = try real(0, .greatestFiniteMagnitude)
    case "learning_rate": learningRate = try real(0, 1e3, openLow: true)
    case "n_estimators": nEstimators = try whole(1, 100_000)
    case "max_bin": maxBin = try whole(2, 255)
    case "min_data_in_bin": minDataInBin = try whole(1)
    case "bagging_fraction": baggingFraction = try real(0, 1, openLow: true)
    case "bagging_freq": baggingFreq = try whole(0)
    case "feature_fraction": featureFraction = try real(0, 1, openLow: true)
    case "early_stopping_round": earlyStoppingRound = try whole(0)
    case "validation_fraction": validationFraction = try real(0, 0.9, openLow: true)
    case "max_cat_threshold": maxCatThreshold = try whole(1, 255)
    case "cat_smooth": catSmooth = try real(0, .greatestFiniteMagnitude)
    case "min_data_per_group": minDataPerGroup = try whole(1)
    case "cat_l2": catL2 = try real(0, .greatestFiniteMagnitude)
    case "max_cat_to_onehot": maxCatToOnehot = try whole(1, 255)
    case "huber_delta": huberDelta = try real(0, .greatestFiniteMagnitude, openLow: true)
    default: return false
    }
    return true
  }

  /// The hyperparameters as recorded in the model file.
  public var json: [String: JSONValue] {
    func int(_ value: Int) -> JSONValue { .int(Int64(value)) }
    return [
      "num_leaves": int(numLeaves), "max_depth": int(maxDepth),
      "min_data_in_leaf": int(minDataInLeaf),
      "min_sum_hessian_in_leaf": .double(minSumHessianInLeaf), "lambda_l2": .double(lambdaL2),
      "learning_rate": .double(learningRate), "n_estimators": int(nEstimators),
      "max_bin": int(maxBin), "min_data_in_bin": int(minDataInBin),
      "bagging_fraction": .double(baggingFraction),
      "bagging_freq": int(baggingFreq), "feature_fraction": .double(featureFraction),
      "early_stopping_round": int(earlyStoppingRound),
      "validation_fraction": .double(validationFraction),
      "max_cat_threshold": int(maxCatThreshold), "cat_smooth": .double(catSmooth),
      "min_data_per_group": int(minDataPerGroup), "cat_l2": .double(catL2),
      "max_cat_to_onehot": int(maxCatToOnehot), "objective": .string(objective.rawValue),
      "huber_delta": .double(huberDelta),
    ]
  }
}
