import Foundation
import SluiceCore
import XCTest

@testable import SluiceLearn

/// The dense matrix, the solvers and the block sums the models are built on.
final class ModelMatrixTests: XCTestCase {
  func testDenseMatrixShapeProductsAndNonFiniteScan() throws {
    let m = try DenseMatrix(rowList: [[1, 2, 3], [4, 5, 6]])
    XCTAssertEqual(m.rows, 2)
    XCTAssertEqual(m.columns, 3)
    XCTAssertEqual(m[1, 2], 6)
    XCTAssertEqual(Array(m.row(1)), [4, 5, 6])
    XCTAssertEqual(m.multiply([1, 0, -1]), [-2, -2])
    XCTAssertEqual(m.transposeMultiply([1, 2]), [9, 12, 15])
    XCTAssertNil(m.firstNonFinite())
    var bad = m
    bad[1, 1] = -.infinity
    XCTAssertEqual(bad.firstNonFinite()?.row, 1)
    XCTAssertEqual(bad.firstNonFinite()?.column, 1)
    XCTAssertThrowsError(try DenseMatrix(rows: 2, columns: 2, values: [1, 2, 3]))
    XCTAssertThrowsError(try DenseMatrix(rowList: [[1, 2], [3]]))
    XCTAssertEqual(DenseMatrix(zeros: 2, columns: 2).values, [0, 0, 0, 0])
  }

  func testDotProductCoversEveryLength() {
    for count in 0..<11 {
      let a = (0..<count).map { Double($0 + 1) }
      let b = (0..<count).map { Double(2 * $0 - 3) }
      let expected = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
      let actual = a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb -> Double in
          guard let x = pa.baseAddress, let y = pb.baseAddress else { return 0 }
          return VectorMath.dot(x, y, count)
        }
      }
      XCTAssertEqual(actual, expected, "length \(count)")
    }
  }

  func testCholeskySolvesAndRejectsSingularMatrices() throws {
    let a: [Double] = [4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]
    let factor = try XCTUnwrap(Cholesky(a, order: 3))
    let x = factor.solve([1, 2, 3])
    for i in 0..<3 {
      let row = (0..<3).reduce(0.0) { $0 + a[i * 3 + $1] * x[$1] }
      XCTAssertEqual(row, Double(i + 1), accuracy: 1e-14)
    }
    XCTAssertEqual(factor.lower[1], 0, "the strict upper triangle stays zero")
    XCTAssertNil(Cholesky([1, 1, 1, 1], order: 2), "singular")
    XCTAssertNil(Cholesky([1, 2, 2, 1], order: 2), "indefinite")
    XCTAssertNil(Cholesky([1, 2, 3], order: 2), "wrong size")
    let empty = try XCTUnwrap(Cholesky([], order: 0))
    XCTAssertEqual(empty.solve([]), [])
  }

  func testSymmetricEigenPseudoInverse() {
    let eigen = SymmetricEigen([2, 1, 1, 2], order: 2)
    XCTAssertEqual(eigen.values.sorted()[0], 1, accuracy: 1e-14)
    XCTAssertEqual(eigen.values.sorted()[1], 3, accuracy: 1e-14)
    // [[1, 1], [1, 1]] has rank one: the minimum-norm solution of A x = [2, 2] is [1, 1].
    let singular = SymmetricEigen([1, 1, 1, 1], order: 2).pseudoSolve([2, 2])
    XCTAssertEqual(singular[0], 1, accuracy: 1e-14)
    XCTAssertEqual(singular[1], 1, accuracy: 1e-14)
  }

  func testBlockSumsAreThreadCountIndependent() {
    let rows = 100_003
    let values = (0..<rows).map { 1 / Double($0 + 1) }
    func sum(_ workers: Int) -> [Double] {
      RowBlocks.sum(rows: rows, width: 2, workers: workers) { range, out in
        for row in range {
          out[0] += values[row]
          out[1] += 1
        }
      }
    }
    let single = sum(1)
    XCTAssertEqual(single[1], Double(rows))
    for workers in [2, 3, 7] { XCTAssertEqual(sum(workers), single, "\(workers) workers") }
    XCTAssertEqual(RowBlocks.blockRows(rows: 10, width: 3), RowBlocks.minimumBlockRows)
    XCTAssertGreaterThan(
      RowBlocks.blockRows(rows: 1_000_000, width: 1 << 20), RowBlocks.minimumBlockRows,
      "wide partials cap the number of blocks")
  }
}
