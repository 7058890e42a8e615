#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension LogisticObjective where Design == OneHotDesign {
  /// The multinomial sums of `evaluate` (`[loss, ∂/∂W class by class, ∂/∂b]`) with the
  /// coefficients held feature-major: a row's scores are then one pass over its values, each
  /// value times the `m` contiguous weights of its feature, instead of `m` short dot products
  /// and `m` short updates of the gradient; the loops over classes vectorise.
  func multinomialSums(_ theta: [Double]) -> [Double] {
    let d = x.columns
    let m = outputs
    let dense = x.dense
    let groups = x.groups
    var transposed = [Double](repeating: 0, count: d * m)
    for k in 0..<m {
      for j in 0..<d { transposed[j * m + k] = theta[k * d + j] }
    }
    let intercepts = Array(theta[(m * d)...])
    let sums = RowBlocks.sum(rows: x.rows, width: 1 + d * m + m, workers: workers) {
      [x, y, weights, transposed, intercepts] range, out in
      x.withRows { rows in
        transposed.withUnsafeBufferPointer { tp in
          intercepts.withUnsafeBufferPointer { bp in
            guard let wt = tp.baseAddress, let b = bp.baseAddress else { return }
            Self.multinomialRows(
              rows, columns: d, dense: dense, groups: groups, m: m, wt: wt, b: b, y: y,
              weights: weights, range: range, out: out)
          }
        }
      }
    }
    var result = [Double](repeating: 0, count: 1 + d * m + m)
    result[0] = sums[0]
    for j in 0..<d {
      for k in 0..<m { result[1 + k * d + j] = sums[1 + j * m + k] }
    }
    for k in 0..<m { result[1 + d * m + k] = sums[1 + d * m + k] }
    return result
  }

  /// Adds the loss and the feature-major gradient of rows `range` into `out`.
  @inline(__always)
  static func multinomialRows(
    _ rows: OneHotDesign.Rows, columns: Int, dense: Int, groups: Int, m: Int,
    wt: UnsafePointer<Double>,
    b: UnsafePointer<Double>, y: [Int], weights: [Double], range: Range<Int>,
    out: UnsafeMutablePointer<Double>
  ) {
    let scores = UnsafeMutablePointer<Double>.allocate(capacity: m)
    defer { scores.deallocate() }
    let gradient = out + 1
    let interceptGradient = out + 1 + columns * m
    var loss = 0.0
    for row in range {
      let weight = weights[row]
      if weight == 0 { continue }
      let values = rows.values + row * dense
      let codes = rows.codes + row * groups
      for k in 0..<m { scores[k] = b[k] }
      // Slots follow the dense block, so a slot's weights are at wt + slot·m.
      for j in 0..<dense {
        let value = values[j]
        let w = wt + j * m
        for k in 0..<m { scores[k] += value * w[k] }
      }
      for g in 0..<groups where codes[g] >= 0 {
        let w = wt + Int(codes[g]) * m
        for k in 0..<m { scores[k] += w[k] }
      }
      var top = -Double.infinity
      for k in 0..<m { top = max(top, scores[k]) }
      let target = y[row]
      let targetScore = scores[target]
      var total = 0.0
      for k in 0..<m {
        let e = exp(scores[k] - top)
        total += e
        scores[k] = e
      }
      loss += weight * (log(total) + top - targetScore)
      let share = weight / total
      for k in 0..<m { scores[k] *= share }
      scores[target] -= weight
      for k in 0..<m { interceptGradient[k] += scores[k] }
      for j in 0..<dense {
        let value = values[j]
        let g = gradient + j * m
        for k in 0..<m { g[k] += value * scores[k] }
      }
      for g in 0..<groups where codes[g] >= 0 {
        let slot = gradient + Int(codes[g]) * m
        for k in 0..<m { slot[k] += scores[k] }
      }
    }
    out[0] += loss
  }
}
