#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Evaluator {
  /// The clipping bound of probabilities in log loss: float64 machine epsilon, as
  /// scikit-learn's `log_loss` (which clips each class's probability to [eps, 1 - eps]).
  static let epsilon = Double.ulpOfOne

  /// The binary metrics, from effective row weights; `present` marks rows in the resample.
  func binary(_ weights: [Double], present: [Int32]?, into values: inout MetricValues) {
    let sums = binarySums(weights)
    let total = sums.total
    let positives = sums.positives
    let correct = sums.correct
    let truePositive = sums.truePositive
    let falsePositive = sums.falsePositive
    let negatives = total - positives
    let falseNegative = positives - truePositive
    guard total > 0 else {
      for name in MetricSuite.names(for: .binary).dropFirst() {
        values.setUndefined(name, "the sample weights sum to zero")
      }
      return
    }
    values.set("accuracy", correct / total)
    // scikit-learn averages the recall of the classes present in the target.
    var recalls: [Double] = []
    if negatives > 0 { recalls.append((negatives - falsePositive) / negatives) }
    if positives > 0 { recalls.append(truePositive / positives) }
    values.set("balanced_accuracy", recalls.reduce(0, +) / Double(recalls.count))
    let zero = "0.0 as scikit-learn's zero_division=\"warn\": "
    if truePositive + falsePositive > 0 {
      values.set("precision", truePositive / (truePositive + falsePositive))
    } else {
      values.set("precision", 0, note: zero + "no row is predicted positive")
    }
    if positives > 0 {
      values.set("recall", truePositive / positives)
    } else {
      values.set("recall", 0, note: zero + "the target has no positive row")
    }
    let f1Denominator = 2 * truePositive + falsePositive + falseNegative
    if f1Denominator > 0 {
      values.set("f1", 2 * truePositive / f1Denominator)
    } else {
      values.set("f1", 0, note: zero + "no positive row and no positive prediction")
    }
    binaryScoreMetrics(
      weights, unitWeights: present == nil && set.weights == nil, sums: sums, into: &values)
  }

  /// The weighted sums every binary metric needs, in one pass over raw buffers (a bootstrap
  /// makes this pass once per round).
  struct BinarySums {
    var total = 0.0
    var positives = 0.0
    var correct = 0.0
    var truePositive = 0.0
    var falsePositive = 0.0
    var logLoss = 0.0
    var brier = 0.0
    var binWeight = [Double](repeating: 0, count: MetricSuite.eceBins)
    /// Σ w·y − Σ w·p per calibration bin.
    var binGap = [Double](repeating: 0, count: MetricSuite.eceBins)
  }

  func binarySums(_ weights: [Double]) -> BinarySums {
    var sums = BinarySums()
    let scored = !terms.isEmpty && probabilitiesInRange
    let empty: [Double] = []
    let noBins: [UInt8] = []
    weights.withUnsafeBufferPointer { weights in
      set.labels.withUnsafeBufferPointer { labels in
        set.predicted.withUnsafeBufferPointer { predicted in
          (scored ? terms[0] : empty).withUnsafeBufferPointer { loss in
            (scored ? terms[1] : empty).withUnsafeBufferPointer { squared in
              (scored ? set.positiveScores : empty).withUnsafeBufferPointer { scores in
                (scored ? bins : noBins).withUnsafeBufferPointer { bins in
                  sums.binWeight.withUnsafeMutableBufferPointer { binWeight in
                    sums.binGap.withUnsafeMutableBufferPointer { binGap in
                      for row in 0..<weights.count {
                        let weight = weights[row]
                        let truth = labels[row] == 1
                        let guess = predicted[row] == 1
                        sums.total += weight
                        if truth { sums.positives += weight }
                        if truth == guess { sums.correct += weight }
                        if guess {
                          if truth {
                            sums.truePositive += weight
                          } else {
                            sums.falsePositive += weight
                          }
                        }
                        guard scored else { continue }
                        sums.logLoss += weight * loss[row]
                        sums.brier += weight * squared[row]
                        let bin = Int(bins[row])
                        binWeight[bin] += weight
                        binGap[bin] += weight * ((truth ? 1 : 0) - scores[row])
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return sums
  }

  /// ROC AUC, average precision, log loss, Brier score and ECE, which need scores.
  func binaryScoreMetrics(
    _ weights: [Double], unitWeights: Bool, sums: BinarySums, into values: inout MetricValues
  ) {
    let scoreNames = ["roc_auc", "average_precision", "log_loss", "brier", "ece"]
    guard let ranked = ranked.first else {
      for name in scoreNames { values.setUndefined(name, "there are no scores, only labels") }
      return
    }
    let total = sums.total
    let positives = sums.positives
    let negatives = total - positives
    let ranking = Self.ranking(
      ranked, labels: set.labels, positive: 1, positives: positives,
      weights: unitWeights ? nil : weights)
    if positives > 0 && negatives > 0 {
      values.set("roc_auc", ranking.area / (positives * negatives))
    } else {
      values.setUndefined("roc_auc", "the target has only one class")
    }
    if positives > 0 {
      values.set("average_precision", ranking.averagePrecision)
    } else {
      values.set(
        "average_precision", 0,
        note: "0.0 as scikit-learn: the target has no positive row, so recall is 1 throughout")
    }
    guard probabilitiesInRange else {
      for name in ["log_loss", "brier", "ece"] {
        values.setUndefined(name, "a score is not a probability in [0, 1]")
      }
      return
    }
    values.set("log_loss", sums.logLoss / total)
    values.set("brier", sums.brier / total)
    var ece = 0.0
    for bin in 0..<MetricSuite.eceBins where sums.binWeight[bin] > 0 {
      ece += abs(sums.binGap[bin])
    }
    // |Σ w·y − Σ w·p| / W per bin is the bin's share times |accuracy − confidence|.
    values.set("ece", ece / total)
  }

  /// The area under the ROC curve (unnormalised: true positive weight × false positive
  /// weight) and the average precision, in one pass over rows in ranking order; tied scores
  /// form one threshold, as scikit-learn's `_binary_clf_curve`. Rows whose label is neither
  /// `positive` nor `negative` (when given) are left out (one-vs-one pairs).
  static func ranking(
    _ ranked: RowRanking, labels: [Int32], positive: Int32, negative: Int32? = nil,
    positives: Double, weights: [Double]?
  ) -> (area: Double, averagePrecision: Double, truePositive: Double, falsePositive: Double) {
    var truePositive = 0.0
    var falsePositive = 0.0
    var previousTrue = 0.0
    var previousFalse = 0.0
    var area = 0.0
    var precisionSum = 0.0
    let ones: [Double] = []
    let sequential = weights == nil ? ranked.sortedLabels : nil
    ranked.order.withUnsafeBufferPointer { order in
      ranked.groupEnd.withUnsafeBufferPointer { groupEnd in
        (sequential ?? labels).withUnsafeBufferPointer { labels in
          (weights ?? ones).withUnsafeBufferPointer { weights in
            for position in 0..<order.count {
              let row = Int(order[position])
              let label = sequential != nil ? labels[position] : labels[row]
              let weight = weights.isEmpty ? 1 : weights[row]
              if label == positive {
                truePositive += weight
              } else if negative == nil || label == negative {
                falsePositive += weight
              }
              guard groupEnd[position] else { continue }
              area += (falsePositive - previousFalse) * (truePositive + previousTrue) / 2
              if truePositive > previousTrue {
                precisionSum +=
                  (truePositive - previousTrue) / positives * truePositive
                  / (truePositive + falsePositive)
              }
              previousTrue = truePositive
              previousFalse = falsePositive
            }
          }
        }
      }
    }
    return (area, precisionSum, truePositive, falsePositive)
  }
}
