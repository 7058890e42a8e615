/// Exact null probabilities of the two-sample Kolmogorov–Smirnov statistic, counted as monotone
/// lattice paths from (0, 0) to (m, n) that touch the band `|x/m - y/n| >= h/lcm(m, n)`
/// (Hodges 1958), as scipy's `ks_2samp(method='exact')` evaluates them.
///
/// Both routines work with ratios of counts rather than the counts, which overflow a double
/// beyond a few hundred observations.
enum LatticePathProbability {
  /// `P(D_{n,n} >= h/n)` for equal sample sizes: the alternating reflection series
  /// `2·Σ (-1)^(k+1) C(2n, n-kh) / C(2n, n)` summed in Horner form so that it never subtracts
  /// nearly equal numbers.
  static func outsideSquare(n: Int, h: Int) -> Double {
    var probability = 0.0
    var k = Int((Double(n) / Double(h)).rounded(.down))
    while k >= 0 {
      var ratio = 1.0
      for j in 0..<h {
        ratio = Double(n - k * h - j) * ratio / Double(n + k * h + j + 1)
      }
      probability = ratio * (1.0 - probability)
      k -= 1
    }
    return 2 * probability
  }

  /// `P(D_{m,n} >= h·g/(m·n))` for `g = gcd(m, n)`, by the "inside" recursion rewritten to
  /// carry `1 - p` directly (Viehmann, arXiv:2102.08037), so that small p-values keep their
  /// relative accuracy. Only a sliding window of one column of the path table is kept.
  static func outsideBand(m first: Int, n second: Int, g: Int, h: Int) -> Double {
    let m = max(first, second)
    let n = min(first, second)
    let mg = Double(m / g)
    let ng = n / g

    var minJ = 0
    var maxJ = min(Int((Double(h) / mg).rounded(.up)), n + 1)
    var currentLength = maxJ - minJ
    let storage = min(2 * maxJ + 2, n + 1)
    var column = [Double](repeating: 1, count: storage)
    for index in minJ..<min(maxJ, storage) { column[index] = 0 }

    return column.withUnsafeMutableBufferPointer { a -> Double in
      for i in 1...m {
        let lastMinJ = minJ
        let lastLength = currentLength
        minJ = max(Int((Double(ng * i - h) / mg).rounded(.down)) + 1, 0)
        minJ = min(minJ, n)
        maxJ = min(Int((Double(ng * i + h) / mg).rounded(.up)), n + 1)
        if maxJ <= minJ { return 1.0 }
        let shift = minJ - lastMinJ
        // The band's geometry keeps reads inside the window; stay memory-safe regardless.
        guard maxJ - 1 - lastMinJ < storage, maxJ - minJ <= storage else { return .nan }
        var value = minJ == 0 ? 0.0 : 1.0
        let di = Double(i)
        for jj in 0..<(maxJ - minJ) {
          let j = Double(jj + minJ)
          value = (a[jj + shift] * di + value * j) / (di + j)
          a[jj] = value
        }
        currentLength = maxJ - minJ
        if lastLength > currentLength {
          // Slots past the narrower window stand for cells beyond the band, which every path
          // reaching them has already crossed.
          let end = min(currentLength + (lastLength - currentLength), storage)
          for index in currentLength..<max(end, currentLength) { a[index] = 1 }
        }
      }
      return a[maxJ - minJ - 1]
    }
  }
}
