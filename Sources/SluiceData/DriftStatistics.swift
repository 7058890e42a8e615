import SluiceCore
import SluiceTable

extension DriftDetector {
  /// PSI, KS and normalised Wasserstein of a numeric column.
  static func numeric(
    _ name: String, reference: DriftReference, index: Int, current: ColumnSample,
    settings: DriftSettings
  ) -> ColumnDrift {
    var drift = ColumnDrift(
      name: name, kind: "numeric", method: nil, statistic: nil, threshold: nil, drifted: false,
      note: nil, statistics: [:], approximate: false)
    let now = RadixSort.sorted(current.numbers)
    var stats: [String: JSONValue] = [
      "current_count": .int(Int64(now.count)),
      "current_missing": .int(Int64(current.missing)),
    ]
    if current.nonNumbers > 0 { stats["current_non_numeric"] = .int(Int64(current.nonNumbers)) }
    var exactReference: [Double]? = nil
    var sketch: QuantileSketch? = nil
    var referenceStd: Double? = nil
    switch reference {
    case .data(let sample):
      let values = RadixSort.sorted(sample.columns[index].numbers)
      exactReference = values
      stats["reference_count"] = .int(Int64(values.count))
      stats["reference_missing"] = .int(Int64(sample.columns[index].missing))
      // Computed as a profile computes it, so a profile reference agrees with the data.
      referenceStd = sample.columns[index].numbers.withUnsafeBufferPointer {
        Moments(batch: $0).populationVariance.map { $0.squareRoot() }
      }
    case .profile(let profile):
      let column = profile.columns[index]
      stats["reference_count"] = .int(Int64(column.quantiles.count))
      stats["reference_missing"] = .int(Int64(column.missing))
      referenceStd = column.moments.populationVariance.map { $0.squareRoot() }
      if column.quantiles.isExact {
        exactReference = column.quantiles.sortedWeightedItems.values
      } else {
        sketch = column.quantiles
        drift.approximate = true
        stats["reference_rank_error"] = .double(column.quantiles.rankErrorBound)
      }
    }
    guard !now.isEmpty, exactReference.map({ !$0.isEmpty }) ?? (sketch?.count ?? 0 > 0) else {
      drift.note = "no values on one side"
      drift.statistics = stats
      return drift
    }
    if let values = exactReference {
      let edges = PopulationStability.quantileBinEdges(reference: values, bins: settings.bins)
      stats["psi"] = .double(
        PopulationStability.index(
          expected: PopulationStability.binCounts(values, edges: edges),
          actual: PopulationStability.binCounts(now, edges: edges), epsilon: settings.psiEpsilon))
      let ks = KolmogorovSmirnov.test(sortedA: values, sortedB: now)
      stats["ks_statistic"] = .double(ks.statistic)
      stats["ks_p_value"] = .double(ks.pValue)
      stats["ks_method"] = .string(ks.method.rawValue)
      let distance = Wasserstein.distance(values, now)
      stats["wasserstein"] = .double(distance)
      if let std = referenceStd, std > 0 { stats["wasserstein_normed"] = .double(distance / std) }
    } else if let sketch {
      let items = sketch.sortedWeightedItems
      let bins = max(2, settings.bins)
      var edges: [Double] = []
      for i in 1..<bins {
        if let edge = sketch.quantile(Double(i) / Double(bins)), edges.last != edge {
          edges.append(edge)
        }
      }
      let ranks = sketch.cdf(at: edges)
      var expected: [Double] = []
      var previous = 0.0
      for rank in ranks {
        expected.append(rank - previous)
        previous = rank
      }
      expected.append(1 - previous)
      stats["psi"] = .double(
        PopulationStability.index(
          expected: expected, actual: PopulationStability.binCounts(now, edges: edges),
          epsilon: settings.psiEpsilon))
      // KS between the current ECDF and the sketch's CDF, both evaluated (≤ x) at every
      // point where either steps, as scipy does for two samples.
      let total = items.weights.reduce(0, +)
      var statistic = 0.0
      var below = 0
      var next = 0
      var weight = 0.0
      while below < now.count || next < items.values.count {
        let x = min(
          below < now.count ? now[below] : .infinity,
          next < items.values.count ? items.values[next] : .infinity)
        while below < now.count && now[below] <= x { below += 1 }
        while next < items.values.count && items.values[next] <= x {
          weight += items.weights[next]
          next += 1
        }
        statistic = max(statistic, abs(Double(below) / Double(now.count) - weight / total))
      }
      stats["ks_statistic"] = .double(statistic)
      let ks = KolmogorovSmirnov.pValue(
        statistic: statistic, Int(total), now.count, method: .asymptotic)
      stats["ks_p_value"] = .double(ks.pValue)
      stats["ks_method"] = .string("asymptotic, reference from a sketch")
      let distance = Wasserstein.distance(
        items.values, now, uWeights: items.weights, vWeights: nil)
      stats["wasserstein"] = .double(distance)
      if let std = referenceStd, std > 0 { stats["wasserstein_normed"] = .double(distance / std) }
    }
    drift.statistics = stats
    return drift
  }

  /// PSI, Jensen–Shannon, chi-square and L∞ of a categorical column.
  static func categorical(
    _ name: String, reference: DriftReference, index: Int, current: ColumnSample,
    settings: DriftSettings
  ) -> ColumnDrift {
    var drift = ColumnDrift(
      name: name, kind: "categorical", method: nil, statistic: nil, threshold: nil,
      drifted: false, note: nil, statistics: [:], approximate: false)
    var referenceCounts: [String: Double] = [:]
    var referenceMissing = 0
    switch reference {
    case .data(let sample):
      referenceCounts = sample.columns[index].categoryCounts
      referenceMissing = sample.columns[index].missing
    case .profile(let profile):
      let column = profile.columns[index]
      referenceMissing = column.missing
      var tracked = 0.0
      for item in column.frequent.topItems(column.frequent.trackedCount) {
        referenceCounts[String(decoding: item.bytes, as: UTF8.self)] = Double(item.count)
        tracked += Double(item.count)
      }
      let rest = Double(column.present) - tracked
      if column.frequent.maximumError > 0 || rest > 0.5 {
        drift.approximate = true
        if rest > 0.5 { referenceCounts["\u{0}other"] = rest }
      }
    }
    guard current.categories != nil else {
      drift.note = "current data has more than \(ColumnSample.categoryLimit) distinct values"
      return drift
    }
    var currentCounts = current.categoryCounts
    if referenceCounts["\u{0}other"] != nil {
      // Values the reference sketch did not keep are compared as one "other" category.
      var other = 0.0
      for (value, count) in currentCounts where referenceCounts[value] == nil {
        other += count
        currentCounts[value] = nil
      }
      currentCounts["\u{0}other"] = other
    }
    let categories = Set(referenceCounts.keys).union(currentCounts.keys).sorted {
      Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
    }
    let p = categories.map { referenceCounts[$0] ?? 0 }
    let q = categories.map { currentCounts[$0] ?? 0 }
    var stats: [String: JSONValue] = [
      "categories": .int(Int64(categories.count)),
      "reference_count": .int(Int64(p.reduce(0, +))),
      "reference_missing": .int(Int64(referenceMissing)),
      "current_count": .int(Int64(q.reduce(0, +))),
      "current_missing": .int(Int64(current.missing)),
    ]
    guard p.reduce(0, +) > 0, q.reduce(0, +) > 0 else {
      drift.note = "no values on one side"
      drift.statistics = stats
      return drift
    }
    stats["psi"] = .double(
      PopulationStability.index(expected: p, actual: q, epsilon: settings.psiEpsilon))
    stats["js_distance"] = .double(JensenShannon.distance(p, q))
    stats["l_infinity"] = .double(Distances.lInfinity(p, q))
    let chi = ChiSquare.contingency([p, q])
    stats["chi_square_statistic"] = .double(chi.statistic)
    stats["chi_square_p_value"] = .double(chi.pValue)
    stats["chi_square_dof"] = .int(Int64(chi.degreesOfFreedom))
    let novel = categories.filter { (referenceCounts[$0] ?? 0) == 0 }
    if !novel.isEmpty {
      stats["new_categories"] = .array(novel.prefix(10).map { .string($0) })
    }
    drift.statistics = stats
    return drift
  }
}
