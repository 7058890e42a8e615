/// Grows one tree leaf-wise (LightGBM's best-first growth): the leaf whose best split gains
/// most splits next, until `num_leaves` leaves or no split gains.
struct TreeGrower: Sendable {
  var data: BinnedData
  var parameters: GBDTParameters
  var workers: Int

  /// A tree and where the rows it was grown on ended.
  struct Grown {
    var tree: RegressionTree
    /// The rows, grouped by leaf.
    var order: [Int32]
    /// Each leaf's range of `order` and its value.
    var leaves: [(range: Range<Int>, value: Double)]
  }

  private struct Leaf {
    var range: Range<Int>
    var sums: GradientSums
    var depth: Int
    var node: Int
    var histogram: Histogram?
    var best: SplitCandidate?
    /// The L2 of the leaf's value: LightGBM adds cat_l2 below a categorical split.
    var l2: Double
  }

  /// Grows a tree on `rows` with their `gradients` and `hessians`, splitting only on
  /// `features`; leaf values are −G / (H + λ) times the learning rate (λ + cat_l2 under a
  /// categorical split).
  /// `leafValue`, when given, replaces a leaf's −G / (H + λ) with its value of the leaf's rows
  /// (before the learning rate), as LightGBM renews leaves for absolute error.
  func grow(
    rows: [Int32], gradients: [Double], hessians: [Double], features: [Int],
    workspace: inout LeafRows, leafValue: ((ArraySlice<Int32>) -> Double)? = nil
  ) -> Grown {
    let finder = SplitFinder(parameters: parameters)
    var nodes: [RegressionTree.Node] = [.leaf(value: 0)]
    var total = GradientSums()
    for row in rows {
      total =
        total
        + GradientSums(
          gradient: gradients[Int(row)], hessian: hessians[Int(row)], count: 1)
    }
    workspace.load(
      data, rows: rows, gradients: gradients, hessians: hessians, workers: workers)
    func histogram(_ range: Range<Int>) -> Histogram {
      Histogram.build(data, workspace, range: range, features: features, workers: workers)
    }
    func bestSplit(_ leaf: Leaf) -> SplitCandidate? {
      guard let histogram = leaf.histogram else { return nil }
      if parameters.maxDepth > 0 && leaf.depth >= parameters.maxDepth { return nil }
      if leaf.sums.count < 2 * Double(parameters.minDataInLeaf) { return nil }
      var best: SplitCandidate? = nil
      for feature in features {
        if let found = finder.best(data, histogram, feature: feature, total: leaf.sums),
          found.gain > (best?.gain ?? 0)
        {
          best = found
        }
      }
      return best
    }
    var root = Leaf(
      range: 0..<rows.count, sums: total, depth: 0, node: 0, histogram: nil, best: nil,
      l2: parameters.lambdaL2)
    root.histogram = histogram(root.range)
    root.best = bestSplit(root)
    var leaves = [root]
    while leaves.count < parameters.numLeaves {
      // The leaf that gains most; ties go to the leaf made first.
      var chosen = -1
      var gain = 0.0
      for (index, leaf) in leaves.enumerated() {
        if let best = leaf.best, best.gain > gain {
          chosen = index
          gain = best.gain
        }
      }
      guard chosen >= 0, let split = leaves[chosen].best else { break }
      // The parent's histogram leaves its leaf, so the sibling is derived from it in place.
      var parentHistogram = leaves[chosen].histogram
      leaves[chosen].histogram = nil
      let parent = leaves[chosen]
      let middle = workspace.partition(
        parent.range, feature: split.feature, goesLeft: goesLeft(split), workers: workers)
      let leftNode = nodes.count
      nodes.append(.leaf(value: 0))
      nodes.append(.leaf(value: 0))
      if let categories = split.leftCategories {
        nodes[parent.node] = .categorical(
          feature: split.feature, categories: categories, left: leftNode, right: leftNode + 1,
          gain: split.gain)
      } else {
        nodes[parent.node] = .numeric(
          feature: split.feature,
          threshold: data.features[split.feature].thresholds[split.thresholdBin],
          defaultLeft: split.defaultLeft, left: leftNode, right: leftNode + 1, gain: split.gain)
      }
      let l2 = parameters.lambdaL2 + (split.leftCategories == nil ? 0 : parameters.catL2)
      var left = Leaf(
        range: parent.range.lowerBound..<middle, sums: split.left, depth: parent.depth + 1,
        node: leftNode, histogram: nil, best: nil, l2: l2)
      var right = Leaf(
        range: middle..<parent.range.upperBound, sums: split.right, depth: parent.depth + 1,
        node: leftNode + 1, histogram: nil, best: nil, l2: l2)
      // The smaller child is summed; the larger is its parent's histogram less the smaller.
      if var whole = parentHistogram {
        parentHistogram = nil
        if left.range.count <= right.range.count {
          let small = histogram(left.range)
          whole.subtract(small)
          left.histogram = small
          right.histogram = whole
        } else {
          let small = histogram(right.range)
          whole.subtract(small)
          right.histogram = small
          left.histogram = whole
        }
      }
      left.best = bestSplit(left)
      right.best = bestSplit(right)
      // A leaf that cannot split needs no histogram.
      if left.best == nil { left.histogram = nil }
      if right.best == nil { right.histogram = nil }
      leaves[chosen] = left
      leaves.append(right)
    }
    let scale = parameters.learningRate
    var values: [(range: Range<Int>, value: Double)] = []
    for leaf in leaves {
      let raw =
        leafValue?(workspace.order[leaf.range]) ?? -leaf.sums.gradient
        / (leaf.sums.hessian + leaf.l2)
      let value = raw * scale
      nodes[leaf.node] = .leaf(value: value)
      values.append((leaf.range, value))
    }
    return Grown(
      tree: RegressionTree(nodes: Self.preorder(nodes)), order: workspace.order,
      leaves: values)
  }

  /// Which bins of the split's feature go left (256 entries, one for every byte).
  func goesLeft(_ split: SplitCandidate) -> [Bool] {
    var goesLeft = [Bool](repeating: false, count: 256)
    if let categories = split.leftCategories {
      for code in categories { goesLeft[code] = true }
    } else {
      for bin in 0...split.thresholdBin { goesLeft[bin] = true }
      goesLeft[data.features[split.feature].missingBin] = split.defaultLeft
    }
    return goesLeft
  }

  /// The nodes renumbered in preorder (a node before its left, then its right subtree), the
  /// canonical layout of model.json.
  static func preorder(_ nodes: [RegressionTree.Node]) -> [RegressionTree.Node] {
    var numbering = [Int](repeating: -1, count: nodes.count)
    var visit: [Int] = []
    var stack = [0]
    while let index = stack.popLast() {
      numbering[index] = visit.count
      visit.append(index)
      switch nodes[index] {
      case .leaf: break
      case .numeric(_, _, _, let left, let right, _), .categorical(_, _, let left, let right, _):
        stack.append(right)
        stack.append(left)
      }
    }
    return visit.map { index in
      switch nodes[index] {
      case .leaf: return nodes[index]
      case .numeric(let feature, let threshold, let defaultLeft, let left, let right, let gain):
        return .numeric(
          feature: feature, threshold: threshold, defaultLeft: defaultLeft,
          left: numbering[left], right: numbering[right], gain: gain)
      case .categorical(let feature, let categories, let left, let right, let gain):
        return .categorical(
          feature: feature, categories: categories, left: numbering[left],
          right: numbering[right], gain: gain)
      }
    }
  }
}
