/// The threshold curves drawn by `evaluate --plots`, computed exactly as scikit-learn does.
///
/// Every array operation mirrors scikit-learn 1.9's `confusion_matrix_at_thresholds`,
/// `roc_curve` and `precision_recall_curve` step for step (same sort order, same sequential
/// cumulative sums, same divisions), so the points equal scikit-learn's bit for bit rather
/// than merely approximately.
public enum PlotCurves {
  /// Weighted false and true positive counts at each distinct score, highest score first.
  public struct ThresholdCounts: Sendable, Equatable {
    /// Cumulative (weighted) negatives scored at or above each threshold.
    public var falsePositives: [Double]
    /// Cumulative (weighted) positives scored at or above each threshold.
    public var truePositives: [Double]
    /// The distinct scores, decreasing.
    public var thresholds: [Double]

    /// Counts for rows whose truth is `positive[i]` and score `scores[i]`; rows of zero
    /// weight are left out, as scikit-learn does. Scores must be finite.
    public init(positive: [Bool], scores: [Double], weights: [Double]?) {
      var keyed: [(score: Double, row: Int)] = []
      keyed.reserveCapacity(scores.count)
      for row in 0..<min(positive.count, scores.count) {
        if let weights, row < weights.count, weights[row] == 0 { continue }
        keyed.append((scores[row], row))
      }
      // A stable descending sort: ties keep file order, as `xp.argsort(stable=True,
      // descending=True)` does; the order matters because it fixes the summation order.
      // Sorting (score, row) pairs in place is several times faster than sorting indices.
      keyed.sort { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
      let rows = keyed.map(\.row)
      keyed = []
      falsePositives = []
      truePositives = []
      thresholds = []
      var positives = 0.0
      var negatives = 0.0
      for (position, row) in rows.enumerated() {
        let truth = positive[row] ? 1.0 : 0.0
        let weight = weights.map { $0[row] } ?? 1.0
        positives += truth * weight
        if weights != nil { negatives += (1 - truth) * weight }
        let isLast = position + 1 == rows.count
        guard isLast || scores[rows[position + 1]] != scores[row] else { continue }
        truePositives.append(positives)
        // Unweighted, scikit-learn derives false positives from the row position.
        falsePositives.append(weights == nil ? 1 + Double(position) - positives : negatives)
        thresholds.append(scores[row])
      }
    }
  }

  /// A receiver operating characteristic curve: `roc_curve(drop_intermediate=True)`.
  public struct ROC: Sendable, Equatable {
    /// False positive rates, increasing from 0; NaN throughout when there are no negatives.
    public var falsePositiveRate: [Double]
    /// True positive rates, increasing from 0; NaN throughout when there are no positives.
    public var truePositiveRate: [Double]
    /// Decision thresholds, decreasing; the first is +infinity.
    public var thresholds: [Double]

    /// The curve of `counts`, with collinear intermediate points dropped.
    public init(_ counts: ThresholdCounts) {
      var fps = counts.falsePositives
      var tps = counts.truePositives
      var cuts = counts.thresholds
      if fps.count > 2 {
        var kept = [0]
        for middle in 1..<(fps.count - 1) {
          // np.diff(x, 2) evaluated exactly: a difference of differences.
          let fpsBend = (fps[middle + 1] - fps[middle]) - (fps[middle] - fps[middle - 1])
          let tpsBend = (tps[middle + 1] - tps[middle]) - (tps[middle] - tps[middle - 1])
          if fpsBend != 0 || tpsBend != 0 { kept.append(middle) }
        }
        kept.append(fps.count - 1)
        fps = kept.map { fps[$0] }
        tps = kept.map { tps[$0] }
        cuts = kept.map { cuts[$0] }
      }
      fps.insert(0, at: 0)
      tps.insert(0, at: 0)
      cuts.insert(.infinity, at: 0)
      falsePositiveRate = PlotCurves.normalized(fps)
      truePositiveRate = PlotCurves.normalized(tps)
      thresholds = cuts
    }

    /// Whether both classes are present, so the rates are defined.
    public var isDefined: Bool {
      falsePositiveRate.count > 1 && !(falsePositiveRate.last ?? .nan).isNaN
        && !(truePositiveRate.last ?? .nan).isNaN
    }

    /// The area under the curve by the trapezoidal rule (`sklearn.metrics.auc`); nil when
    /// undefined.
    public var area: Double? {
      guard isDefined else { return nil }
      var total = 0.0
      for index in 1..<falsePositiveRate.count {
        let width = falsePositiveRate[index] - falsePositiveRate[index - 1]
        total += width * (truePositiveRate[index] + truePositiveRate[index - 1]) / 2
      }
      return total
    }
  }

  /// A precision–recall curve: `precision_recall_curve(drop_intermediate=False)`.
  public struct PrecisionRecall: Sendable, Equatable {
    /// Precision at each threshold (0 where nothing is predicted positive), then a final 1.
    public var precision: [Double]
    /// Recall at each threshold (1 throughout when there are no positives), then a final 0.
    public var recall: [Double]
    /// Decision thresholds, increasing; one fewer than the points.
    public var thresholds: [Double]

    /// The curve of `counts`, in scikit-learn's order (recall decreasing).
    public init(_ counts: ThresholdCounts) {
      let tps = counts.truePositives
      let fps = counts.falsePositives
      let allPositives = tps.last ?? 0
      var precision: [Double] = []
      var recall: [Double] = []
      precision.reserveCapacity(tps.count + 1)
      recall.reserveCapacity(tps.count + 1)
      for index in stride(from: tps.count - 1, through: 0, by: -1) {
        let predicted = tps[index] + fps[index]
        precision.append(predicted != 0 ? tps[index] / predicted : 0)
        recall.append(allPositives == 0 ? 1 : tps[index] / allPositives)
      }
      precision.append(1)
      recall.append(0)
      self.precision = precision
      self.recall = recall
      thresholds = counts.thresholds.reversed()
    }

    /// Whether the curve has at least one threshold and one positive.
    public var isDefined: Bool { !thresholds.isEmpty && hasPositives }

    /// Average precision as `average_precision_score` defines it: Σ (Rₙ − Rₙ₋₁) Pₙ.
    public var averagePrecision: Double? {
      guard isDefined else { return nil }
      var total = 0.0
      for index in 0..<(recall.count - 1) {
        total += (recall[index] - recall[index + 1]) * precision[index]
      }
      return total
    }

    /// False when the truth had no positives (recall is then 1 by convention).
    private var hasPositives: Bool {
      // With no positives every precision before the final point is 0.
      precision.dropLast().contains { $0 > 0 }
    }
  }

  /// `values` divided by their last element, or NaN throughout when that is not positive.
  static func normalized(_ values: [Double]) -> [Double] {
    guard let total = values.last, total > 0 else {
      return [Double](repeating: .nan, count: values.count)
    }
    return values.map { $0 / total }
  }
}
