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
struct SplitFinder: Sendable {
  var parameters: GBDTParameters

  @inline(__always)
  func score(_ sums: GradientSums, _ l2: Double) -> Double {
    sums.gradient * sums.gradient / (sums.hessian + l2)
  }

  @inline(__always)
  func allowed(_ sums: GradientSums) -> Bool {
    sums.count >= Double(parameters.minDataInLeaf)
      && sums.hessian >= parameters.minSumHessianInLeaf
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

  func numeric(
    _ bins: FeatureBins, _ at: (Int) -> GradientSums, feature: Int, total: GradientSums,
    parent: Double
  ) -> SplitCandidate? {
    let missing = at(bins.missingBin)
    var best: SplitCandidate? = nil
    let l2 = parameters.lambdaL2
    // Missing rows go left in one pass and right in the other; with none seen, one pass.
    for missingLeft in missing.count > 0 ? [true, false] : [false] {
      var left = missingLeft ? missing : GradientSums()
      for bin in 0..<(bins.valueBins - 1) {
        left = left + at(bin)
        let right = total - left
        guard allowed(left) else { continue }
        guard allowed(right) else { break }
        let gain = score(left, l2) + score(right, l2) - parent
        guard gain > (best?.gain ?? 0) else { continue }
        best = SplitCandidate(
          feature: feature, gain: gain, thresholdBin: bin,
          defaultLeft: missing.count > 0 ? missingLeft : left.count >= right.count,
          leftCategories: nil, left: left, right: right)
      }
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
    func consider(_ left: GradientSums, _ codes: [Int], l2: Double) {
      let right = total - left
      guard allowed(left), allowed(right) else { return }
      let gain = score(left, l2) + score(right, l2) - parent
      guard gain > (best?.gain ?? 0) else { return }
      best = SplitCandidate(
        feature: feature, gain: gain, thresholdBin: 0, defaultLeft: false,
        leftCategories: codes.sorted(), left: left, right: right)
    }
    let used = (0..<bins.valueBins).filter { at($0).count > 0 }
    if bins.valueBins <= parameters.maxCatToOnehot {
      for code in used { consider(at(code), [code], l2: parameters.lambdaL2) }
      return best
    }
    let smooth = parameters.catSmooth
    let candidates = used.filter { at($0).count >= smooth }
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
    for order in [sorted, sorted.reversed()] {
      var left = GradientSums()
      var group = 0.0
      var codes: [Int] = []
      for code in order.prefix(limit) {
        let sums = at(code)
        left = left + sums
        group += sums.count
        codes.append(code)
        guard allowed(left) else { continue }
        let right = total - left
        guard allowed(right), right.count >= Double(parameters.minDataPerGroup) else { break }
        guard group >= Double(parameters.minDataPerGroup) else { continue }
        group = 0
        consider(left, codes, l2: l2)
      }
    }
    return best
  }
}
