import SluiceCore
import SluiceTable

/// Reads and writes `schema.json`, losslessly: every key a user wrote, known or not, comes
/// back out, so infer → edit → check → infer again loses nothing.
public enum SchemaCodec {
  static let columnKeys: Set<String> = [
    "name", "type", "role", "nullable", "missing_fraction", "min", "max", "values",
    "min_length", "max_length", "unique", "pattern", "drift", "observed",
  ]
  static let topKeys: Set<String> = [
    "sluice_schema_version", "columns", "rows", "column_policy", "dialect",
  ]

  /// Parses schema bytes read from `file`.
  public static func decode(_ bytes: [UInt8], file: String) throws -> Schema {
    let document = try JSONParser.parse(bytes, file: file)
    return try decode(document, file: file)
  }

  /// Interprets a parsed schema document.
  public static func decode(_ document: JSONValue, file: String) throws(DataError) -> Schema {
    func fail(_ path: String, _ detail: String) -> DataError {
      DataError(file: file, path: path, detail)
    }
    guard let top = document.objectValue else {
      throw fail("", "expected a JSON object with \"columns\"")
    }
    // A schema without the key is hand-written; it reads as the current version.
    let versionKey = "sluice_schema_version"
    if let problem = FormatVersion.problem(
      in: document, key: versionKey, understood: Schema.formatVersion)
    {
      throw fail(versionKey, problem)
    }
    guard let list = top["columns"]?.arrayValue else {
      throw fail("columns", "expected an array of column objects")
    }
    var columns: [ColumnSchema] = []
    var seen: Set<String> = []
    for (index, item) in list.enumerated() {
      let column = try decodeColumn(item, path: "columns[\(index)]", file: file)
      guard seen.insert(column.name).inserted else {
        throw fail("columns[\(index)].name", "duplicate column '\(column.name)'")
      }
      columns.append(column)
    }
    var schema = Schema(columns: columns)
    if let rows = top["rows"] {
      guard let members = rows.objectValue else { throw fail("rows", "expected an object") }
      schema.minimumRows = try count(members["min"], path: "rows.min", file: file)
      schema.maximumRows = try count(members["max"], path: "rows.max", file: file)
      schema.observedRows = try count(members["observed"], path: "rows.observed", file: file)
      for key in members.keys where !["min", "max", "observed"].contains(key) {
        schema.extra["rows.\(key)"] = members[key]
      }
    }
    if let policy = top["column_policy"] {
      guard let members = policy.objectValue else {
        throw fail("column_policy", "expected an object")
      }
      for (key, value) in members {
        guard let word = value.stringValue, let action = ColumnPolicy.Action(rawValue: word) else {
          throw fail("column_policy.\(key)", "expected \"error\" or \"ignore\"")
        }
        switch key {
        case "extra": schema.columnPolicy.extra = action
        case "missing": schema.columnPolicy.missing = action
        case "order": schema.columnPolicy.order = action
        default:
          throw fail("column_policy.\(key)", "unknown policy; expected extra, missing or order")
        }
      }
    }
    if let dialect = top["dialect"] {
      guard let members = dialect.objectValue else { throw fail("dialect", "expected an object") }
      for (key, value) in members {
        guard ["delimiter", "decimal"].contains(key) else {
          throw fail("dialect.\(key)", "unknown setting; expected delimiter or decimal")
        }
        guard let text = value.stringValue, text.utf8.count == 1 else {
          throw fail("dialect.\(key)", "expected a one-character string")
        }
        if key == "delimiter" { schema.delimiter = text } else { schema.decimal = text }
      }
    }
    for (key, value) in top where !topKeys.contains(key) { schema.extra[key] = value }
    return schema
  }

  private static func count(_ value: JSONValue?, path: String, file: String) throws(DataError)
    -> Int?
  {
    guard let value, !value.isNull else { return nil }
    guard let number = value.intValue, number >= 0 else {
      throw DataError(file: file, path: path, "expected a whole number of rows, 0 or more")
    }
    return Int(number)
  }

  private static func decodeColumn(_ item: JSONValue, path: String, file: String)
    throws(DataError) -> ColumnSchema
  {
    func fail(_ key: String, _ detail: String) -> DataError {
      DataError(file: file, path: "\(path).\(key)", detail)
    }
    guard let members = item.objectValue else {
      throw DataError(file: file, path: path, "expected a column object")
    }
    guard let name = members["name"]?.stringValue, !name.isEmpty else {
      throw fail("name", "expected a non-empty string")
    }
    let typeNames = ColumnType.allCases.map(\.rawValue).joined(separator: ", ")
    guard let typeWord = members["type"]?.stringValue else {
      throw fail("type", "expected one of \(typeNames)")
    }
    guard let type = ColumnType(rawValue: typeWord) else {
      throw fail("type", "unknown type '\(typeWord)'; expected one of \(typeNames)")
    }
    var role: ColumnRole = type == .integer || type == .float ? .numeric : .categorical
    if let roleValue = members["role"] {
      let roleNames = ColumnRole.allCases.map(\.rawValue).joined(separator: ", ")
      guard let word = roleValue.stringValue, let parsed = ColumnRole(rawValue: word) else {
        throw fail("role", "unknown role; expected one of \(roleNames)")
      }
      role = parsed
    }
    var column = ColumnSchema(name: name, type: type, role: role)
    if let value = members["nullable"] {
      guard let flag = value.boolValue else { throw fail("nullable", "expected true or false") }
      column.nullable = flag
    }
    if let value = members["missing_fraction"], !value.isNull {
      guard let fraction = value.doubleValue else {
        throw fail("missing_fraction", "expected a number")
      }
      column.missingFraction = fraction
    }
    for key in ["min", "max"] {
      guard let value = members[key], !value.isNull else { continue }
      guard let bound = NumericLimit(value) else { throw fail(key, "expected a number") }
      guard type == .integer || type == .float else {
        throw fail(key, "a range needs an integer or float column; this one is \(type.rawValue)")
      }
      if key == "min" { column.minimum = bound } else { column.maximum = bound }
    }
    if let value = members["observed"], !value.isNull {
      guard let observed = value.objectValue else { throw fail("observed", "expected an object") }
      guard type == .integer || type == .float else {
        throw fail(
          "observed", "a range needs an integer or float column; this one is \(type.rawValue)")
      }
      for (key, bound) in observed {
        guard key == "min" || key == "max" else {
          throw fail("observed.\(key)", "unknown key; expected min or max")
        }
        guard bound.isNull || NumericLimit(bound) != nil else {
          throw fail("observed.\(key)", "expected a number")
        }
      }
      column.observedMinimum = observed["min"].flatMap(NumericLimit.init)
      column.observedMaximum = observed["max"].flatMap(NumericLimit.init)
    }
    if let value = members["values"], !value.isNull {
      guard let list = value.arrayValue else { throw fail("values", "expected an array") }
      column.values = try list.enumerated().map { (index, element) throws(DataError) -> String in
        switch element {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default:
          throw DataError(
            file: file, path: "\(path).values[\(index)]", "expected a string (or integer)")
        }
      }
    }
    for key in ["min_length", "max_length"] {
      guard let value = members[key], !value.isNull else { continue }
      guard let number = value.intValue, number >= 0 else {
        throw fail(key, "expected a whole number, 0 or more")
      }
      if key == "min_length" {
        column.minimumLength = Int(number)
      } else {
        column.maximumLength = Int(number)
      }
    }
    if let value = members["unique"] {
      guard let flag = value.boolValue else { throw fail("unique", "expected true or false") }
      column.unique = flag
    }
    if let value = members["pattern"], !value.isNull {
      guard let text = value.stringValue else { throw fail("pattern", "expected a string") }
      do {
        _ = try Regex(text)
      } catch {
        throw fail("pattern", "invalid regular expression: \(error)")
      }
      column.pattern = text
    }
    if let value = members["drift"], !value.isNull {
      guard let settings = value.objectValue else { throw fail("drift", "expected an object") }
      column.drift = settings
    }
    for (key, value) in members where !columnKeys.contains(key) { column.extra[key] = value }
    return column
  }

  /// The schema as a JSON document (write it with `CanonicalJSON`).
  public static func encode(_ schema: Schema) -> JSONValue {
    var top: [String: JSONValue] = [
      "sluice_schema_version": .int(Schema.formatVersion),
      "columns": .array(schema.columns.map(encodeColumn)),
      "column_policy": .object([
        "extra": .string(schema.columnPolicy.extra.rawValue),
        "missing": .string(schema.columnPolicy.missing.rawValue),
        "order": .string(schema.columnPolicy.order.rawValue),
      ]),
    ]
    var rows: [String: JSONValue] = [:]
    if let value = schema.minimumRows { rows["min"] = .int(Int64(value)) }
    if let value = schema.maximumRows { rows["max"] = .int(Int64(value)) }
    if let value = schema.observedRows { rows["observed"] = .int(Int64(value)) }
    for (key, value) in schema.extra {
      if key.hasPrefix("rows.") {
        rows[String(key.dropFirst(5))] = value
      } else {
        top[key] = value
      }
    }
    if !rows.isEmpty { top["rows"] = .object(rows) }
    var dialect: [String: JSONValue] = [:]
    if let delimiter = schema.delimiter { dialect["delimiter"] = .string(delimiter) }
    if let decimal = schema.decimal { dialect["decimal"] = .string(decimal) }
    if !dialect.isEmpty { top["dialect"] = .object(dialect) }
    return .object(top)
  }

  static func encodeColumn(_ column: ColumnSchema) -> JSONValue {
    var fields = column.extra
    fields["name"] = .string(column.name)
    fields["type"] = .string(column.type.rawValue)
    fields["role"] = .string(column.role.rawValue)
    fields["nullable"] = .bool(column.nullable)
    if let value = column.missingFraction { fields["missing_fraction"] = .double(value) }
    if let value = column.minimum { fields["min"] = value.json }
    if let value = column.maximum { fields["max"] = value.json }
    var observed: [String: JSONValue] = [:]
    if let value = column.observedMinimum { observed["min"] = value.json }
    if let value = column.observedMaximum { observed["max"] = value.json }
    if !observed.isEmpty { fields["observed"] = .object(observed) }
    if let values = column.values {
      // Integer columns keep integer values as numbers, as a user writes them.
      fields["values"] = .array(
        values.map { value in
          if column.type == .integer, let number = Int64(value) { return .int(number) }
          return .string(value)
        })
    }
    if let value = column.minimumLength { fields["min_length"] = .int(Int64(value)) }
    if let value = column.maximumLength { fields["max_length"] = .int(Int64(value)) }
    if let unique = column.unique { fields["unique"] = .bool(unique) }
    if let value = column.pattern { fields["pattern"] = .string(value) }
    if !column.drift.isEmpty { fields["drift"] = .object(column.drift) }
    return .object(fields)
  }
}
