import SluiceCore
import SluiceTable

/// Builds a schema from what `TypeInference` learned, optionally keeping an existing schema's
/// hand edits.
public enum SchemaInference {
  /// The inferred schema of a table.
  public static func schema(from result: TypeInference.Result, maxCategories: Int) -> Schema {
    var schema = Schema(
      columns: result.columns.map { column(for: $0, rows: result.rowCount, limit: maxCategories) })
    schema.minimumRows = 1
    schema.observedRows = result.rowCount
    return schema
  }

  /// Re-infers over `previous`: every column and setting written there is kept as written;
  /// only the informational observations (`missing_fraction`, `observed` ranges of columns
  /// numeric in both, `rows.observed`) are refreshed and columns new in the data are
  /// added at the end.
  public static func update(_ previous: Schema, with inferred: Schema) -> Schema {
    var merged = previous
    let fresh = Dictionary(inferred.columns.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    for index in merged.columns.indices {
      if let observed = fresh[merged.columns[index].name] {
        merged.columns[index].missingFraction = observed.missingFraction
        let numeric: Set<ColumnType> = [.integer, .float]
        if numeric.contains(observed.type) && numeric.contains(merged.columns[index].type) {
          merged.columns[index].observedMinimum = observed.observedMinimum
          merged.columns[index].observedMaximum = observed.observedMaximum
        }
      }
    }
    let known = Set(previous.columns.map(\.name))
    merged.columns += inferred.columns.filter { !known.contains($0.name) }
    merged.observedRows = inferred.observedRows
    return merged
  }

  static func column(for inferred: InferredColumn, rows: Int, limit: Int) -> ColumnSchema {
    let profile = inferred.profile
    var column = ColumnSchema(
      name: inferred.name, type: inferred.type, role: inferred.role, nullable: profile.missing > 0)
    column.missingFraction = rows == 0 ? 0 : Double(profile.missing) / Double(rows)
    switch inferred.type {
    // The range seen is an observation, not a limit: fresh data from the same distribution
    // passes it (TFDV infers no numeric limits either). Limits are for a person to write.
    case .integer where profile.present > 0:
      column.observedMinimum = .integer(profile.minimumInteger)
      column.observedMaximum = .integer(profile.maximumInteger)
    case .float where profile.present > 0:
      column.observedMinimum = .number(profile.minimum)
      column.observedMaximum = .number(profile.maximum)
    case .string where profile.present > 0:
      // Allowed values say all a length bound would: a domain replaces the bounds.
      if inferred.role == .categorical, let domain = inferred.domain(limit: limit) {
        column.values = domain.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
      } else {
        column.minimumLength = profile.minimumLength
        column.maximumLength = profile.maximumLength
      }
    default:
      break
    }
    let keyLike = inferred.role == .key || inferred.type == .integer && profile.present > limit
    if inferred.isUnique && keyLike { column.unique = true }
    return column
  }
}
