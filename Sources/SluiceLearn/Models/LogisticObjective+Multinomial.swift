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
    // Scores, then four partial sums per class: the dense dot product is summed exactly as
    // `VectorMath.dot` sums it (four interleaved sums, then the slots in group order), so the
    // model is bit-identical to the row-major kernel's.
    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 5 * m)
    defer { scratch.deallocate() }
    let scores = scratch
    let s0 = scratch + m
    let s1 = scratch + 2 * m
    let s2 = scratch + 3 * m
    let s3 = scratch + 4 * m
    let gradient = out + 1
    let interceptGradient = out + 1 + columns * m
    var loss = 0.0
    for row in range {
      let weight = weights[row]
      if weight == 0 { continue }
      let values = rows.values + row * dense
      let codes = rows.codes + row * groups
      s0.update(repeating: 0, count: 4 * m)
      // Slots follow the dense block, so a slot's weights are at wt + slot·m.
      var j = 0
      while j + 4 <= dense {
        let (v0, v1, v2, v3) = (values[j], values[j + 1], values[j + 2], values[j + 3])
        let w0 = wt + j * m
        let w1 = w0 + m
        let w2 = w1 + m
        let w3 = w2 + m
        for k in 0..<m {
          s0[k] += v0 * w0[k]
          s1[k] += v1 * w1[k]
          s2[k] += v2 * w2[k]
          s3[k] += v3 * w3[k]
        }
        j += 4
      }
      while j < dense {
        let value = values[j]
        let w = wt + j * m
        for k in 0..<m { s0[k] += value * w[k] }
        j += 1
      }
      for k in 0..<m { scores[k] = (s0[k] + s1[k]) + (s2[k] + s3[k]) }
      for g in 0..<groups where codes[g] >= 0 {
        let w = wt + Int(codes[g]) * m
        for k in 0..<m { scores[k] += w[k] }
      }
      for k in 0..<m { scores[k] += b[k] }
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
