import SluiceCore
import SluiceTable

/// A complete evaluation: the metrics of a set, optional bootstrap intervals and per-slice
/// metrics, ready to be written as metrics.json, Markdown or OpenMetrics.
public struct Evaluation: Sendable {
  /// The metrics of one slice value.
  public struct Slice: Sendable {
    /// The slice column's value ("(missing)" for a missing field).
    public var value: String
    /// The metrics of the rows with this value.
    public var metrics: MetricValues
    /// Bootstrap intervals of those rows, when a bootstrap was asked for.
    public var intervals: Bootstrap.Intervals?
  }

  /// The slices of one column.
  public struct SliceColumn: Sendable {
    /// The column name.
    public var column: String
    /// The evaluated values, sorted by UTF-8 bytes.
    public var slices: [Slice]
    /// Values with fewer rows than the minimum slice size -> their row count.
    public var skipped: [String: Int]
  }

  /// The evaluated set.
  public var set: PredictionSet
  /// The binary decision threshold the hard predictions used.
  public var threshold: Double
  /// The metrics of all rows.
  public var metrics: MetricValues
  /// The bootstrap settings, when intervals were computed.
  public var bootstrap: Bootstrap.Settings?
  /// The intervals of all rows.
  public var intervals: Bootstrap.Intervals?
  /// Per-column slices, in the order asked for.
  public var slices: [SliceColumn] = []
  /// The smallest slice evaluated.
  public var minSliceSize: Int = 30
  /// The content hash of the evaluated rows (see `dataHash`).
  public var dataHash: String
  /// The target column's name, recorded in `meta.target` (gate reads paired predictions by it).
  public var target: String?
  /// Rows left out for a missing target (`MissingTargetRule`), recorded in `meta`.
  public var rowsMissingTarget: Int?

  /// One feature's importance in a tree model: split gain summed over the trees and the
  /// number of splits on it (model.json's `importance`).
  public struct FeatureImportance: Sendable, Equatable {
    /// The feature (column) name.
    public var feature: String
    /// Summed split gain.
    public var gain: Double
    /// Splits on the feature.
    public var splits: Int

    /// Creates an entry.
    public init(feature: String, gain: Double, splits: Int) {
      self.feature = feature
      self.gain = gain
      self.splits = splits
    }
  }

  /// The evaluated model's feature importance, in its feature order, when it is a tree model;
  /// recorded in `meta.feature_importance` and the Markdown report.
  public var featureImportance: [FeatureImportance]?

  /// The label written for a missing slice value.
  public static let missingSliceValue = "(missing)"

  /// Evaluates `set`; `sliceColumns` pairs each slice column's name with its per-row values.
  public init(
    set: PredictionSet, threshold: Double, bootstrap: Bootstrap.Settings?,
    sliceColumns: [(name: String, values: [String?])] = [], minSliceSize: Int = 30
  ) {
    let hashing = BackgroundTask { Self.dataHash(set) }
    self.set = set
    self.threshold = threshold
    self.metrics = MetricSuite.compute(set, threshold: threshold)
    self.bootstrap = bootstrap
    self.intervals = bootstrap.map { Bootstrap.intervals(set, settings: $0) }
    self.minSliceSize = minSliceSize
    self.slices = sliceColumns.map { column in
      Self.slice(
        set, column: column.name, values: column.values, bootstrap: bootstrap,
        threshold: threshold, minSize: minSliceSize)
    }
    self.dataHash = (try? hashing.value()) ?? ""
  }

  /// The slices of one column: rows grouped by value, small groups skipped.
  static func slice(
    _ set: PredictionSet, column: String, values: [String?], bootstrap: Bootstrap.Settings?,
    threshold: Double, minSize: Int
  ) -> SliceColumn {
    var groups: [String: [Int]] = [:]
    for (row, value) in values.enumerated() {
      groups[value ?? missingSliceValue, default: []].append(row)
    }
    var result = SliceColumn(column: column, slices: [], skipped: [:])
    for value in ColumnReader.sortedByBytes(Array(groups.keys)) {
      let rows = groups[value] ?? []
      guard rows.count >= minSize else {
        result.skipped[value] = rows.count
        continue
      }
      let subset = set.subset(rows)
      result.slices.append(
        Slice(
          value: value, metrics: MetricSuite.compute(subset, threshold: threshold),
          intervals: bootstrap.map { Bootstrap.intervals(subset, settings: $0) }))
    }
    return result
  }

  /// `ContentHash` of the evaluated content in a fixed layout: task, classes, then each
  /// array's length and little-endian values (class indices as bytes when there are at most
  /// 256 classes, else 32-bit; scores, probabilities, targets, values, weights as float64).
  /// Ids and file formatting do not change it.
  static func dataHash(_ set: PredictionSet) -> String {
    var hash = ContentHash()
    hash.update(Array(set.task.rawValue.utf8))
    hash.update(set.classes.map { Array($0.utf8) + [0] }.flatMap { $0 })
    // Class indices as bytes when they fit (they nearly always do): less to hash.
    if set.classes.count <= 256 {
      hash.update(set.labels.map { UInt8(truncatingIfNeeded: $0) })
      hash.update(set.predicted.map { UInt8(truncatingIfNeeded: $0) })
    } else {
      hash.update(set.labels)
      hash.update(set.predicted)
    }
    hash.update(set.positiveScores)
    hash.update(set.probabilities)
    hash.update(set.targets)
    hash.update(set.values)
    hash.update(set.weights ?? [])
    return hash.hex()
  }
}
