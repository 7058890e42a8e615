#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Evaluator {
  /// The multiclass metrics, from effective row weights; `present` marks rows in the
  /// resample (nil: every row).
  func multiclass(_ weights: [Double], present: [Int32]?, into values: inout MetricValues) {
    let width = set.classes.count
    var truth = [Double](repeating: 0, count: width)
    var guessed = [Double](repeating: 0, count: width)
    var hits = [Double](repeating: 0, count: width)
    var seen = [Bool](repeating: false, count: width)
    var total = 0.0
    var correct = 0.0
    for row in 0..<set.count {
      if let present, present[row] == 0 { continue }
      let label = Int(set.labels[row])
      let guess = Int(set.predicted[row])
      let weight = weights[row]
      seen[label] = true
      seen[guess] = true
      total += weight
      truth[label] += weight
      guessed[guess] += weight
      if label == guess {
        hits[label] += weight
        correct += weight
      }
    }
    guard total > 0 else {
      for name in MetricSuite.names(for: .multiclass).dropFirst() {
        values.setUndefined(name, "the sample weights sum to zero")
      }
      return
    }
    values.set("accuracy", correct / total)
    // scikit-learn averages over the labels present in the target or the predictions.
    var precision = 0.0
    var recall = 0.0
    var f1 = 0.0
    var f1Weighted = 0.0
    var zeroPrecision: [String] = []
    var zeroRecall: [String] = []
    let labelsSeen = seen.filter { $0 }.count
    for index in 0..<width where seen[index] {
      if guessed[index] > 0 {
        precision += hits[index] / guessed[index]
      } else {
        zeroPrecision.append(set.classes[index])
      }
      if truth[index] > 0 {
        recall += hits[index] / truth[index]
      } else {
        zeroRecall.append(set.classes[index])
      }
      let denominator = truth[index] + guessed[index]
      let score = denominator > 0 ? 2 * hits[index] / denominator : 0
      f1 += score
      f1Weighted += truth[index] * score
    }
    let zero = "0.0 as scikit-learn's zero_division=\"warn\" for "
    values.set("f1_macro", f1 / Double(labelsSeen))
    values.set("f1_weighted", f1Weighted / total)
    values.set("precision_macro", precision / Double(labelsSeen))
    if !zeroPrecision.isEmpty {
      values.notes["precision_macro"] =
        zero + "never-predicted classes: " + zeroPrecision.joined(separator: ", ")
    }
    values.set("recall_macro", recall / Double(labelsSeen))
    if !zeroRecall.isEmpty {
      values.notes["recall_macro"] =
        zero + "classes absent from the target: " + zeroRecall.joined(separator: ", ")
    }
    multiclassScoreMetrics(weights, present: present, total: total, truth: truth, into: &values)
  }

  /// Log loss and one-vs-rest / one-vs-one ROC AUC, which need probabilities.
  func multiclassScoreMetrics(
    _ weights: [Double], present: [Int32]?, total: Double, truth: [Double],
    into values: inout MetricValues
  ) {
    guard ranked.count == set.classes.count else {
      for name in ["log_loss", "roc_auc_ovr", "roc_auc_ovo"] {
        values.setUndefined(name, "there are no class probabilities, only labels")
      }
      return
    }
    let width = set.classes.count
    if probabilitiesInRange {
      let rowLoss = terms[0]
      var loss = 0.0
      for row in 0..<set.count { loss += weights[row] * rowLoss[row] }
      values.set("log_loss", loss / total)
    } else {
      values.setUndefined("log_loss", "a probability is outside [0, 1]")
    }
    if set.weights != nil {
      values.setUndefined(
        "roc_auc_ovo", "scikit-learn does not define one-vs-one ROC AUC with sample weights")
    } else {
      let present = (0..<width).filter { truth[$0] > 0 }
      if present.count < 2 {
        values.setUndefined("roc_auc_ovo", "the target has fewer than two classes")
      } else {
        values.set("roc_auc_ovo", oneVersusOne(weights, classes: present))
      }
    }
    let missing = (0..<width).filter { truth[$0] <= 0 }.map { set.classes[$0] }
    guard missing.isEmpty else {
      values.setUndefined(
        "roc_auc_ovr",
        "classes absent from the target (one-vs-rest needs every class): "
          + missing.joined(separator: ", "))
      return
    }
    var ovr = 0.0
    for column in 0..<width {
      let ranking = Self.ranking(
        ranked[column], labels: set.labels, positive: Int32(column), positives: truth[column],
        weights: weights)
      ovr += ranking.area / (truth[column] * (total - truth[column]))
    }
    values.set("roc_auc_ovr", ovr / Double(width))
  }

  /// The macro average over class pairs of the mean of both directions' AUC, each on the
  /// rows of the pair only, over the classes present in the target (scikit-learn's
  /// `_average_multiclass_ovo_score`).
  func oneVersusOne(_ weights: [Double], classes: [Int]) -> Double {
    var sum = 0.0
    var pairs = 0
    for (position, first) in classes.enumerated() {
      for second in classes[(position + 1)...] {
        var pairAUC = 0.0
        for (positive, negative) in [(first, second), (second, first)] {
          let ranking = Self.ranking(
            ranked[positive], labels: set.labels, positive: Int32(positive),
            negative: Int32(negative), positives: 1, weights: weights)
          pairAUC += ranking.area / (ranking.truePositive * ranking.falsePositive)
        }
        sum += pairAUC / 2
        pairs += 1
      }
    }
    return sum / Double(pairs)
  }
}
