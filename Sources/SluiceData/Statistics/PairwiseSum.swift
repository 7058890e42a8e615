/// Floating-point summation in exactly numpy's order (`np.sum` on a contiguous float64 array):
/// blocks of at most 128 terms summed in eight interleaved lanes, larger ranges split in halves
/// rounded down to a multiple of eight.
///
/// Using numpy's order rather than a naive loop makes sums of proportions and divergence terms
/// bit-identical to the Python oracles instead of merely close.
enum PairwiseSum {
  /// The sum of `values`.
  static func sum(_ values: [Double]) -> Double {
    values.withUnsafeBufferPointer { buffer in sum(count: buffer.count) { buffer[$0] } }
  }

  /// The sum of `term(0) ... term(count - 1)`, without materialising the terms.
  @inline(__always)
  static func sum(count: Int, _ term: (Int) -> Double) -> Double {
    block(start: 0, count: count, term)
  }

  private static func block(start: Int, count n: Int, _ term: (Int) -> Double) -> Double {
    if n < 8 {
      var result = 0.0
      for i in 0..<n { result += term(start + i) }
      return result
    }
    if n <= 128 {
      var r0 = term(start)
      var r1 = term(start + 1)
      var r2 = term(start + 2)
      var r3 = term(start + 3)
      var r4 = term(start + 4)
      var r5 = term(start + 5)
      var r6 = term(start + 6)
      var r7 = term(start + 7)
      var i = 8
      let end = n - n % 8
      while i < end {
        r0 += term(start + i)
        r1 += term(start + i + 1)
        r2 += term(start + i + 2)
        r3 += term(start + i + 3)
        r4 += term(start + i + 4)
        r5 += term(start + i + 5)
        r6 += term(start + i + 6)
        r7 += term(start + i + 7)
        i += 8
      }
      var result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
      while i < n {
        result += term(start + i)
        i += 1
      }
      return result
    }
    var half = n / 2
    half -= half % 8
    return block(start: start, count: half, term)
      + block(start: start + half, count: n - half, term)
  }
}
