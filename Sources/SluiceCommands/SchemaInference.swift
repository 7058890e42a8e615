import SluiceCore
import SluiceTable

/// Turns inferred columns into the schema document `validate-data infer` writes.
///
/// The fields are described in `docs/formats.md`; later versions add constraints but keep
/// every field written here.
public enum SchemaDocument {
  /// The schema format version written in `sluice_schema_version`.
  public static let version: Int64 = 1

  /// The schema of an inferred table.
  public static func make(_ result: TypeInference.Result, maxCategories: Int) -> JSONValue {
    let columns = result.columns.map {
      column(for: $0, rows: result.rowCount, limit: maxCategories)
    }
    return .object([
      "sluice_schema_version": .int(version),
      "columns": .array(columns),
      "rows": .object(["min": .int(1), "observed": .int(Int64(result.rowCount))]),
    ])
  }

  static func column(for column: InferredColumn, rows: Int, limit: Int) -> JSONValue {
    let profile = column.profile
    var fields: [String: JSONValue] = [
      "name": .string(column.name),
      "type": .string(column.type.rawValue),
      "role": .string(column.role.rawValue),
      "nullable": .bool(profile.nulls > 0),
      "missing_fraction": .double(rows == 0 ? 0 : Double(profile.nulls) / Double(rows)),
    ]
    switch column.type {
    case .integer where profile.present > 0:
      fields["min"] = .int(profile.minimumInteger)
      fields["max"] = .int(profile.maximumInteger)
    case .float where profile.present > 0:
      fields["min"] = .double(profile.minimum)
      fields["max"] = .double(profile.maximum)
    case .string where profile.present > 0:
      fields["min_length"] = .int(Int64(profile.minimumLength))
      fields["max_length"] = .int(Int64(profile.maximumLength))
      if column.role == .categorical, let domain = column.domain(limit: limit) {
        fields["values"] = .array(
          domain.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { .string($0) })
      }
    default:
      break
    }
    let keyLike =
      column.role == .key || column.type == .integer && profile.present > limit
    if column.isUnique && keyLike { fields["unique"] = .bool(true) }
    return .object(fields)
  }
}
