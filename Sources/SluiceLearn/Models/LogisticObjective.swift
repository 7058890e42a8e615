#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// scikit-learn's L2-penalised logistic regression objective and its gradient, evaluated in one
/// pass over the rows:
///
///     f(W, b) = (1/S) Σᵢ wᵢ·logloss(yᵢ, W·xᵢ + b) + ‖W‖² / (2·C·S),   S = Σᵢ wᵢ
///
/// which is scikit-learn's `LinearModelLoss` with `l2_reg_strength = 1 / (C·S)` (version 1.5+
/// divides by the weight sum; the minimiser is that of `Σᵢ wᵢ·logloss + ‖W‖²/(2C)` either way).
/// Binary problems have one output (the sigmoid of class 1's score); K > 2 classes have K
/// outputs under a softmax, scikit-learn's symmetric over-parameterised form. The parameters
/// are laid out as the `outputs × features` coefficients row by row, then one intercept per
/// output. The intercepts are not penalised.
struct LogisticObjective<Design: LinearDesign>: Sendable {
  /// The design matrix.
  let x: Design
  /// Class index of each row.
  let y: [Int]
  /// Effective weight of each row (sample weight × class weight).
  let weights: [Double]
  /// 1 for binary problems, else the number of classes.
  let outputs: Int
  /// `1 / S`.
  let scale: Double
  /// `1 / (C·S)`.
  let penalty: Double
  /// Threads to use; the result does not depend on it.
  let workers: Int
  /// The columns of a sparse design, for binary problems: the gradient is then `Xᵀ·r`
  /// column by column instead of a scatter into per-block copies of a very wide gradient.
  let transposed: SparseColumns?

  /// The number of parameters.
  var count: Int { outputs * (x.columns + 1) }

  /// Creates the objective for classes `0..<classes`.
  init(
    x: Design, y: [Int], weights: [Double], classes: Int, c: Double, workers: Int,
    columns: SparseColumns? = nil
  ) {
    self.x = x
    self.y = y
    self.weights = weights
    self.outputs = classes == 2 ? 1 : classes
    var total = 0.0
    for w in weights { total += w }
    self.scale = 1 / total
    self.penalty = 1 / (c * total)
    self.workers = workers
    if classes == 2, let columns {
      self.transposed = columns
    } else if classes == 2, let sparse = x as? SparseMatrix {
      self.transposed = SparseColumns(sparse)
    } else {
      self.transposed = nil
    }
  }

  /// The objective at `theta`, with its gradient written to `gradient`.
  func evaluate(_ theta: [Double], gradient: inout [Double]) -> Double {
    if let transposed { return evaluateByColumns(theta, transposed, gradient: &gradient) }
    let d = x.columns
    let m = outputs
    let sums: [Double]
    if m > 1, let oneHot = self as? LogisticObjective<OneHotDesign> {
      sums = oneHot.multinomialSums(theta)
    } else {
      sums = rowSums(theta)
    }
    var loss = 0.0
    var squaredNorm = 0.0
    for index in 0..<(m * d) {
      squaredNorm += theta[index] * theta[index]
      gradient[index] = scale * sums[1 + index] + penalty * theta[index]
    }
    for index in (m * d)..<count { gradient[index] = scale * sums[1 + index] }
    loss = scale * sums[0] + 0.5 * penalty * squaredNorm
    return loss
  }

  /// `[loss, ∂/∂W, ∂/∂b]` summed over the rows (before scaling and the penalty).
  func rowSums(_ parameters: [Double]) -> [Double] {
    let d = x.columns
    let m = outputs
    return RowBlocks.sum(rows: x.rows, width: 1 + count, workers: workers) {
      [x, y, weights] range, out in
      x.withRows { rows in
        parameters.withUnsafeBufferPointer { p in
          guard let w = p.baseAddress else { return }
          if m == 1 {
            Self.binaryBlock(rows, d, w, y, weights, range, out)
          } else {
            Self.multinomialBlock(rows, d, m, w, y, weights, range, out)
          }
        }
      }
    }
  }

  /// Adds the weighted log loss and its gradient over `range` for one sigmoid output.
  /// `out` is `[loss, ∂/∂w (d values), ∂/∂b]`.
  @inline(__always)
  static func binaryBlock(
    _ rows: Design.Rows, _ d: Int, _ theta: UnsafePointer<Double>, _ y: [Int],
    _ weights: [Double], _ range: Range<Int>, _ out: UnsafeMutablePointer<Double>
  ) {
    let intercept = theta[d]
    var loss = 0.0
    var interceptGradient = 0.0
    for row in range {
      let weight = weights[row]
      if weight == 0 { continue }
      let z = intercept + rows.dot(row, theta)
      // One exponential serves both the stable softplus and the stable sigmoid.
      let e = exp(-abs(z))
      let softplus = max(z, 0) + log1p(e)
      let sigmoid = z >= 0 ? 1 / (1 + e) : e / (1 + e)
      let target = y[row] == 1 ? 1.0 : 0.0
      loss += weight * (softplus - target * z)
      let residual = weight * (sigmoid - target)
      interceptGradient += residual
      rows.axpy(row, residual, out + 1)
    }
    out[0] += loss
    out[1 + d] += interceptGradient
  }

  /// Adds the weighted multinomial log loss and its gradient over `range` for `m` softmax
  /// outputs. `out` is `[loss, ∂/∂W (m × d values), ∂/∂b (m values)]`.
  @inline(__always)
  static func multinomialBlock(
    _ rows: Design.Rows, _ d: Int, _ m: Int, _ theta: UnsafePointer<Double>,
    _ y: [Int], _ weights: [Double], _ range: Range<Int>, _ out: UnsafeMutablePointer<Double>
  ) {
    let scores = UnsafeMutablePointer<Double>.allocate(capacity: m)
    defer { scores.deallocate() }
    let intercepts = theta + m * d
    let interceptGradient = out + 1 + m * d
    var loss = 0.0
    for row in range {
      let weight = weights[row]
      if weight == 0 { continue }
      var top = -Double.infinity
      for k in 0..<m {
        let z = intercepts[k] + rows.dot(row, theta + k * d)
        scores[k] = z
        top = max(top, z)
      }
      let target = y[row]
      let targetScore = scores[target]
      var total = 0.0
      for k in 0..<m {
        let e = exp(scores[k] - top)
        total += e
        scores[k] = e
      }
      // log Σ exp(z) − z_y, shifted by the top score so it neither overflows nor underflows.
      loss += weight * (log(total) + top - targetScore)
      let share = weight / total
      for k in 0..<m {
        var residual = share * scores[k]
        if k == target { residual -= weight }
        interceptGradient[k] += residual
        rows.axpy(row, residual, out + 1 + k * d)
      }
    }
    out[0] += loss
  }

  /// `evaluate` for one sigmoid output over a sparse design: the rows give the loss and each
  /// row's residual, then the columns give the gradient as `Xᵀ·r`.
  func evaluateByColumns(
    _ theta: [Double], _ transposed: SparseColumns, gradient: inout [Double]
  ) -> Double {
    let d = x.columns
    let residuals = ResidualBuffer(count: x.rows)
    defer { residuals.deallocate() }
    let products = transposed.rowProducts(theta)
    let sums = RowBlocks.sum(rows: x.rows, width: 2, workers: workers) {
      [x, y, weights, theta, products] range, out in
      x.withRows { rows in
        theta.withUnsafeBufferPointer { p in
          guard let w = p.baseAddress else { return }
          let intercept = w[d]
          for row in range {
            let weight = weights[row]
            if weight == 0 { continue }
            let z = intercept + (products?[row] ?? rows.dot(row, w))
            let e = exp(-abs(z))
            let softplus = max(z, 0) + log1p(e)
            let sigmoid = z >= 0 ? 1 / (1 + e) : e / (1 + e)
            let target = y[row] == 1 ? 1.0 : 0.0
            out[0] += weight * (softplus - target * z)
            let residual = weight * (sigmoid - target)
            out[1] += residual
            residuals.pointer[row] = residual
          }
        }
      }
    }
    let product = transposed.transposeMultiply(
      Array(UnsafeBufferPointer(start: residuals.pointer, count: x.rows)), workers: workers)
    var squaredNorm = 0.0
    for index in 0..<d {
      squaredNorm += theta[index] * theta[index]
      gradient[index] = scale * product[index] + penalty * theta[index]
    }
    gradient[d] = scale * sums[1]
    return scale * sums[0] + 0.5 * penalty * squaredNorm
  }
}

/// Per-row residuals written by the row blocks (each row by exactly one block).
final class ResidualBuffer: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<Double>

  init(count: Int) {
    pointer = UnsafeMutablePointer<Double>.allocate(capacity: max(1, count))
    pointer.initialize(repeating: 0, count: max(1, count))
  }

  func deallocate() { pointer.deallocate() }
}
