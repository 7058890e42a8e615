import SluiceCore
import SluiceTable

extension PredictionsFile {
  /// The located columns of one predictions table.
  struct Columns {
    let source: any ColumnSource
    var file: String { source.file }
    let target: Int
    let score: Int?
    let prediction: Int?
    let proba: [(label: String, index: Int)]
    /// Every class with a probability column, loaded or not.
    let probaLabels: [String]

    func numbers(_ index: Int) throws(CoreError) -> [Double] { try source.numbers(index) }

    /// Truth and predicted values of a regression.
    func regression() throws(CoreError) -> PredictionSet {
      guard let predicted = prediction ?? score else {
        throw .usage("\(file) has no prediction column: pass --prediction")
      }
      return PredictionSet(
        task: .regression, targets: try numbers(target), values: try numbers(predicted))
    }

    /// Codes of column `index` into `classes`; a label outside them is an error.
    func codes(_ index: Int, classes: [String]) throws(CoreError) -> [Int32] {
      let coded = try source.labels(index)
      let codes = ColumnReader.recode(coded.codes, labels: coded.labels, into: classes)
      if let row = codes.firstIndex(of: -1) {
        let label = coded.labels[Int(coded.codes[row])]
        throw .invalidData(
          "\(file): line \(source.line(row)): '\(label)' in column '\(source.names[index])' is not one of the classes \(classes.joined(separator: ", "))"
        )
      }
      return codes
    }

    /// The labels seen in the target and prediction columns.
    func observedLabels() throws(CoreError) -> [String] {
      var labels = try source.labels(target).labels
      if let prediction {
        for label in try source.labels(prediction).labels
        where !labels.contains(label) {
          labels.append(label)
        }
      }
      return ColumnReader.sortedByBytes(labels)
    }

    /// Binary labels, positive-class scores and predictions at `threshold`, and with
    /// `keepsNegative` the negative class's probabilities as written.
    func binary(positive: String?, threshold: Double, keepsNegative: Bool = false)
      throws(CoreError) -> PredictionSet
    {
      var candidates = probaLabels
      if candidates.count < 2 {
        for label in try observedLabels() where !candidates.contains(label) {
          candidates.append(label)
        }
      }
      candidates = ColumnReader.sortedByBytes(candidates)
      if candidates.count == 1 {
        for pair in [["0", "1"], ["false", "true"], ["False", "True"]]
        where pair.contains(candidates[0]) {
          candidates = pair
        }
      }
      if let positive, !candidates.contains(positive), candidates.count == 1 {
        candidates.append(positive)
      }
      guard candidates.count == 2 else {
        throw .invalidData(
          "a binary evaluation needs exactly two classes; \(file) has \(candidates.count) (\(candidates.prefix(5).joined(separator: ", "))): pass --positive or --task multiclass"
        )
      }
      let positiveLabel = positive ?? candidates[1]
      guard let positiveIndex = candidates.firstIndex(of: positiveLabel) else {
        throw .usage(
          "--positive '\(positiveLabel)' is not one of the classes \(candidates.joined(separator: ", "))"
        )
      }
      let classes = [candidates[1 - positiveIndex], positiveLabel]
      var set = PredictionSet(task: .binary, classes: classes)
      set.labels = try codes(target, classes: classes)
      var scoreIndex = score
      if scoreIndex == nil {
        scoreIndex = proba.first(where: { $0.label == positiveLabel })?.index
      }
      if let negative = proba.first(where: { $0.label == classes[0] }) {
        let values = try numbers(negative.index)
        if scoreIndex == nil { set.positiveScores = values.map { 1 - $0 } }
        // Kept as written, for a predictions file written again.
        if keepsNegative { set.negativeScores = values }
      }
      if let scoreIndex { set.positiveScores = try numbers(scoreIndex) }
      if !set.positiveScores.isEmpty {
        set.predicted = set.positiveScores.map { $0 > threshold ? 1 : 0 }
      } else if let prediction {
        set.predicted = try codes(prediction, classes: classes)
      } else {
        throw .usage("\(file) has no prediction, score or probability columns")
      }
      return set
    }

    /// Multiclass labels, probabilities (zero for a class with no column) and predictions.
    func multiclass() throws(CoreError) -> PredictionSet {
      var labels = proba.map(\.label)
      for label in try observedLabels() where !labels.contains(label) { labels.append(label) }
      let classes = ColumnReader.sortedByBytes(labels)
      var set = PredictionSet(task: .multiclass, classes: classes)
      set.labels = try codes(target, classes: classes)
      let width = classes.count
      if !proba.isEmpty {
        var probabilities = [Double](repeating: 0, count: source.rows * width)
        for (label, index) in proba {
          guard let position = classes.firstIndex(of: label) else { continue }
          let column = try numbers(index)
          for row in 0..<source.rows { probabilities[row * width + position] = column[row] }
        }
        set.probabilities = probabilities
        set.predicted = (0..<source.rows).map { row in
          var best = 0
          for index in 1..<width
          where probabilities[row * width + index] > probabilities[row * width + best] {
            best = index
          }
          return Int32(best)
        }
      } else if let prediction {
        set.predicted = try codes(prediction, classes: classes)
      } else {
        throw .usage("\(file) has no prediction or probability columns")
      }
      return set
    }
  }
}
