import SluiceCore
import SluiceTable

/// The drift of one column.
public struct ColumnDrift: Sendable {
  /// Column name.
  public var name: String
  /// `numeric`, `categorical`, or `skipped`.
  public var kind: String
  /// The method judging the column, with its value and threshold (nil when skipped).
  public var method: DriftMethod?
  public var statistic: Double?
  public var threshold: Double?
  /// Whether the column drifted.
  public var drifted: Bool
  /// Why the column was skipped, or why a statistic is missing.
  public var note: String?
  /// Every statistic computed (`psi`, `ks_statistic`, `ks_p_value`, ...).
  public var statistics: [String: JSONValue]
  /// Whether statistics come from a sketch (profile reference past its exact size).
  public var approximate: Bool
}

/// The drift of a table: each column and the dataset verdict.
public struct DriftResult: Sendable {
  /// One entry per reference column, in reference order.
  public var columns: [ColumnDrift]
  /// The settings used.
  public var settings: DriftSettings
  /// Rows on each side.
  public var referenceRows: Int
  public var currentRows: Int

  /// Columns compared (not skipped).
  public var compared: Int { columns.filter { $0.kind != "skipped" }.count }
  /// Columns that drifted.
  public var driftedCount: Int { columns.filter(\.drifted).count }
  /// Share of compared columns that drifted.
  public var share: Double { compared == 0 ? 0 : Double(driftedCount) / Double(compared) }
  /// The dataset verdict: the drifted share reaches `settings.driftShare`.
  public var drifted: Bool { compared > 0 && share >= settings.driftShare }
}

/// Compares current data with a reference, column by column (docs/formats.md, "Drift").
public enum DriftDetector {
  /// Compares `current` with `reference`; roles come from `schema` when given, else from the
  /// reference.
  public static func compare(
    current: TableSample, reference: DriftReference, schema: Schema?, settings: DriftSettings,
    workers: Int = ReadOptions.defaultWorkers
  ) -> DriftResult {
    let positions = Dictionary(
      current.names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    let jobs = reference.names.indices.map { index in (index, positions[reference.names[index]]) }
    let columns = ParallelMap.map(jobs, workers: workers) { job -> ColumnDrift in
      let name = reference.names[job.0]
      if settings.skippedColumns.contains(name) { return skipped(name, "skipped by request") }
      switch kind(of: job.0, reference: reference, schema: schema) {
      case .failure(let error):
        return skipped(name, error.reason + (job.1 == nil ? "; not in the current data" : ""))
      case .success(let isNumeric):
        // A column that vanished or lost every value is the plainest drift there is.
        guard let currentIndex = job.1 else {
          return lost(name, isNumeric: isNumeric, "missing from the current data")
        }
        let sample = current.columns[currentIndex]
        let referencePresent = present(of: job.0, in: reference)
        if sample.present == 0 && referencePresent > 0 {
          return lost(
            name, isNumeric: isNumeric,
            "no values in the current data (the reference has \(referencePresent))")
        }
        let method =
          settings.columnMethods[name]
          ?? (isNumeric ? settings.numericMethod : settings.categoricalMethod)
        if method.isNumeric != isNumeric {
          return skipped(
            name,
            "method \(method.rawValue) does not apply to a \(isNumeric ? "numeric" : "categorical") column"
          )
        }
        var drift =
          isNumeric
          ? numeric(name, reference: reference, index: job.0, current: sample, settings: settings)
          : categorical(
            name, reference: reference, index: job.0, current: sample, settings: settings)
        judge(&drift, method: method, settings: settings)
        return drift
      }
    }
    return DriftResult(
      columns: columns, settings: settings, referenceRows: reference.rows,
      currentRows: current.rows)
  }

  /// A compared column that drifted without a statistic: missing, or empty in the current data.
  static func lost(_ name: String, isNumeric: Bool, _ reason: String) -> ColumnDrift {
    ColumnDrift(
      name: name, kind: isNumeric ? "numeric" : "categorical", method: nil, statistic: nil,
      threshold: nil, drifted: true, note: reason, statistics: [:], approximate: false)
  }

  /// Non-missing values of reference column `index`.
  static func present(of index: Int, in reference: DriftReference) -> Int {
    switch reference {
    case .data(let sample): return sample.columns[index].present
    case .profile(let profile): return profile.columns[index].present
    }
  }

  static func skipped(_ name: String, _ reason: String) -> ColumnDrift {
    ColumnDrift(
      name: name, kind: "skipped", method: nil, statistic: nil, threshold: nil, drifted: false,
      note: reason, statistics: [:], approximate: false)
  }

  /// Numeric (true), categorical (false), or why the column is not compared.
  static func kind(of index: Int, reference: DriftReference, schema: Schema?) -> Result<
    Bool, KindError
  > {
    let name = reference.names[index]
    if let column = schema?.column(named: name) {
      switch column.role {
      case .numeric: return .success(true)
      case .categorical: return .success(false)
      default: return .failure(KindError("role \(column.role.rawValue) is not compared"))
      }
    }
    switch reference {
    case .profile(let profile):
      let column = profile.columns[index]
      switch column.role {
      case .numeric: return .success(true)
      case .categorical:
        // The data reference's rules for text, with the distinct count estimated, so both
        // kinds of reference compare the same columns (but near the cut-offs).
        let distinct = column.distinct.estimate
        if column.type == .string && distinct > Double(ColumnSample.categoryLimit) {
          return .failure(
            KindError("more than \(ColumnSample.categoryLimit) distinct values (text or key)"))
        }
        if column.type == .string && column.present > 100
          && distinct >= 0.5 * Double(column.present)
        {
          return .failure(KindError("mostly distinct values (text or key)"))
        }
        return .success(false)
      case let role: return .failure(KindError("role \(role.rawValue) is not compared"))
      }
    case .data(let sample):
      let column = sample.columns[index]
      switch column.type {
      case .integer, .float: return .success(true)
      case .datetime: return .failure(KindError("date-times are not compared"))
      case .boolean, .string:
        guard column.present > 0 else { return .failure(KindError("no values")) }
        // Number-like values among text count as categories by value (as in a profile).
        guard let categories = column.categoryCounts?.count else {
          return .failure(
            KindError("more than \(ColumnSample.categoryLimit) distinct values (text or key)"))
        }
        if column.present > 100 && Double(categories) >= 0.5 * Double(column.present) {
          return .failure(KindError("mostly distinct values (text or key)"))
        }
        return .success(false)
      }
    }
  }

  struct KindError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
  }

  static func judge(_ drift: inout ColumnDrift, method: DriftMethod, settings: DriftSettings) {
    let threshold = settings.columnThresholds[drift.name] ?? settings.threshold(method)
    drift.method = method
    drift.threshold = threshold
    let key: String
    switch method {
    case .psi: key = "psi"
    case .ks: key = "ks_p_value"
    case .wasserstein: key = "wasserstein_normed"
    case .js: key = "js_distance"
    case .chisquare: key = "chi_square_p_value"
    case .linf: key = "l_infinity"
    }
    guard let value = drift.statistics[key]?.doubleValue, value.isFinite else {
      drift.statistic = nil
      drift.drifted = false
      if drift.note == nil { drift.note = "\(key) is undefined for this column" }
      return
    }
    drift.statistic = value
    drift.drifted = method.isPValue ? value < threshold : value >= threshold
  }
}
