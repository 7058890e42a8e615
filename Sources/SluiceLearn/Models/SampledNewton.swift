import SluiceTable

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Newton's method for the multinomial objective over a `OneHotDesign` on many rows, with the
/// Hessian taken from a fixed, evenly spaced sample of the rows (Byrd et al.'s subsampled
/// Newton) and the gradient, the objective and the stopping test from all of them.
///
/// The exact multinomial Hessian costs `K(K+1)/2` outer products of `x̃ = (x, 1)` per row,
/// about thirty gradient passes for ten classes and twenty columns, so exact Newton loses to
/// L-BFGS. On a few thousand rows it costs less than one gradient pass yet is close enough to
/// the whole data's that each step shrinks the gradient several-fold: the fit then takes
/// about half L-BFGS's passes over the rows. The line search only accepts steps that decrease
/// the objective, and the stopping test is `LBFGS`'s, so the answer is the same optimum; the
/// sample is a function of the row count only, so the result is the same for any thread count.
struct SampledNewton {
  /// The most Newton steps.
  var maxIterations: Int
  /// The gradient tolerance.
  var tolerance: Double
  /// The most objective evaluations per line search.
  var maxLineSearch = 50

  /// Rows in the Hessian's sample.
  var sampleRows = Self.defaultSampleRows

  /// The sample's default size: a few thousand rows estimate a Hessian of a few hundred
  /// parameters well enough that a step shrinks the gradient several-fold.
  static let defaultSampleRows = 8192
  /// Fewer rows than this keep L-BFGS (whose path small fits and their tests know).
  static let minimumRows = 8 * defaultSampleRows

  /// Whether a sampled Newton step is worth it for `outputs` softmax outputs on `design`: many
  /// rows, and the sample's Hessian costs at most about one pass of the gradient over all rows
  /// (its per-row terms against the gradient's multiply-adds and exponentials).
  static func suits(_ design: OneHotDesign, outputs: Int) -> Bool {
    guard outputs > 2, design.rows >= minimumRows else { return false }
    let width = Double(design.columns + 1)
    let pairs = Double(outputs * (outputs + 1) / 2)
    let hessianTerms = pairs * width * (width + 1) / 2
    let gradientTerms = Double(outputs) * (2 * width + 8)
    return Double(defaultSampleRows) * hessianTerms <= Double(design.rows) * gradientTerms
      && design.columns + 1 <= 256
  }

  /// Newton steps after which a fit that has not converged goes on with L-BFGS: a sample
  /// that misses what matters (a column or class too rare to be in it) gives steps the line
  /// search must cut short, and this bounds what they cost.
  static let stepLimit = 20

  /// Whether the sample of `sampleRows` rows stands for every row: each column's weighted
  /// sum of squares and each class's weight, scaled up by the rows per sampled row, within a
  /// factor of two of the whole data's. A rare one-hot level, a rare missing-value indicator
  /// or a rare class fails it (its curvature would be missed and the Newton step would be
  /// far too long along it), and the fit keeps L-BFGS. One pass of `columns` multiply-adds
  /// per row, a small fraction of one gradient pass.
  static func sampleRepresents(
    _ objective: LogisticObjective<OneHotDesign>, sampleRows: Int = defaultSampleRows
  ) -> Bool {
    let x = objective.x
    let y = objective.y
    let weights = objective.weights
    let classes = objective.outputs
    let width = x.columns + classes
    let step = max(1, x.rows / max(1, sampleRows))
    // Both sums in one pass over fixed row blocks: the sampled rows are the multiples of
    // `step`, and every sum runs in row order within its block.
    let sums = RowBlocks.sum(rows: x.rows, width: 2 * width, workers: objective.workers) {
      [x, y, weights] range, out in
      x.withRows { rows in
        for row in range {
          let weight = weights[row]
          if weight == 0 { continue }
          let target = row % step == 0 ? out + width : nil
          let values = rows.values + row * rows.dense
          for j in 0..<rows.dense {
            let square = weight * values[j] * values[j]
            out[j] += square
            target?[j] += square
          }
          let codes = rows.codes + row * rows.groups
          for g in 0..<rows.groups where codes[g] >= 0 {
            out[Int(codes[g])] += weight
            target?[Int(codes[g])] += weight
          }
          out[x.columns + y[row]] += weight
          target?[x.columns + y[row]] += weight
        }
      }
    }
    let sampled = (x.rows + step - 1) / step
    let factor = Double(x.rows) / Double(sampled)
    for index in 0..<width where sums[index] > 0 {
      let ratio = factor * sums[width + index] / sums[index]
      if !(ratio >= 0.5 && ratio <= 2) { return false }
    }
    return true
  }

  /// Minimises `objective` from `start`; `progress` hears each step number and value.
  func minimize(
    _ objective: LogisticObjective<OneHotDesign>, from start: [Double],
    progress: ((Int, Double) -> Void)? = nil
  ) -> LBFGS.Result {
    let newton = NewtonIterations.minimize(
      from: start, maxIterations: min(maxIterations, Self.stepLimit), tolerance: tolerance,
      maxLineSearch: maxLineSearch,
      evaluate: { theta, gradient in objective.evaluate(theta, gradient: &gradient) },
      direction: { x, gradient in
        NewtonCholesky.solve(
          objective.sampledMultinomialHessian(x, sample: sampleRows), order: x.count,
          gradient.map { -$0 })
      },
      progress: progress)
    guard !newton.converged && newton.iterations < maxIterations else { return newton }
    // Newton stalled (or ran out of steps): L-BFGS goes on from where it stopped, and the
    // iteration count covers both.
    let done = newton.iterations
    var rest = LBFGS(maxIterations: maxIterations - done, tolerance: tolerance).minimize(
      from: newton.x, { theta, gradient in objective.evaluate(theta, gradient: &gradient) },
      progress: progress.map { report in { step, value in report(done + step, value) } })
    rest.iterations += done
    return rest
  }
}

extension LogisticObjective where Design == OneHotDesign {
  /// The multinomial Hessian at `theta` estimated from `sample` evenly spaced rows, scaled to
  /// the whole objective, in the parameters' layout (class-major coefficients, then the
  /// intercepts): `(1/S)·Σᵢ wᵢ·x̃ᵢx̃ᵢᵀ ⊗ (diag(pᵢ) − pᵢpᵢᵀ)` over the sample, times the rows per
  /// sampled row, plus the penalty on the coefficients' diagonal.
  ///
  /// Shifting every intercept together leaves the softmax unchanged, so the exact Hessian is
  /// singular along that direction; the intercepts get the coefficients' penalty on their
  /// diagonal here (only in this estimate, never in the objective) so that it factors, and
  /// the gradient has no component along that direction anyway.
  func sampledMultinomialHessian(_ theta: [Double], sample: Int) -> [Double] {
    let d = x.columns
    let m = outputs
    let width = d + 1
    let packed = width * (width + 1) / 2
    let pairs = m * (m + 1) / 2
    let step = max(1, x.rows / max(1, sample))
    let sampled = (x.rows + step - 1) / step
    // Fixed chunks of the sample, added in chunk order: the same sums for any thread count.
    let chunkRows = 1024
    let chunks = (sampled + chunkRows - 1) / chunkRows
    let partials = ParallelMap.map(Array(0..<chunks), workers: max(1, workers)) {
      [x, weights, theta] chunk -> [Double] in
      var sums = [Double](repeating: 0, count: pairs * packed)
      let range = (chunk * chunkRows)..<min(sampled, (chunk + 1) * chunkRows)
      x.withRows { rows in
        theta.withUnsafeBufferPointer { p in
          sums.withUnsafeMutableBufferPointer { out in
            guard let w = p.baseAddress, let o = out.baseAddress else { return }
            Self.sampledHessianRows(
              rows, columns: d, m: m, theta: w, weights: weights,
              rows: range.lazy.map { $0 * step }, out: o)
          }
        }
      }
      return sums
    }
    var sums = [Double](repeating: 0, count: pairs * packed)
    for partial in partials {
      for index in 0..<sums.count { sums[index] += partial[index] }
    }
    // Parameter index of class k's column a (a = d is the intercept).
    func parameter(_ k: Int, _ a: Int) -> Int { a == d ? m * d + k : k * d + a }
    let order = m * width
    let factor = scale * Double(x.rows) / Double(max(1, sampled))
    var hessian = [Double](repeating: 0, count: order * order)
    var pair = 0
    for k in 0..<m {
      for l in 0...k {
        let base = pair * packed
        var index = 0
        for a in 0..<width {
          for b in 0...a {
            let value = factor * sums[base + index]
            index += 1
            let (ka, lb) = (parameter(k, a), parameter(l, b))
            let (kb, la) = (parameter(k, b), parameter(l, a))
            hessian[ka * order + lb] = value
            hessian[lb * order + ka] = value
            hessian[kb * order + la] = value
            hessian[la * order + kb] = value
          }
        }
        pair += 1
      }
    }
    for index in 0..<order { hessian[index * order + index] += penalty }
    return hessian
  }

  /// Adds the sampled `rows`' terms into `out`: for each class pair `l ≤ k` (in that order),
  /// the packed lower triangle of `Σ wᵢ·(pᵢₖ·[k = l] − pᵢₖ·pᵢₗ)·x̃ᵢx̃ᵢᵀ`.
  static func sampledHessianRows<Rows: Sequence<Int>>(
    _ design: OneHotDesign.Rows, columns d: Int, m: Int, theta: UnsafePointer<Double>,
    weights: [Double], rows: Rows, out: UnsafeMutablePointer<Double>
  ) {
    let width = d + 1
    let packed = width * (width + 1) / 2
    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: width + m + packed)
    defer { scratch.deallocate() }
    let full = scratch
    let p = scratch + width
    let outer = scratch + width + m
    for row in rows {
      let weight = weights[row]
      if weight == 0 { continue }
      // x̃ as a dense vector: the dense block, the groups' slots, then 1 for the intercept.
      full.update(repeating: 0, count: d)
      for j in 0..<design.dense { full[j] = design.values[row * design.dense + j] }
      let codes = design.codes + row * design.groups
      for g in 0..<design.groups where codes[g] >= 0 { full[Int(codes[g])] = 1 }
      full[d] = 1
      var top = -Double.infinity
      for k in 0..<m {
        p[k] = theta[m * d + k] + design.dot(row, theta + k * d)
        top = max(top, p[k])
      }
      var total = 0.0
      for k in 0..<m {
        p[k] = exp(p[k] - top)
        total += p[k]
      }
      for k in 0..<m { p[k] /= total }
      var index = 0
      for a in 0..<width {
        let value = full[a]
        for b in 0...a { outer[index + b] = value * full[b] }
        index += a + 1
      }
      var target = out
      for k in 0..<m {
        for l in 0...k {
          let c = weight * ((k == l ? p[k] : 0) - p[k] * p[l])
          if c != 0 { VectorMath.axpy(c, outer, target, packed) }
          target += packed
        }
      }
    }
  }
}
