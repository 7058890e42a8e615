import SluiceCore
import SluiceData
import SluiceTable

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Gradient boosting of histogram trees (LightGBM's algorithm and binning) for binary log loss, multiclass softmax and squared error.
enum Booster {
  /// The loss a model minimises.
  enum Objective: Sendable {
    case binary
    case multiclass(Int)
    case regression
    /// Absolute error: gradients are the residuals' signs; each new leaf's value is the
    /// median residual of its rows (LightGBM's `regression_l1`).
    case l1
    /// Huber loss with this delta (LightGBM's `huber`, `alpha`).
    case huber(Double)

    var outputs: Int {
      if case .multiclass(let classes) = self { return classes }
      return 1
    }
  }

  /// What boosting produced.
  struct Result {
    var ensemble: TreeEnsemble
    /// Rounds kept (the best round with early stopping).
    var rounds: Int
    /// The last kept round's loss on the training rows, and on the validation rows if any.
    var trainingLoss: Double
    var validationLoss: Double?
    var validationRows: Int
  }

  /// Fits an ensemble to feature-major `columns` (NaN = missing; category codes for the
  /// `categorical` features, with `codeCounts` codes each), targets `y` (class index or value)
  /// and `weights`. `keys` name the rows for the early-stopping split.
  static func fit(
    columns: [[Double]], names: [String], categorical: [Bool], codeCounts: [Int], y: [Double],
    weights: [Double]?, objective: Objective, parameters: GBDTParameters, seed: Int64,
    keys: [Int], workers: Int, progress: (@Sendable (Int, Double) -> Void)?
  ) throws -> Result {
    let rows = y.count
    let outputs = objective.outputs
    // Early stopping holds out rows by split-data's by-key rule (the key: the line number).
    var validation = [Bool](repeating: false, count: rows)
    if parameters.earlyStoppingRound > 0 {
      for row in 0..<rows {
        validation[row] = Splitter.isTest(
          key: String(keys[row]), seed: seed, fraction: parameters.validationFraction)
      }
    }
    let trainRows = (0..<rows).filter { !validation[$0] }
    let validRows = (0..<rows).filter { validation[$0] }
    guard !trainRows.isEmpty else { throw LearnError("no training rows are left for boosting") }
    let weight = weights ?? [Double](repeating: 1, count: rows)
    // Bins are learned from the training rows only.
    // Each feature's bins depend on its own values alone, so they are learned on threads.
    let features = ParallelMap.map(Array(columns.indices), workers: workers) {
      feature -> FeatureBins in
      if categorical[feature] { return FeatureBins.categorical(codes: codeCounts[feature]) }
      return FeatureBins.numeric(
        trainRows.map { columns[feature][$0] }, maxBin: parameters.maxBin,
        minDataInBin: parameters.minDataInBin)
    }
    let binned = ParallelMap.map(Array(columns.indices), workers: workers) { feature in
      features[feature].bins(columns[feature])
    }
    let data = BinnedData(features: features, bins: binned)
    let initScores = Self.initScores(
      objective, y: trainRows.map { y[$0] }, weights: trainRows.map { weight[$0] })
    var scores = (0..<outputs).map { [Double](repeating: initScores[$0], count: rows) }
    var gradients = [[Double]](
      repeating: [Double](repeating: 0, count: rows), count: outputs)
    var hessians = gradients
    var random = SplitRandom(seed: UInt64(bitPattern: seed), stream: 0x6762_6474)
    let grower = TreeGrower(data: data, parameters: parameters, workers: workers)
    var workspace = LeafRows()
    var trees: [RegressionTree] = []
    var bestLoss = Double.infinity
    var bestRounds = 0
    var bag = trainRows.map { Int32($0) }
    let bagSize = max(1, Int((parameters.baggingFraction * Double(trainRows.count)).rounded()))
    let featureCount = max(1, Int((parameters.featureFraction * Double(columns.count)).rounded()))
    let frequency = max(parameters.baggingFreq, 1)
    var lastValidation: Double? = nil
    for round in 0..<parameters.nEstimators {
      if bagSize < trainRows.count && round % frequency == 0 {
        var order = trainRows.map { Int32($0) }
        random.choose(bagSize, from: &order)
        bag = Array(order.prefix(bagSize)).sorted()
      }
      Self.gradients(
        objective, scores: scores, y: y, weight: weight, rows: trainRows,
        workers: workers, gradients: &gradients, hessians: &hessians)
      for output in 0..<outputs {
        var allowed = Array(0..<columns.count)
        if featureCount < columns.count {
          random.choose(featureCount, from: &allowed)
          allowed = Array(allowed.prefix(featureCount)).sorted()
        }
        // Absolute error renews every leaf to the median residual of its rows.
        var renew: ((ArraySlice<Int32>) -> Double)? = nil
        if case .l1 = objective {
          renew = { leafRows in
            Self.percentile(leafRows.map { y[Int($0)] - scores[output][Int($0)] }, 0.5)
          }
        }
        let grown = grower.grow(
          rows: bag, gradients: gradients[output], hessians: hessians[output], features: allowed,
          workspace: &workspace, leafValue: renew)
        trees.append(grown.tree)
        // Every grown row gets its leaf's value once; the rows are distinct, so consecutive
        // parts of the leaves' order are added on threads.
        let outOfBag = bag.count < rows
        var updated = [Bool](repeating: false, count: outOfBag ? rows : 0)
        scores[output].withUnsafeMutableBufferPointer { scores in
          updated.withUnsafeMutableBufferPointer { updated in
            guard let scores = SharedBuffer(scores) else { return }
            // An empty array may still have an address: only mark when there is out-of-bag.
            let marks = outOfBag ? SharedBuffer(updated) : nil
            ChunkedWork.run(grown.order.count, workers: workers) { part in
              grown.order.withUnsafeBufferPointer { order in
                for leaf in grown.leaves {
                  let range = leaf.range.clamped(to: part)
                  for index in range {
                    let row = Int(order[index])
                    scores.base[row] += leaf.value
                    marks?.base[row] = true
                  }
                }
              }
            }
          }
        }
        // Rows out of the bag and validation rows go through the tree by value.
        if outOfBag {
          for row in 0..<rows where !updated[row] {
            scores[output][row] += grown.tree.predict { columns[$0][row] }
          }
        }
      }
      if !validRows.isEmpty {
        let loss = Self.loss(objective, scores: scores, y: y, weight: weight, rows: validRows)
        lastValidation = loss
        progress?(round + 1, loss)
        if loss < bestLoss {
          bestLoss = loss
          bestRounds = round + 1
        } else if round + 1 - bestRounds >= parameters.earlyStoppingRound {
          break
        }
      } else {
        bestRounds = round + 1
        if let progress {
          progress(
            round + 1,
            Self.loss(objective, scores: scores, y: y, weight: weight, rows: trainRows))
        }
      }
    }
    if !validRows.isEmpty { lastValidation = bestLoss }
    let kept = Array(trees.prefix(bestRounds * outputs))
    let ensemble = TreeEnsemble(
      features: names, categorical: categorical, outputs: outputs, initScores: initScores,
      trees: kept)
    // The kept rounds' training loss. With every round kept, the boosting scores are the
    // model's own (the same additions in the same order); early stopping recomputes them.
    var keptColumns = scores
    if kept.count < trees.count {
      let chunk = max(1, (trainRows.count + workers - 1) / max(workers, 1))
      let parts = stride(from: 0, to: trainRows.count, by: chunk).map {
        Array(trainRows[$0..<min($0 + chunk, trainRows.count)])
      }
      let keptScores = ParallelMap.map(parts, workers: workers) { part in
        ensemble.rawScores(columns, rows: rows, only: part)
      }
      for (part, partScores) in zip(parts, keptScores) {
        for (position, row) in part.enumerated() {
          for output in 0..<outputs { keptColumns[output][row] = partScores[position][output] }
        }
      }
    }
    let trainingLoss = Self.loss(
      objective, scores: keptColumns, y: y, weight: weight, rows: trainRows)
    return Result(
      ensemble: ensemble, rounds: bestRounds, trainingLoss: trainingLoss,
      validationLoss: lastValidation, validationRows: validRows.count)
  }

  /// The starting raw scores: the log-odds of the positive rate (binary), the log of each
  /// class's share (multiclass), the weighted mean (regression).
  static func initScores(_ objective: Objective, y: [Double], weights: [Double]) -> [Double] {
    let total = weights.reduce(0, +)
    switch objective {
    case .regression, .huber:
      return [zip(y, weights).reduce(0) { $0 + $1.0 * $1.1 } / total]
    case .l1:
      return [percentile(y, 0.5)]
    case .binary:
      let positive = zip(y, weights).reduce(0) { $0 + $1.0 * $1.1 } / total
      let p = min(max(positive, 1e-15), 1 - 1e-15)
      return [log(p / (1 - p))]
    case .multiclass(let classes):
      var shares = [Double](repeating: 0, count: classes)
      for (label, weight) in zip(y, weights) { shares[Int(label)] += weight }
      return shares.map { log(max($0 / total, 1e-15)) }
    }
  }

  /// Each output's gradient and hessian of the loss at `scores`, for `rows`, on `workers`
  /// threads (each row's values depend on that row alone, so not on the thread count).
  static func gradients(
    _ objective: Objective, scores: [[Double]], y: [Double], weight: [Double], rows: [Int],
    workers: Int = 1, gradients: inout [[Double]], hessians: inout [[Double]]
  ) {
    let chunks = ChunkedWork.ranges(rows.count, workers: workers).map { rows[$0] }
    // Each output's columns in a box of its own, so the threads can hold pointers into all of
    // them at once (the caller's arrays let go meanwhile, so nothing is copied on write).
    let columns = zip(gradients, hessians).map { GradientColumns(gradients: $0, hessians: $1) }
    gradients = []
    hessians = []
    GradientColumns.withPointers(columns) { outputs in
      _ = ParallelMap.map(chunks, workers: chunks.count) { chunk in
        Self.gradients(
          objective, scores: scores, y: y, weight: weight, rows: chunk, into: outputs)
      }
    }
    gradients = columns.map(\.gradients)
    hessians = columns.map(\.hessians)
  }

  /// One output's gradient and hessian of every row, boxed.
  final class GradientColumns {
    var gradients: [Double]
    var hessians: [Double]

    init(gradients: [Double], hessians: [Double]) {
      self.gradients = gradients
      self.hessians = hessians
    }

    /// Pointers into each of `columns`' gradients and hessians, valid during `body`.
    static func withPointers(
      _ columns: [GradientColumns], from index: Int = 0,
      _ pointers: [(gradients: SharedBuffer<Double>, hessians: SharedBuffer<Double>)] = [],
      _ body: ([(gradients: SharedBuffer<Double>, hessians: SharedBuffer<Double>)]) -> Void
    ) {
      guard index < columns.count else { return body(pointers) }
      columns[index].gradients.withUnsafeMutableBufferPointer { gradients in
        columns[index].hessians.withUnsafeMutableBufferPointer { hessians in
          guard let gradients = SharedBuffer(gradients), let hessians = SharedBuffer(hessians)
          else { return }
          withPointers(columns, from: index + 1, pointers + [(gradients, hessians)], body)
        }
      }
    }
  }

  /// Each output's gradient and hessian of the loss at `scores`, for `rows`, written at the
  /// rows' places of `outputs`.
  static func gradients(
    _ objective: Objective, scores: [[Double]], y: [Double], weight: [Double],
    rows: ArraySlice<Int>,
    into outputs: [(gradients: SharedBuffer<Double>, hessians: SharedBuffer<Double>)]
  ) {
    guard let first = outputs.first else { return }
    let gradients = first.gradients.base
    let hessians = first.hessians.base
    y.withUnsafeBufferPointer { y in
      weight.withUnsafeBufferPointer { weight in
        scores[0].withUnsafeBufferPointer { score in
          switch objective {
          case .regression:
            for row in rows {
              gradients[row] = (score[row] - y[row]) * weight[row]
              hessians[row] = weight[row]
            }
          case .l1:
            for row in rows {
              let residual = score[row] - y[row]
              gradients[row] = (residual > 0 ? 1 : (residual < 0 ? -1 : 0)) * weight[row]
              hessians[row] = weight[row]
            }
          case .huber(let delta):
            for row in rows {
              let residual = score[row] - y[row]
              let clipped = abs(residual) <= delta ? residual : (residual > 0 ? delta : -delta)
              gradients[row] = clipped * weight[row]
              hessians[row] = weight[row]
            }
          case .binary:
            for row in rows {
              let p = TrainedModel.sigmoid(score[row])
              gradients[row] = (p - y[row]) * weight[row]
              hessians[row] = p * (1 - p) * weight[row]
            }
          case .multiclass(let classes):
            // LightGBM's softmax hessian, scaled by K / (K − 1).
            let factor = Double(classes) / Double(classes - 1)
            var z = [Double](repeating: 0, count: classes)
            for row in rows {
              for k in 0..<classes { z[k] = scores[k][row] }
              let p = TrainedModel.softmax(z)
              let label = Int(y[row])
              for k in 0..<classes {
                outputs[k].gradients.base[row] = (p[k] - (k == label ? 1 : 0)) * weight[row]
                outputs[k].hessians.base[row] = factor * p[k] * (1 - p[k]) * weight[row]
              }
            }
          }
        }
      }
    }
  }

  /// The weighted mean loss over `rows`: log loss (classification), squared error, absolute
  /// error or Huber loss.
  static func loss(
    _ objective: Objective, scores: [[Double]], y: [Double], weight: [Double], rows: [Int]
  ) -> Double {
    var sum = 0.0
    var total = 0.0
    for row in rows {
      let w = weight[row]
      total += w
      switch objective {
      case .regression:
        let residual = scores[0][row] - y[row]
        sum += w * residual * residual
      case .l1:
        sum += w * abs(scores[0][row] - y[row])
      case .huber(let delta):
        let residual = abs(scores[0][row] - y[row])
        sum += w * (residual <= delta ? residual * residual / 2 : delta * (residual - delta / 2))
      case .binary:
        // log(1 + e^-z) for the positive class, log(1 + e^z) for the negative, stably.
        let z = y[row] == 1 ? scores[0][row] : -scores[0][row]
        sum += w * (z > 0 ? log1p(exp(-z)) : -z + log1p(exp(z)))
      case .multiclass(let classes):
        var top = -Double.infinity
        for k in 0..<classes { top = max(top, scores[k][row]) }
        var exps = 0.0
        for k in 0..<classes { exps += exp(scores[k][row] - top) }
        sum += w * (top + log(exps) - scores[Int(y[row])][row])
      }
    }
    return total > 0 ? sum / total : 0
  }

  /// LightGBM's PercentileFun (unweighted, as its leaf renewal and initial score use it for
  /// `regression_l1`): with the values in decreasing order d, position p = (1 − α)·n, k = ⌊p⌋,
  /// the value d[k−1] − (d[k−1] − d[k])·(p − k); at the ends, the largest or smallest value.
  static func percentile(_ values: [Double], _ alpha: Double) -> Double {
    guard values.count > 1 else { return values.first ?? 0 }
    let sorted = values.sorted(by: >)
    let position = (1 - alpha) * Double(values.count)
    let k = Int(position)
    if k < 1 { return sorted[0] }
    if k >= values.count { return sorted[values.count - 1] }
    let bias = position - Double(k)
    return sorted[k - 1] - (sorted[k - 1] - sorted[k]) * bias
  }
}
