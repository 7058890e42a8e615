/// Holm's step-down adjustment of p-values, controlling the family-wise error rate.
public enum Holm {
  /// Adjusted p-values in input order: sorted ascending, the k-th of m (1-based) becomes
  /// max over j ≤ k of min(1, (m − j + 1)·p₍ⱼ₎). Ties keep input order.
  public static func adjust(_ pValues: [Double]) -> [Double] {
    let m = pValues.count
    let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
    var adjusted = [Double](repeating: 1, count: m)
    var running = 0.0
    for (rank, index) in order.enumerated() {
      let value = min(1, Double(m - rank) * pValues[index])
      running = max(running, value)
      adjusted[index] = running
    }
    return adjusted
  }
}
