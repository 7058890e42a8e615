import SluiceCore
import SluiceTable

/// The outcome of checking a table against a schema.
public struct CheckResult: Sendable {
  /// Data rows read (malformed records not included).
  public var rows: Int
  /// The first findings by place in the file, at most the `maxErrors` asked for.
  public var findings: [Finding]
  /// Every finding counted, listed or not.
  public var totalFindings: Int
  /// Findings per rule and column ("" for dataset-level findings).
  public var counts: [String: [String: Int]]
  /// Set when an unterminated quote ended the scan before the end of the input.
  public var scanStopped: Bool

  /// Whether the data satisfies the schema.
  public var isValid: Bool { totalFindings == 0 }
}

/// Checks every record of a table against a schema in one parallel pass.
public struct SchemaChecker: Sendable {
  /// The schema to check against.
  public let schema: Schema
  /// How many findings to list (0: all); every finding is counted regardless.
  public let maxErrors: Int

  /// A checker for `schema` listing at most `maxErrors` findings (0 means no limit).
  public init(schema: Schema, maxErrors: Int = 100) {
    self.schema = schema
    self.maxErrors = maxErrors
  }

  private struct Seen: Sendable {
    var hash: UInt64
    var line: Int
    var field: Int
    var value: String
  }

  private struct Partial: Sendable {
    var rows = 0
    var findings: [Finding] = []
    var counts: [String: [String: Int]] = [:]
    var total = 0
    var stopped = false
    /// First occurrences in this chunk of values of each unique column, in line order.
    var uniques: [[Seen]] = []
  }

  /// Reads `reader` (which should be in lenient mode, so malformed records become findings).
  public func check(_ reader: TableReader) throws -> CheckResult {
    let header = reader.columns
    let limit = maxErrors
    var findings = columnFindings(header: header)
    var counts: [String: [String: Int]] = [:]
    var total = findings.count
    for finding in findings {
      counts[finding.rule, default: [:]][finding.column ?? "", default: 0] += 1
    }
    let positions = Dictionary(
      header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    let rules = schema.columns.compactMap { column in
      positions[column.name].map { ColumnRule(column: column, dataIndex: $0) }
    }
    let uniqueRules = rules.indices.filter { rules[$0].column.unique == true }
    var rows = 0
    var stopped = false
    var crossChunk: [Finding] = []
    var chunkListed = 0
    var firstSeen = [[UInt64: Int]](repeating: [:], count: uniqueRules.count)
    try reader.forEachChunk(
      { cursor in
        try Self.scan(
          cursor, rules: rules, uniqueRules: uniqueRules, header: header, limit: limit)
      },
      reduce: { partial in
        rows += partial.rows
        stopped = stopped || partial.stopped
        total += partial.total
        // Chunks arrive in file order: once `limit` are listed, later chunks add none.
        if limit == 0 || chunkListed < limit {
          findings += partial.findings
          chunkListed += partial.findings.count
        }
        for (rule, columns) in partial.counts {
          for (column, count) in columns { counts[rule, default: [:]][column, default: 0] += count }
        }
        for (slot, seen) in partial.uniques.enumerated() {
          let rule = rules[uniqueRules[slot]]
          for entry in seen {
            if let earlier = firstSeen[slot][entry.hash] {
              total += 1
              counts["unique", default: [:]][rule.column.name, default: 0] += 1
              if limit == 0 || crossChunk.count < limit {
                crossChunk.append(
                  Finding(
                    rule: "unique", column: rule.column.name, line: entry.line, field: entry.field,
                    value: entry.value, expected: "a value not seen before",
                    message: "value '\(entry.value)' repeats line \(earlier)"))
              }
            } else {
              firstSeen[slot][entry.hash] = entry.line
            }
          }
        }
      })
    if let minimum = schema.minimumRows, rows < minimum {
      findings.append(
        Finding(
          rule: "row-count", column: nil, line: nil, field: nil, value: String(rows),
          expected: "at least \(minimum) rows", message: "\(rows) rows, fewer than \(minimum)"))
      total += 1
      counts["row-count", default: [:]]["", default: 0] += 1
    }
    if let maximum = schema.maximumRows, rows > maximum {
      findings.append(
        Finding(
          rule: "row-count", column: nil, line: nil, field: nil, value: String(rows),
          expected: "at most \(maximum) rows", message: "\(rows) rows, more than \(maximum)"))
      total += 1
      counts["row-count", default: [:]]["", default: 0] += 1
    }
    var listed = (findings + crossChunk).sorted(by: Finding.precedes)
    if limit > 0 && listed.count > limit { listed = Array(listed.prefix(limit)) }
    return CheckResult(
      rows: rows, findings: listed, totalFindings: total, counts: counts, scanStopped: stopped)
  }

  /// Missing, extra and reordered columns.
  private func columnFindings(header: [String]) -> [Finding] {
    var findings: [Finding] = []
    let present = Set(header)
    let declared = Set(schema.columns.map(\.name))
    if schema.columnPolicy.missing == .error {
      for column in schema.columns where !present.contains(column.name) {
        findings.append(
          Finding(
            rule: "missing-column", column: column.name, line: 1, field: nil,
            expected: "a column named '\(column.name)'",
            message: "column '\(column.name)' is missing"))
      }
    }
    if schema.columnPolicy.extra == .error {
      for (index, name) in header.enumerated() where !declared.contains(name) {
        findings.append(
          Finding(
            rule: "extra-column", column: name, line: 1, field: index + 1,
            expected: "only the schema's columns",
            message: "column '\(name)' is not in the schema"))
      }
    }
    if schema.columnPolicy.order == .error {
      let dataOrder = header.filter { declared.contains($0) }
      let schemaOrder = schema.columns.map(\.name).filter { present.contains($0) }
      if let index = dataOrder.indices.first(where: { dataOrder[$0] != schemaOrder[$0] }) {
        let name = dataOrder[index]
        findings.append(
          Finding(
            rule: "column-order", column: name,
            line: 1, field: (header.firstIndex(of: name) ?? 0) + 1,
            expected: "'\(schemaOrder[index])' in this position",
            message:
              "columns are not in the schema's order: found '\(name)', expected '\(schemaOrder[index])'"
          ))
      }
    }
    return findings
  }

  private static func scan(
    _ cursor: RecordCursor, rules: [ColumnRule], uniqueRules: [Int], header: [String], limit: Int
  ) throws -> Partial {
    var partial = Partial()
    partial.uniques = Array(repeating: [], count: uniqueRules.count)
    var local = [[UInt64: Int]](repeating: [:], count: uniqueRules.count)
    let regexes: [Regex<AnyRegexOutput>?] = rules.map { rule in
      rule.column.pattern.flatMap { try? Regex($0) }
    }
    func add(_ finding: Finding) {
      partial.total += 1
      partial.counts[finding.rule, default: [:]][finding.column ?? "", default: 0] += 1
      if limit == 0 || partial.findings.count < limit { partial.findings.append(finding) }
    }
    while let status = try cursor.next() {
      if case .malformed(let error) = status {
        let field = error.location?.column
        let column = field.flatMap { $0 >= 1 && $0 <= header.count ? header[$0 - 1] : nil }
        if error.kind == .unterminatedQuote { partial.stopped = true }
        add(
          Finding(
            rule: error.kind.rawValue, column: column, line: error.location?.line, field: field,
            byteOffset: error.location?.byteOffset, expected: Self.expectation(error.kind, header),
            message: error.kind == .unterminatedQuote
              ? error.message + "; the check stopped here" : error.message))
        continue
      }
      partial.rows += 1
      for (ruleIndex, rule) in rules.enumerated() {
        let index = rule.dataIndex
        if cursor.isNull(index) {
          if !rule.column.nullable {
            add(
              Finding(
                rule: "null", column: rule.column.name, line: cursor.line, field: index + 1,
                byteOffset: cursor.byteOffset, value: "", expected: "a value",
                message: "missing value in non-nullable column '\(rule.column.name)'"))
          }
          continue
        }
        let bytes = cursor.field(index)
        rule.check(bytes, regex: regexes[ruleIndex]) { ruleName, expected, problem in
          let shown = Finding.shown(bytes)
          add(
            Finding(
              rule: ruleName, column: rule.column.name, line: cursor.line, field: index + 1,
              byteOffset: cursor.byteOffset, value: shown, expected: expected,
              message: "value '\(shown)' \(problem)"))
        }
        if rule.column.unique == true, let slot = uniqueRules.firstIndex(of: ruleIndex) {
          let hash = ValueHash.of(bytes)
          if let earlier = local[slot][hash] {
            let shown = Finding.shown(bytes)
            add(
              Finding(
                rule: "unique", column: rule.column.name, line: cursor.line, field: index + 1,
                byteOffset: cursor.byteOffset, value: shown, expected: "a value not seen before",
                message: "value '\(shown)' repeats line \(earlier)"))
          } else {
            local[slot][hash] = cursor.line
            partial.uniques[slot].append(
              Seen(hash: hash, line: cursor.line, field: index + 1, value: Finding.shown(bytes)))
          }
        }
      }
    }
    return partial
  }

  private static func expectation(_ kind: TableError.Kind, _ header: [String]) -> String {
    switch kind {
    case .fieldCount: return "\(header.count) fields"
    case .invalidUTF8: return "valid UTF-8"
    case .unterminatedQuote: return "a closing quote"
    case .strayQuote: return "no quote inside an unquoted field"
    case .textAfterQuote: return "a delimiter or line end after a closing quote"
    case .invalidJSON: return "a flat JSON object"
    default: return "a well-formed record"
    }
  }
}
