#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Truncated Newton (Newton–CG) for the binary logistic objective over a sparse design, as
/// scikit-learn's `newton-cg` solver: each step solves `H·p = −g` approximately by conjugate
/// gradients, with Hessian–vector products `Xᵀ·(h ∘ X·v)` that never form the Hessian.
///
/// Over a million hashed-text weights a handful of Newton steps replace a hundred L-BFGS
/// iterations, each of which would stream ten history pairs through memory. It stops at the
/// same test as `LBFGS` (the gradient's largest component at most `tolerance`), so the answer
/// is the same optimum; every sum runs in a fixed order, so it is deterministic.
struct NewtonCG {
  /// The most Newton steps.
  var maxIterations: Int
  /// The gradient tolerance.
  var tolerance: Double
  /// The most conjugate-gradient steps per Newton step (scikit-learn's `maxinner`).
  var maxInner = 200
  /// The most objective evaluations per line search.
  var maxLineSearch = 50

  /// Minimises `objective` from `start`; `progress` hears each step number and value.
  func minimize<Design: LinearDesign>(
    _ objective: LogisticObjective<Design>, columns: SparseColumns, from start: [Double],
    progress: ((Int, Double) -> Void)? = nil
  ) -> LBFGS.Result {
    NewtonIterations.minimize(
      from: start, maxIterations: maxIterations, tolerance: tolerance,
      maxLineSearch: maxLineSearch,
      evaluate: { theta, gradient in objective.evaluate(theta, gradient: &gradient) },
      direction: { x, gradient in
        conjugateGradient(
          objective, columns: columns, curvature: objective.curvatureWeights(x), gradient)
      },
      progress: progress)
  }

  /// An approximate solution of `H·p = −g`, stopping when the residual's 1-norm is below
  /// `min(0.5, √‖g‖₁)·‖g‖₁` (scikit-learn's forcing term), or when rounding leaves no positive
  /// curvature.
  func conjugateGradient<Design: LinearDesign>(
    _ objective: LogisticObjective<Design>, columns: SparseColumns, curvature: [Double],
    _ gradient: [Double]
  ) -> [Double] {
    let size = gradient.count
    var gradientNorm = 0.0
    for value in gradient { gradientNorm += abs(value) }
    let target = min(0.5, gradientNorm.squareRoot()) * gradientNorm
    var solution = [Double](repeating: 0, count: size)
    var residual = gradient
    var direction = gradient.map { -$0 }
    var residualSquared = LBFGS.dot(residual, residual)
    for inner in 0..<maxInner {
      var residualNorm = 0.0
      for value in residual { residualNorm += abs(value) }
      if residualNorm <= target { break }
      let product = objective.hessianProduct(direction, curvature: curvature, columns: columns)
      let bend = LBFGS.dot(direction, product)
      // The Hessian is positive definite (the penalty and a positive intercept curvature), so
      // only rounding or underflow gives no positive curvature: stop there, with at least the
      // steepest-descent direction. (SciPy's absolute test, curvature ≤ 16ε, would also stop
      // every step once the gradient is below about 1e-8, long before a tight tolerance.)
      guard bend > 0 else {
        if inner == 0 { solution = direction }
        break
      }
      let alpha = residualSquared / bend
      LBFGS.axpy(alpha, direction, &solution)
      LBFGS.axpy(alpha, product, &residual)
      let next = LBFGS.dot(residual, residual)
      let beta = next / residualSquared
      residualSquared = next
      for index in 0..<size { direction[index] = beta * direction[index] - residual[index] }
    }
    return solution
  }
}

extension LogisticObjective {
  /// Each row's weight times σ(z)(1 − σ(z)) at `theta` (one sigmoid output): the diagonal
  /// of the Hessian's middle factor.
  func curvatureWeights(_ theta: [Double]) -> [Double] {
    let d = x.columns
    let output = ResidualBuffer(count: x.rows)
    defer { output.deallocate() }
    let products = transposed?.rowProducts(theta)
    _ = RowBlocks.sum(rows: x.rows, width: 1, workers: workers) {
      [x, weights, theta, products] range, _ in
      x.withRows { rows in
        theta.withUnsafeBufferPointer { p in
          guard let w = p.baseAddress else { return }
          for row in range {
            let z = w[d] + (products?[row] ?? rows.dot(row, w))
            let e = exp(-abs(z))
            let sigmoid = z >= 0 ? 1 / (1 + e) : e / (1 + e)
            output.pointer[row] = weights[row] * sigmoid * (1 - sigmoid)
          }
        }
      }
    }
    return Array(UnsafeBufferPointer(start: output.pointer, count: x.rows))
  }

  /// The Hessian of the objective times `v` (coefficients then intercept), at the point whose
  /// `curvatureWeights` are `curvature`.
  func hessianProduct(_ v: [Double], curvature: [Double], columns: SparseColumns) -> [Double] {
    let d = x.columns
    let scaled = ResidualBuffer(count: x.rows)
    defer { scaled.deallocate() }
    let products = columns.rowProducts(v)
    let sums = RowBlocks.sum(rows: x.rows, width: 1, workers: workers) {
      [x, v, curvature, products] range, out in
      x.withRows { rows in
        v.withUnsafeBufferPointer { p in
          guard let direction = p.baseAddress else { return }
          for row in range {
            let q = curvature[row] * (direction[d] + (products?[row] ?? rows.dot(row, direction)))
            scaled.pointer[row] = q
            out[0] += q
          }
        }
      }
    }
    let product = columns.transposeMultiply(
      Array(UnsafeBufferPointer(start: scaled.pointer, count: x.rows)), workers: workers)
    var result = [Double](repeating: 0, count: d + 1)
    for index in 0..<d { result[index] = scale * product[index] + penalty * v[index] }
    result[d] = scale * sums[0]
    return result
  }
}
