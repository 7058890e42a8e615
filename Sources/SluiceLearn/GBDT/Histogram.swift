import SluiceTable

/// The binned training features, feature-major, with each feature's place in a histogram.
struct BinnedData: Sendable {
  /// Each feature's bins.
  var features: [FeatureBins]
  /// Each feature's bin of every training row.
  var bins: [[UInt8]]
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
  }
}

/// Gradient, hessian and row count summed per bin of every feature, three doubles a bin.
struct Histogram: Sendable {
  var sums: [Double]

  /// The histogram of `rows`, built on `workers` threads, each feature by one thread in row
  /// order, so the sums never depend on the thread count.
  static func build(
    _ data: BinnedData, rows: [Int32], gradients: [Double], hessians: [Double],
    features: [Int], workers: Int
  ) -> Histogram {
    // Small leaves are not worth a thread hand-off.
    let groups = rows.count * features.count < 200_000 ? 1 : min(workers, features.count)
    let size = features.count / max(groups, 1) + 1
    let chunks = stride(from: 0, to: features.count, by: size).map {
      Array(features[$0..<min($0 + size, features.count)])
    }
    let parts = ParallelMap.map(chunks, workers: groups) { chunk -> [(Int, [Double])] in
      chunk.map { feature in
        (feature, accumulate(data, feature, rows, gradients, hessians))
      }
    }
    var sums = [Double](repeating: 0, count: data.totalBins * 3)
    for part in parts {
      for (feature, local) in part {
        let base = data.offsets[feature] * 3
        for index in local.indices { sums[base + index] = local[index] }
      }
    }
    return Histogram(sums: sums)
  }

  /// One feature's sums over `rows`.
  static func accumulate(
    _ data: BinnedData, _ feature: Int, _ rows: [Int32], _ gradients: [Double],
    _ hessians: [Double]
  ) -> [Double] {
    var local = [Double](repeating: 0, count: data.features[feature].count * 3)
    data.bins[feature].withUnsafeBufferPointer { bins in
      gradients.withUnsafeBufferPointer { g in
        hessians.withUnsafeBufferPointer { h in
          rows.withUnsafeBufferPointer { rows in
            local.withUnsafeMutableBufferPointer { out in
              for row in rows {
                let r = Int(row)
                let slot = Int(bins[r]) &* 3
                out[slot] += g[r]
                out[slot &+ 1] += h[r]
                out[slot &+ 2] += 1
              }
            }
          }
        }
      }
    }
    return local
  }

  /// This histogram less `other` (a sibling's from its parent's).
  func subtracting(_ other: Histogram) -> Histogram {
    var result = sums
    for index in result.indices { result[index] -= other.sums[index] }
    return Histogram(sums: result)
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
