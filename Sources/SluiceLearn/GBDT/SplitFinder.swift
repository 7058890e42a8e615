/// The best split of one leaf on one feature, from the leaf's histogram.
struct SplitCandidate: Sendable {
  var feature: Int
  /// Gain over keeping the leaf whole.
  var gain: Double
  /// Numeric: bins up to this one go left.
  var thresholdBin: Int
  /// Numeric: whether the missing bin goes left.
  var defaultLeft: Bool
  /// Categorical: the bins (codes) going left, sorted; nil for a numeric split.
  var leftCategories: [Int]?
  var left: GradientSums
  var right: GradientSums
}

/// Finds splits: the gain of a side is G² / (H + λ), and a split must leave
/// `min_data_in_leaf` rows and `min_sum_hessian_in_leaf` on each side.
///
/// As in LightGBM (feature_histogram.hpp), the rows of a bin are counted from its hessian,
/// round(H_bin · n_leaf / H_leaf), for every count rule (min_data_in_leaf, cat_smooth,
/// min_data_per_group): LightGBM's histograms hold no row counts, and the same estimate
/// makes the same trees. With unit weights under squared error it is the exact count.
struct SplitFinder: Sendable {
  var parameters: GBDTParameters

  @inline(__always)
  func score(_ sums: GradientSums, _ l2: Double) -> Double {
    sums.gradient * sums.gradient / (sums.hessian + l2)
  }

  /// The best split of a leaf whose sums are `total` on `feature`, or nil when no split
  /// improves on the leaf.
  func best(
    _ data: BinnedData, _ histogram: Histogram, feature: Int, total: GradientSums
  ) -> SplitCandidate? {
    let bins = data.features[feature]
    let base = data.offsets[feature] * 3
    let sums = histogram.sums
    func at(_ bin: Int) -> GradientSums {
      let slot = base + bin * 3
      return GradientSums(gradient: sums[slot], hessian: sums[slot + 1], count: sums[slot + 2])
    }
    let parent = score(total, parameters.lambdaL2)
    return bins.categorical
      ? categorical(bins, at, feature: feature, total: total, parent: parent)
      : numeric(bins, at, feature: feature, total: total, parent: parent)
  }

  /// The rows of `sums` estimated from its hessian (see the type's comment).
  @inline(__always)
  func rows(_ sums: GradientSums, _ total: GradientSums) -> Double {
    total.hessian > 0 ? (sums.hessian * total.count / total.hessian).rounded() : 0
  }

  /// LightGBM's numeric scans: the right side grows from the top value bin with missing
  /// values on the left; then, when the training values had missing ones (even if this leaf
  /// has none: the estimated counts round differently from this end), the left side grows
  /// from the bottom with them on the right. A later scan wins only with a larger gain.
  func numeric(
    _ bins: FeatureBins, _ at: (Int) -> GradientSums, feature: Int, total: GradientSums,
    parent: Double
  ) -> SplitCandidate? {
    var best: SplitCandidate? = nil
    let l2 = parameters.lambdaL2
    let minRows = Double(parameters.minDataInLeaf)
    let minHessian = parameters.minSumHessianInLeaf
    func consider(_ left: GradientSums, _ right: GradientSums, bin: Int, missingLeft: Bool) {
      let gain = score(left, l2) + score(right, l2) - parent
      guard gain > (best?.gain ?? 0) else { return }
      // With no missing values in training, a missing value follows the larger side.
      best = SplitCandidate(
        feature: feature, gain: gain, thresholdBin: bin,
        defaultLeft: bins.hadMissing ? missingLeft : left.count >= right.count,
        leftCategories: nil, left: left, right: right)
    }
    var right = GradientSums()
    var rightRows = 0.0
    for bin in stride(from: bins.valueBins - 1, to: 0, by: -1) {
      right = right + at(bin)
      rightRows += rows(at(bin), total)
      guard rightRows >= minRows, right.hessian >= minHessian else { continue }
      let left = total - right
      guard total.count - rightRows >= minRows, left.hessian >= minHessian else { break }
      consider(left, right, bin: bin - 1, missingLeft: true)
    }
    guard bins.hadMissing else { return best }
    var left = GradientSums()
    var leftRows = 0.0
    for bin in 0..<(bins.valueBins - 1) {
      left = left + at(bin)
      leftRows += rows(at(bin), total)
      guard leftRows >= minRows, left.hessian >= minHessian else { continue }
      let right = total - left
      guard total.count - leftRows >= minRows, right.hessian >= minHessian else { break }
      consider(left, right, bin: bin, missingLeft: false)
    }
    return best
  }

  /// LightGBM's categorical split: few categories split one versus the rest; more are
  /// sorted by smoothed gradient ratio G / (H + cat_smooth) and the best prefix from either
  /// end (at most max_cat_threshold categories, groups of min_data_per_group rows) goes left.
  func categorical(
    _ bins: FeatureBins, _ at: (Int) -> GradientSums, feature: Int, total: GradientSums,
    parent: Double
  ) -> SplitCandidate? {
    var best: SplitCandidate? = nil
    func rows(_ sums: GradientSums) -> Double { self.rows(sums, total) }
    func sidesAllowed(_ left: GradientSums, _ right: GradientSums) -> Bool {
      rows(left) >= Double(parameters.minDataInLeaf)
        && left.hessian >= parameters.minSumHessianInLeaf
        && total.count - rows(left) >= Double(parameters.minDataInLeaf)
        && right.hessian >= parameters.minSumHessianInLeaf
    }
    func consider(_ left: GradientSums, _ codes: [Int], l2: Double) {
      let right = total - left
      let gain = score(left, l2) + score(right, l2) - parent
      guard gain > (best?.gain ?? 0) else { return }
      best = SplitCandidate(
        feature: feature, gain: gain, thresholdBin: 0, defaultLeft: false,
        leftCategories: codes.sorted(), left: left, right: right)
    }
    let used = (0..<bins.valueBins).filter { at($0).count > 0 }
    // LightGBM counts the bin of missing values and other categories: one-versus-rest while
    // categories + 1 <= max_cat_to_onehot.
    if bins.count <= parameters.maxCatToOnehot {
      for code in used where sidesAllowed(at(code), total - at(code)) {
        consider(at(code), [code], l2: parameters.lambdaL2)
      }
      return best
    }
    let smooth = parameters.catSmooth
    let candidates = used.filter { rows(at($0)) >= smooth }
    let ratio = candidates.map { code -> Double in
      let sums = at(code)
      return sums.gradient / (sums.hessian + smooth)
    }
    // Ties keep code order, so the split never depends on the sort's stability.
    let sorted = candidates.indices.sorted {
      ratio[$0] != ratio[$1] ? ratio[$0] < ratio[$1] : candidates[$0] < candidates[$1]
    }.map { candidates[$0] }
    let l2 = parameters.lambdaL2 + parameters.catL2
    let limit = min(parameters.maxCatThreshold, (sorted.count + 1) / 2)
    let minLeaf = Double(parameters.minDataInLeaf)
    let minGroup = Double(parameters.minDataPerGroup)
    for order in [sorted, sorted.reversed()] {
      var left = GradientSums()
      var leftRows = 0.0
      var group = 0.0
      var codes: [Int] = []
      for code in order.prefix(limit) {
        let sums = at(code)
        left = left + sums
        leftRows += rows(sums)
        group += rows(sums)
        codes.append(code)
        guard leftRows >= minLeaf, left.hessian >= parameters.minSumHessianInLeaf else {
          continue
        }
        let rightRows = total.count - leftRows
        guard rightRows >= minLeaf, rightRows >= minGroup,
          total.hessian - left.hessian >= parameters.minSumHessianInLeaf
        else { break }
        guard group >= minGroup else { continue }
        group = 0
        consider(left, codes, l2: l2)
      }
    }
    return best
  }
}
