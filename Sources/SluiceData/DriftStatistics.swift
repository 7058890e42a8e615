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
          expected: PopulationStability.binCounts(sorted: values, edges: edges),
          actual: PopulationStability.binCounts(sorted: now, edges: edges),
          epsilon: settings.psiEpsilon))
      let ks = KolmogorovSmirnov.test(sortedA: values, sortedB: now)
      stats["ks_statistic"] = .double(ks.statistic)
      stats["ks_p_value"] = .double(ks.pValue)
      stats["ks_method"] = .string(ks.method.rawValue)
      let distance = Wasserstein.distance(sortedU: values, sortedV: now)
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
          expected: expected, actual: PopulationStability.binCounts(sorted: now, edges: edges),
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
        sortedU: items.values, sortedV: now, uWeights: items.weights)
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
    guard var currentCounts = current.categoryCounts else {
      drift.note = "current data has more than \(ColumnSample.categoryLimit) distinct values"
      return drift
    }
    var referenceCounts: [String: Double] = [:]
    var referenceMissing = 0
    switch reference {
    case .data(let sample):
      referenceCounts = Self.keepingMostFrequent(
        sample.columns[index].categoryCounts ?? [:], dropped: false)
      referenceMissing = sample.columns[index].missing
    case .profile(let profile):
      let column = profile.columns[index]
      referenceMissing = column.missing
      let counts = ReferenceCategories(column)
      drift.approximate = !counts.isExact
      referenceCounts = Self.keepingMostFrequent(
        counts.closest(to: currentCounts), dropped: column.frequent.maximumError > 0)
    }
    if referenceCounts[ReferenceCategories.other] != nil {
      // Values the reference did not keep are compared as one "other" category.
      var other = 0.0
      for (value, count) in currentCounts where referenceCounts[value] == nil {
        other += count
        currentCounts[value] = nil
      }
      currentCounts[ReferenceCategories.other] = other
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

extension DriftDetector {
  /// The category of a value in a categorical comparison: its text, or for a number-like value
  /// its numeric value (`numberKey`), so a value counts alike whether a reader took it for a
  /// number or for text ("07" and "7" are one category).
  static func categoryKey(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let number = ValueParser.number(bytes)
    if number.kind == .integer || number.kind == .float { return numberKey(number.double) }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Categories compared one by one when the reference has more than twice as many distinct
  /// values: then the rest are one "other" category, on a data reference as on a profile
  /// (whose frequent-values sketch keeps no more), so both references give one answer.
  static let keptCategories = FrequentItems.defaultCapacity

  /// `counts` with all but the `keptCategories` largest (ties by bytes) folded into "other",
  /// when there are more than twice that many or the reference sketch already `dropped` some.
  static func keepingMostFrequent(_ counts: [String: Double], dropped: Bool) -> [String: Double] {
    let other = ReferenceCategories.other
    guard dropped || counts.count - (counts[other] == nil ? 0 : 1) > 2 * keptCategories else {
      return counts
    }
    let ranked = counts.filter { $0.key != other }.sorted { a, b in
      a.value != b.value
        ? a.value > b.value : Array(a.key.utf8).lexicographicallyPrecedes(Array(b.key.utf8))
    }
    var result = Dictionary(
      uniqueKeysWithValues: ranked.prefix(keptCategories).map { ($0.key, $0.value) })
    let rest = ranked.dropFirst(keptCategories).reduce(counts[other] ?? 0) { $0 + $1.value }
    if rest > 0 { result[other] = rest }
    return result
  }

  /// A number as a category: integral values as integers, others in canonical JSON form.
  static func numberKey(_ value: Double) -> String {
    if value == value.rounded(.towardZero) && abs(value) < 9.0e15 { return String(Int64(value)) }
    return CanonicalJSON.formatDouble(value) ?? String(value)
  }
}

/// A profile column's category counts as intervals that hold the true counts (docs/formats.md,
/// "Drift"): the frequent values' sketch keeps each count within `error` below the truth, and
/// number-like values the profiler read as numbers (those before a chunk's first text value)
/// sit in the quantile sketch, whose point masses are within its PMF error. Whatever neither
/// sketch holds is one "other" category.
struct ReferenceCategories {
  /// The key of the category of values the sketches did not keep.
  static let other = "\u{0}other"
  /// The key of reference mass that moving counts within their intervals left unattributed,
  /// when the sketches dropped no value (so no value of the data belongs to it).
  static let unattributed = "\u{0}unattributed"

  var estimate: [String: Double] = [:]
  var low: [String: Double] = [:]
  var high: [String: Double] = [:]
  /// Non-missing values counted by no key.
  var rest = 0.0

  init(_ column: ColumnProfiler) {
    let error = Double(column.frequent.maximumError)
    var numberLike: Set<String> = []
    for item in column.frequent.topItems(column.frequent.trackedCount) {
      let count = Double(item.count)
      item.bytes.withUnsafeBufferPointer { bytes in
        let key = DriftDetector.categoryKey(bytes)
        add(key, estimate: count, low: count, high: count + error)
        let kind = ValueParser.number(bytes).kind
        if kind == .integer || kind == .float { numberLike.insert(key) }
      }
    }
    let sketch = column.quantiles
    if sketch.count > 0 {
      let items = sketch.sortedWeightedItems
      let slack = sketch.pmfErrorBound * Double(sketch.count)
      var retained: Set<String> = []
      var index = 0
      while index < items.values.count {
        let value = items.values[index]
        var weight = 0.0
        while index < items.values.count && items.values[index] == value {
          weight += items.weights[index]
          index += 1
        }
        let key = DriftDetector.numberKey(value)
        add(key, estimate: weight, low: Swift.max(0, weight - slack), high: weight + slack)
        retained.insert(key)
      }
      // A number-like value the sketch compacted away may still hold up to its error.
      if slack > 0 {
        for key in numberLike.subtracting(retained) { high[key, default: 0] += slack }
      }
    }
    rest = Swift.max(0, Double(column.present) - estimate.values.reduce(0, +))
  }

  private mutating func add(
    _ key: String, estimate count: Double, low lower: Double, high upper: Double
  ) {
    estimate[key, default: 0] += count
    low[key, default: 0] += lower
    high[key, default: 0] += upper
  }

  /// Whether every count is exact and nothing is left over.
  var isExact: Bool { rest < 0.5 && estimate.keys.allSatisfy { low[$0] == high[$0] } }

  /// The counts, within their intervals, closest to `current`: each kept category takes the
  /// current count clamped to its interval, and "other" gives or takes the difference (never
  /// going below zero; see `unattributed`). A table compared with its own profile so gets its own counts back,
  /// whatever the sketches dropped; any other table differs by at least what the sketches
  /// cannot explain.
  func closest(to current: [String: Double]) -> [String: Double] {
    var result = estimate
    var other = rest
    let keys = estimate.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    var raises: [(String, Double)] = []
    for key in keys {
      let point = estimate[key] ?? 0
      let target = Swift.min(
        Swift.max(current[key] ?? 0, low[key] ?? point), high[key] ?? point)
      if target < point {
        result[key] = target
        other += point - target
      } else if target > point {
        raises.append((key, target - point))
      }
    }
    // Lowered counts first, so the mass they free is there for the raised ones.
    for (key, raise) in raises {
      let delta = Swift.min(raise, other)
      result[key, default: 0] += delta
      other -= delta
    }
    // Only values the sketches dropped make an "other" that the data's unseen values join;
    // mass freed by lowering counts alone stays apart, so new values still count as new.
    if other > 0.5 { result[rest >= 0.5 ? Self.other : Self.unattributed] = other }
    return result
  }
}
