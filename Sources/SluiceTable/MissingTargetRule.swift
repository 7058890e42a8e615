/// The one rule `train` and `evaluate` apply to the target column: a row whose target value is
/// missing (an empty field or a null token) has nothing to learn from or to score against, so
/// it is left out, and the tool says how many rows it left out (docs/formats.md).
public struct MissingTargetRule: Sendable, Equatable {
  /// The rows kept (those with a target value), in input order.
  public let kept: [Int]
  /// The number of rows left out.
  public let leftOut: Int

  /// The key under which model.json's `training` facts and metrics.json's `meta` record
  /// `leftOut`.
  public static let recordKey = "rows_missing_target"

  /// Applies the rule to `rows` rows, `isMissing(row)` telling whether a row's target is
  /// missing.
  public init(rows: Int, isMissing: (Int) -> Bool) {
    var kept: [Int] = []
    kept.reserveCapacity(rows)
    for row in 0..<rows where !isMissing(row) { kept.append(row) }
    self.kept = kept
    self.leftOut = rows - kept.count
  }

  /// Applies the rule to the target column `target` of `frame`.
  public init(frame: Frame, target: Int) {
    let missing = frame.columns[target].missing
    self.init(rows: frame.rows, isMissing: { missing[$0] })
  }

  /// `frame` without the rows left out (the same frame when none is).
  public func apply(to frame: Frame) -> Frame {
    leftOut == 0 ? frame : frame.selecting(kept)
  }

  /// The warning a tool prints, or nil when no row was left out, e.g. "3 rows with a missing
  /// 'y' left out".
  public func warning(target: String) -> String? {
    guard leftOut > 0 else { return nil }
    return "\(leftOut) \(leftOut == 1 ? "row" : "rows") with a missing '\(target)' left out"
  }
}
