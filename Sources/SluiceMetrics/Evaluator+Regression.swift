#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Evaluator {
  /// The regression metrics, from effective row weights over `count` resampled rows.
  func regression(
    _ weights: [Double], present: [Int32]?, count: Int, into values: inout MetricValues
  ) {
    let targets = set.targets
    let errors = terms[0]
    let squares = terms[1]
    let relative = terms[2]
    var total = 0.0
    var absolute = 0.0
    var squared = 0.0
    var percentage = 0.0
    var weightedTarget = 0.0
    var maximum = 0.0
    weights.withUnsafeBufferPointer { weights in
      errors.withUnsafeBufferPointer { errors in
        squares.withUnsafeBufferPointer { squares in
          relative.withUnsafeBufferPointer { relative in
            targets.withUnsafeBufferPointer { targets in
              for row in 0..<weights.count {
                let weight = weights[row]
                total += weight
                absolute += weight * errors[row]
                squared += weight * squares[row]
                percentage += weight * relative[row]
                weightedTarget += weight * targets[row]
              }
            }
          }
        }
      }
    }
    // max_error ignores sample weights in scikit-learn; a resample only drops rows.
    for position in ranked[0].order.indices.reversed() {
      let row = Int(ranked[0].order[position])
      if present?[row] ?? 1 > 0 {
        maximum = errors[row]
        break
      }
    }
    guard total > 0 else {
      for name in MetricSuite.names(for: .regression).dropFirst() {
        values.setUndefined(name, "the sample weights sum to zero")
      }
      return
    }
    values.set("mae", absolute / total)
    let mse = squared / total
    values.set("mse", mse)
    values.set("rmse", mse.squareRoot())
    if count < 2 {
      values.setUndefined("r2", "R² is not defined for fewer than two rows")
    } else {
      let mean = weightedTarget / total
      var spread = 0.0
      weights.withUnsafeBufferPointer { weights in
        targets.withUnsafeBufferPointer { targets in
          for row in 0..<weights.count {
            let deviation = targets[row] - mean
            spread += weights[row] * deviation * deviation
          }
        }
      }
      // scikit-learn's force_finite: a constant target scores 1 when predicted exactly, else 0.
      if spread > 0 {
        values.set("r2", 1 - squared / spread)
      } else {
        values.set(
          "r2", squared == 0 ? 1 : 0,
          note: "the target is constant: scikit-learn's force_finite convention")
      }
    }
    values.set("mape", percentage / total)
    values.set("median_absolute_error", weightedMedian(weights, total: total))
    values.set("max_error", maximum)
  }

  /// scikit-learn's `_weighted_percentile(…, 50, average=True)`: the first error whose
  /// cumulative weight reaches half the total, averaged with the next weighted error when the
  /// cumulative weight lands exactly on the half. With unit weights this is the median.
  func weightedMedian(_ weights: [Double], total: Double) -> Double {
    let order = ranked[0].order
    let errors = terms[0]
    let half = total / 2
    var cumulative = 0.0
    var index = order.count - 1
    for position in order.indices {
      cumulative += weights[Int(order[position])]
      if cumulative >= half {
        index = position
        break
      }
    }
    let value = errors[Int(order[index])]
    guard cumulative - half <= Self.epsilon else { return value }
    var next = index + 1
    while next < order.count && weights[Int(order[next])] == 0 { next += 1 }
    guard next < order.count else { return value }
    return (value + errors[Int(order[next])]) / 2
  }
}
