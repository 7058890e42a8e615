import SluiceTable

/// The binned training features with each feature's place in a histogram, held twice:
/// feature-major (one feature's bins of every row, for partitioning a leaf by one feature) and
/// row-major (a row's bins side by side, so building a histogram reads each row's bins from
/// one cache line instead of one line per feature).
struct BinnedData: Sendable {
  /// Each feature's bins.
  var features: [FeatureBins]
  /// Each feature's bin of every training row.
  var bins: [[UInt8]]
  /// Every row's bins, `features.count` a row: row r's bin of feature f is at
  /// r · features.count + f.
  var rowMajor: [UInt8]
  /// Each feature's first bin in a histogram.
  var offsets: [Int]
  /// Bins in a histogram.
  var totalBins: Int

  init(features: [FeatureBins], bins: [[UInt8]]) {
    self.features = features
    self.bins = bins
    var offsets: [Int] = []
    var total = 0
    for feature in features {
      offsets.append(total)
      total += feature.count
    }
    self.offsets = offsets
    totalBins = total
    let width = bins.count
    let rows = bins.first?.count ?? 0
    var rowMajor = [UInt8](repeating: 0, count: rows * width)
    rowMajor.withUnsafeMutableBufferPointer { out in
      for (feature, column) in bins.enumerated() {
        column.withUnsafeBufferPointer { column in
          for row in 0..<rows { out[row &* width &+ feature] = column[row] }
        }
      }
    }
    self.rowMajor = rowMajor
  }
}

/// Gradient, hessian and row count summed per bin of every feature, three doubles a bin.
struct Histogram: Sendable {
  var sums: [Double]

  /// The histogram of the rows at `range` of `rows`, built on `workers` threads, each
  /// feature by one thread in row order, so the sums never depend on the thread count.
  static func build(
    _ data: BinnedData, _ rows: LeafRows, range: Range<Int>, features: [Int], workers: Int
  ) -> Histogram {
    // Small leaves are not worth a thread hand-off.
    let groups = range.count * features.count < 200_000 ? 1 : min(workers, features.count)
    let size = max(1, (features.count + max(groups, 1) - 1) / max(groups, 1))
    let chunks = stride(from: 0, to: features.count, by: size).map {
      Array(features[$0..<min($0 + size, features.count)])
    }
    let parts = ParallelMap.map(chunks, workers: groups) { chunk -> [Double] in
      accumulate(data, chunk, rows, range)
    }
    var sums = [Double](repeating: 0, count: data.totalBins * 3)
    for (chunk, local) in zip(chunks, parts) {
      var from = 0
      for feature in chunk {
        let base = data.offsets[feature] * 3
        let width = data.features[feature].count * 3
        for index in 0..<width { sums[base + index] = local[from + index] }
        from += width
      }
    }
    return Histogram(sums: sums)
  }

  /// The sums of `chunk`'s features over the rows at `range`, the features' bins one after
  /// another.
  static func accumulate(
    _ data: BinnedData, _ chunk: [Int], _ rows: LeafRows, _ range: Range<Int>
  ) -> [Double] {
    var bases: [Int] = []
    var width = 0
    for feature in chunk {
      bases.append(width)
      width += data.features[feature].count * 3
    }
    let stride = rows.stride
    var local = [Double](repeating: 0, count: width)
    rows.bins.withUnsafeBufferPointer { bins in
      rows.pairs.withUnsafeBufferPointer { pairs in
        chunk.withUnsafeBufferPointer { chunk in
          bases.withUnsafeBufferPointer { bases in
            local.withUnsafeMutableBufferPointer { out in
              for position in range {
                let g = pairs[position &* 2]
                let h = pairs[position &* 2 &+ 1]
                let line = position &* stride
                for index in 0..<chunk.count {
                  let slot = bases[index] &+ Int(bins[line &+ chunk[index]]) &* 3
                  out[slot] += g
                  out[slot &+ 1] += h
                  out[slot &+ 2] += 1
                }
              }
            }
          }
        }
      }
    }
    return local
  }

  /// Turns this histogram (a parent's) into itself less `other` (a child's): the sibling's.
  mutating func subtract(_ other: Histogram) {
    sums.withUnsafeMutableBufferPointer { sums in
      other.sums.withUnsafeBufferPointer { other in
        for index in 0..<sums.count { sums[index] -= other[index] }
      }
    }
  }
}

/// Sums of gradients, hessians and rows.
struct GradientSums: Sendable, Equatable {
  var gradient = 0.0
  var hessian = 0.0
  var count = 0.0

  static func + (a: GradientSums, b: GradientSums) -> GradientSums {
    GradientSums(
      gradient: a.gradient + b.gradient, hessian: a.hessian + b.hessian, count: a.count + b.count)
  }

  static func - (a: GradientSums, b: GradientSums) -> GradientSums {
    GradientSums(
      gradient: a.gradient - b.gradient, hessian: a.hessian - b.hessian, count: a.count - b.count)
  }
}
