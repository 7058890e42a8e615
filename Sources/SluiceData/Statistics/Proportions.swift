/// Checks and normalises count or weight vectors for the divergence measures.
enum Proportions {
  /// `counts / Σ counts` (summed in numpy's order), or nil when `counts` is empty, holds a
  /// negative or non-finite entry, or sums to 0.
  static func normalized(_ counts: [Double]) -> [Double]? {
    guard !counts.isEmpty, counts.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return nil }
    let total = PairwiseSum.sum(counts)
    guard total > 0, total.isFinite else { return nil }
    return counts.map { $0 / total }
  }

  /// Both vectors normalised, or nil when either is invalid or their lengths differ.
  static func normalizedPair(_ p: [Double], _ q: [Double]) -> ([Double], [Double])? {
    guard p.count == q.count, let p = normalized(p), let q = normalized(q) else { return nil }
    return (p, q)
  }
}
