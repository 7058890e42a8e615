/// One tree of a boosted ensemble, its nodes in preorder (a node's children come after it).
public struct RegressionTree: Sendable, Equatable {
  /// A node: a leaf with its value, or a split sending a row left or right.
  public enum Node: Sendable, Equatable {
    /// A leaf adding `value` to the row's raw score.
    case leaf(value: Double)
    /// `x <= threshold` goes left; a missing `x` goes left when `defaultLeft`.
    case numeric(
      feature: Int, threshold: Double, defaultLeft: Bool, left: Int, right: Int, gain: Double)
    /// A category code in `categories` (sorted) goes left; every other code, an unseen
    /// category and a missing value go right.
    case categorical(feature: Int, categories: [Int], left: Int, right: Int, gain: Double)
  }

  /// The nodes; node 0 is the root.
  public var nodes: [Node]

  /// Creates a tree from preorder nodes.
  public init(nodes: [Node]) { self.nodes = nodes }

  /// The leaf value reached by a row whose feature `f` is `value(f)` (NaN when missing).
  @inline(__always)
  public func predict(_ value: (Int) -> Double) -> Double {
    var index = 0
    while true {
      switch nodes[index] {
      case .leaf(let output):
        return output
      case .numeric(let feature, let threshold, let defaultLeft, let left, let right, _):
        let x = value(feature)
        index = x.isNaN ? (defaultLeft ? left : right) : (x <= threshold ? left : right)
      case .categorical(let feature, let categories, let left, let right, _):
        let x = value(feature)
        // Codes are whole numbers; anything else (NaN included) is no category.
        var goesLeft = false
        if x >= 0, x < 1e9, x == x.rounded(.towardZero) {
          goesLeft = Self.contains(categories, Int(x))
        }
        index = goesLeft ? left : right
      }
    }
  }

  /// Whether sorted `list` holds `code` (binary search).
  @inline(__always)
  static func contains(_ list: [Int], _ code: Int) -> Bool {
    var low = 0
    var high = list.count
    while low < high {
      let middle = (low + high) / 2
      if list[middle] < code { low = middle + 1 } else { high = middle }
    }
    return low < list.count && list[low] == code
  }
}

/// A boosted tree ensemble over the model's features: raw scores start at `initScores` and
/// every tree adds its leaf value to output `tree index mod outputs`.
public struct TreeEnsemble: Sendable, Equatable {
  /// Feature names (the pipeline's columns, one feature each).
  public var features: [String]
  /// Whether each feature is categorical (its value is a category code).
  public var categorical: [Bool]
  /// Raw-score outputs: 1 for binary and regression, the class count for multiclass.
  public var outputs: Int
  /// Each output's starting raw score.
  public var initScores: [Double]
  /// The trees, round by round (`outputs` per round).
  public var trees: [RegressionTree]

  /// Creates an ensemble.
  public init(
    features: [String], categorical: [Bool], outputs: Int, initScores: [Double],
    trees: [RegressionTree]
  ) {
    self.features = features
    self.categorical = categorical
    self.outputs = outputs
    self.initScores = initScores
    self.trees = trees
  }

  /// Split gain summed per feature, and splits counted per feature.
  public var importance: (gain: [Double], splits: [Int]) {
    var gain = [Double](repeating: 0, count: features.count)
    var splits = [Int](repeating: 0, count: features.count)
    for tree in trees {
      for node in tree.nodes {
        switch node {
        case .leaf: continue
        case .numeric(let feature, _, _, _, _, let value),
          .categorical(let feature, _, _, _, let value):
          gain[feature] += value
          splits[feature] += 1
        }
      }
    }
    return (gain, splits)
  }

  /// Raw scores (one list per row, `outputs` long) of rows given feature-major `columns`
  /// (NaN for a missing value or an unknown category).
  public func rawScores(_ columns: [[Double]], rows: Int) -> [[Double]] {
    rawScores(columns, rows: rows, only: Array(0..<rows))
  }

  /// Raw scores of the listed rows of `columns`, in the order listed.
  func rawScores(_ columns: [[Double]], rows: Int, only: [Int]) -> [[Double]] {
    only.map { row in
      var score = initScores
      for (index, tree) in trees.enumerated() {
        score[index % outputs] += tree.predict { columns[$0][row] }
      }
      return score
    }
  }
}
