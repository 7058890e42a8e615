import SluiceCore
import SluiceTable

/// What current data is compared with: a whole reference table, or a stored profile of one.
public enum DriftReference: Sendable {
  /// Raw reference data: every statistic is exact.
  case data(TableSample)
  /// A stored profile: numeric statistics come from its quantile sketch (exact while the
  /// sketch is, else within its rank error), categorical ones from its frequent values
  /// (exact while no more distinct values than the sketch holds).
  case profile(TableProfile)

  /// Column names in table order.
  public var names: [String] {
    switch self {
    case .data(let sample): return sample.names
    case .profile(let profile): return profile.names
    }
  }

  /// Data rows.
  public var rows: Int {
    switch self {
    case .data(let sample): return sample.rows
    case .profile(let profile): return profile.rows
    }
  }
}

extension QuantileSketch {
  /// Every retained item and its weight, sorted by value (all items, weight 1, while exact).
  var sortedWeightedItems: (values: [Double], weights: [Double]) {
    var pairs: [(Double, Double)] = []
    pairs.reserveCapacity(retainedCount)
    for level in 0..<levelCount {
      let weight = Double(UInt64(1) << UInt64(level))
      for index in levels[level]..<levels[level + 1] { pairs.append((items[index], weight)) }
    }
    pairs.sort { $0.0 < $1.0 }
    return (pairs.map(\.0), pairs.map(\.1))
  }
}
