#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Newton's method with the exact Hessian, solved by Cholesky, for the binary logistic
/// objective over a `OneHotDesign` (scikit-learn's `newton-cholesky` solver).
///
/// When the design has a moderate number of columns, forming `Xᵀ·diag(h)·X` costs a few
/// gradient evaluations and a Newton step then does what tens of L-BFGS iterations do: on a
/// million rows with rare one-hot levels or nearly collinear columns L-BFGS needs a hundred
/// iterations, Newton under ten. The one-hot groups make the Hessian cheap: a row touches one
/// slot per group, so its outer product has `dense²/2 + dense·groups + groups²/2` terms, not
/// `columns²/2`. It stops at the same test as `LBFGS` (the gradient's largest component at
/// most `tolerance`), so the answer is the same optimum; every sum runs in fixed row blocks,
/// so the result does not depend on the thread count.
struct NewtonCholesky {
  /// The most Newton steps.
  var maxIterations: Int
  /// The gradient tolerance.
  var tolerance: Double
  /// The most objective evaluations per line search.
  var maxLineSearch = 50

  /// Whether a Newton step is cheaper overall than L-BFGS for a binary fit on `design`: the
  /// Hessian's per-row terms against a gradient evaluation's (whose exponential and logarithm
  /// count for about eight multiply-adds). A Newton step costs about `ratio` evaluations and
  /// replaces tens of L-BFGS iterations; the Cholesky factorisation must stay small too.
  static func suits(_ design: OneHotDesign, outputs: Int) -> Bool {
    guard outputs == 1 else { return false }
    let dense = Double(design.dense + 1)
    let groups = Double(design.groups)
    let hessianTerms = dense * (dense + 1) / 2 + dense * groups + groups * (groups + 1) / 2
    let gradientTerms = 2 * (dense + groups) + 8
    return hessianTerms <= 24 * gradientTerms && design.columns + 1 <= 1024
  }

  /// The solution of `H·p = −g` (`negative` is −g). H is positive definite in exact
  /// arithmetic (the penalty, and the intercept's positive curvature); when rounding says
  /// otherwise (a huge C with duplicated columns), a growing multiple of the largest diagonal
  /// entry is added until it factors, which still gives a descent direction. Nil only when
  /// nothing factors (non-finite entries).
  static func solve(_ hessian: [Double], order: Int, _ negative: [Double]) -> [Double]? {
    if let factor = Cholesky(hessian, order: order) { return factor.solve(negative) }
    var largest = 0.0
    for index in 0..<order { largest = max(largest, abs(hessian[index * order + index])) }
    var shift = 1e-12 * largest
    var shifted = hessian
    while shift.isFinite && shift > 0 && shift <= largest {
      for index in 0..<order {
        shifted[index * order + index] = hessian[index * order + index] + shift
      }
      if let factor = Cholesky(shifted, order: order) { return factor.solve(negative) }
      shift *= 100
    }
    return nil
  }

  /// Minimises `objective` from `start`; `progress` hears each step number and value.
  func minimize(
    _ objective: LogisticObjective<OneHotDesign>, from start: [Double],
    progress: ((Int, Double) -> Void)? = nil
  ) -> LBFGS.Result {
    NewtonIterations.minimize(
      from: start, maxIterations: maxIterations, tolerance: tolerance,
      maxLineSearch: maxLineSearch,
      evaluate: { theta, gradient in objective.evaluate(theta, gradient: &gradient) },
      direction: { x, gradient in
        Self.solve(objective.binaryHessian(x), order: x.count, gradient.map { -$0 })
      },
      progress: progress)
  }
}

extension LogisticObjective where Design == OneHotDesign {
  /// The objective's Hessian at `theta` for one sigmoid output, row-major over the
  /// `columns + 1` parameters (coefficients, then the intercept):
  /// `(1/S)·Σᵢ wᵢ·σᵢ(1 − σᵢ)·x̃ᵢx̃ᵢᵀ + penalty` on the coefficients' diagonal, `x̃ = (x, 1)`.
  func binaryHessian(_ theta: [Double]) -> [Double] {
    let d = x.columns
    let order = d + 1
    let dense = x.dense
    let groups = x.groups
    // Only the lower triangle is summed: row r, columns 0...r.
    let sums = RowBlocks.sum(rows: x.rows, width: order * order, workers: workers) {
      [x, weights, theta] range, out in
      x.withRows { rows in
        theta.withUnsafeBufferPointer { p in
          guard let w = p.baseAddress else { return }
          let interceptRow = out + d * order
          for row in range {
            let weight = weights[row]
            if weight == 0 { continue }
            let z = w[d] + rows.dot(row, w)
            let e = exp(-abs(z))
            let sigmoid = z >= 0 ? 1 / (1 + e) : e / (1 + e)
            let h = weight * sigmoid * (1 - sigmoid)
            let values = rows.values + row * dense
            for a in 0..<dense {
              let scaled = h * values[a]
              VectorMath.axpy(scaled, values, out + a * order, a + 1)
              interceptRow[a] += scaled
            }
            interceptRow[d] += h
            let codes = rows.codes + row * groups
            for g in 0..<groups {
              let slot = Int(codes[g])
              if slot < 0 { continue }
              let slotRow = out + slot * order
              VectorMath.axpy(h, values, slotRow, dense)
              interceptRow[slot] += h
              slotRow[slot] += h
              for other in 0..<g {
                let otherSlot = Int(codes[other])
                if otherSlot < 0 || otherSlot == slot { continue }
                out[max(slot, otherSlot) * order + min(slot, otherSlot)] += h
              }
            }
          }
        }
      }
    }
    var hessian = [Double](repeating: 0, count: order * order)
    for r in 0..<order {
      for c in 0...r {
        let value = scale * sums[r * order + c]
        hessian[r * order + c] = value
        hessian[c * order + r] = value
      }
    }
    for index in 0..<d { hessian[index * order + index] += penalty }
    return hessian
  }
}
