/// The Cholesky factorisation `A = L·Lᵀ` of a symmetric positive definite matrix, and solves
/// with it; the exact solver behind ridge regression.
public struct Cholesky: Sendable {
  /// The matrix order n.
  public let order: Int
  /// The lower triangular factor L, row-major n × n (the strict upper triangle is zero).
  public private(set) var lower: [Double]

  /// Factorises the row-major `order × order` symmetric matrix `matrix` (only its lower
  /// triangle is read); nil when it is not numerically positive definite, that is when a
  /// pivot falls to `order · ε` times the largest diagonal entry or below.
  public init?(_ matrix: [Double], order: Int) {
    guard order >= 0, matrix.count == order * order else { return nil }
    var largest = 0.0
    for index in 0..<order { largest = max(largest, abs(matrix[index * order + index])) }
    // A pivot this small relative to the diagonal carries no correct digits: the matrix is
    // singular to working precision, and the factor would only amplify rounding.
    let floor = Double(max(order, 1)) * Double.ulpOfOne * largest
    var l = [Double](repeating: 0, count: order * order)
    let ok = l.withUnsafeMutableBufferPointer { factor -> Bool in
      guard let f = factor.baseAddress else { return true }
      for j in 0..<order {
        let rowJ = f + j * order
        var pivot = matrix[j * order + j] - VectorMath.dot(rowJ, rowJ, j)
        guard pivot > floor, pivot.isFinite else { return false }
        pivot = pivot.squareRoot()
        rowJ[j] = pivot
        for i in (j + 1)..<max(order, j + 1) {
          let rowI = f + i * order
          rowI[j] = (matrix[i * order + j] - VectorMath.dot(rowI, rowJ, j)) / pivot
        }
      }
      return true
    }
    guard ok else { return nil }
    self.order = order
    self.lower = l
  }

  /// The solution x of `A·x = b` (forward then back substitution).
  public func solve(_ b: [Double]) -> [Double] {
    precondition(b.count == order, "right-hand side length must equal the matrix order")
    var x = b
    for i in 0..<order {
      var sum = x[i]
      for k in 0..<i { sum -= lower[i * order + k] * x[k] }
      x[i] = sum / lower[i * order + i]
    }
    for i in stride(from: order - 1, through: 0, by: -1) {
      var sum = x[i]
      for k in (i + 1)..<max(order, i + 1) { sum -= lower[k * order + i] * x[k] }
      x[i] = sum / lower[i * order + i]
    }
    return x
  }
}

/// The eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: slow but
/// simple and accurate, used only when Cholesky finds a matrix singular.
struct SymmetricEigen {
  /// Eigenvalues, in the order of `vectors`' columns.
  var values: [Double]
  /// Eigenvectors as the columns of a row-major n × n matrix.
  var vectors: [Double]
  let order: Int

  /// Decomposes the row-major symmetric `order × order` `matrix`.
  init(_ matrix: [Double], order: Int) {
    var a = matrix
    var v = [Double](repeating: 0, count: order * order)
    for index in 0..<order { v[index * order + index] = 1 }
    for _ in 0..<100 {
      var offDiagonal = 0.0
      var diagonal = 0.0
      for i in 0..<order {
        diagonal += a[i * order + i] * a[i * order + i]
        for j in (i + 1)..<max(order, i + 1) { offDiagonal += a[i * order + j] * a[i * order + j] }
      }
      if offDiagonal <= Double.ulpOfOne * Double.ulpOfOne * diagonal { break }
      for p in 0..<order {
        for q in (p + 1)..<max(order, p + 1) {
          let apq = a[p * order + q]
          if apq == 0 { continue }
          let theta = (a[q * order + q] - a[p * order + p]) / (2 * apq)
          let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
          let c = 1 / (t * t + 1).squareRoot()
          let s = t * c
          for k in 0..<order {
            let akp = a[k * order + p]
            let akq = a[k * order + q]
            a[k * order + p] = c * akp - s * akq
            a[k * order + q] = s * akp + c * akq
          }
          for k in 0..<order {
            let apk = a[p * order + k]
            let aqk = a[q * order + k]
            a[p * order + k] = c * apk - s * aqk
            a[q * order + k] = s * apk + c * aqk
          }
          for k in 0..<order {
            let vkp = v[k * order + p]
            let vkq = v[k * order + q]
            v[k * order + p] = c * vkp - s * vkq
            v[k * order + q] = s * vkp + c * vkq
          }
        }
      }
    }
    self.order = order
    self.values = (0..<order).map { a[$0 * order + $0] }
    self.vectors = v
  }

  /// The minimum-norm least-squares solution of `A·x = b`: eigenvalues at or below
  /// `order · ε` times the largest are treated as zero (a pseudo-inverse).
  func pseudoSolve(_ b: [Double]) -> [Double] {
    let largest = values.map(abs).max() ?? 0
    let cutoff = Double(max(order, 1)) * Double.ulpOfOne * largest
    var x = [Double](repeating: 0, count: order)
    for k in 0..<order where values[k] > cutoff {
      var projection = 0.0
      for i in 0..<order { projection += vectors[i * order + k] * b[i] }
      let scale = projection / values[k]
      for i in 0..<order { x[i] += scale * vectors[i * order + k] }
    }
    return x
  }
}
