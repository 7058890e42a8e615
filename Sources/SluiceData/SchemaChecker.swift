import SluiceCore
import SluiceTable

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

  /// First occurrences of values of one unique column in a chunk, in line order; the
  /// values' bytes sit in one arena so no string is made unless a value repeats.
  private struct Seen: Sendable {
    var hashes: [UInt64] = []
    var lines: [Int] = []
    var fields: [Int] = []
    var ends: [Int] = []
    var bytes: [UInt8] = []

    mutating func append(_ hash: UInt64, line: Int, field: Int, value: UnsafeBufferPointer<UInt8>) {
      hashes.append(hash)
      lines.append(line)
      fields.append(field)
      bytes.append(contentsOf: value)
      ends.append(bytes.count)
    }

    func value(_ index: Int) -> String {
      let start = index == 0 ? 0 : ends[index - 1]
      return bytes[start..<ends[index]].withUnsafeBufferPointer { Finding.shown($0) }
    }
  }

  private struct Partial: Sendable {
    var rows = 0
    var findings: [Finding] = []
    var counts: [String: [String: Int]] = [:]
    var total = 0
    var stopped = false
    /// First occurrences in this chunk of values of each unique column, in line order.
    var uniques: [Seen] = []
    /// Per rule: values outside the observed range (nil until one is seen).
    var outside: [ObservedRangeNote?] = []
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
    var firstSeen = [LineIndex](repeating: LineIndex(), count: uniqueRules.count)
    var outside = [ObservedRangeNote?](repeating: nil, count: rules.count)
    try reader.forEachChunk(
      { cursor in
        try Self.scan(
          cursor, rules: rules, uniqueRules: uniqueRules, header: header, limit: limit)
      },
      reduce: { partial in
        rows += partial.rows
        stopped = stopped || partial.stopped
        for (index, note) in partial.outside.enumerated() {
          guard let note else { continue }
          if outside[index] == nil { outside[index] = note } else { outside[index]?.merge(note) }
        }
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
          for entry in seen.hashes.indices {
            if let earlier = firstSeen[slot].firstLine(
              of: seen.hashes[entry], else: seen.lines[entry])
            {
              total += 1
              counts["unique", default: [:]][rule.column.name, default: 0] += 1
              if limit == 0 || crossChunk.count < limit {
                let value = seen.value(entry)
                crossChunk.append(
                  Finding(
                    rule: "unique", column: rule.column.name, line: seen.lines[entry],
                    field: seen.fields[entry], value: value, expected: "a value not seen before",
                    message: "value '\(value)' repeats line \(earlier)"))
              }
            }
          }
        }
      })
    if let minimum = schema.minimumRows, rows < minimum {
      findings.append(
        Finding(
          rule: "row-count", column: nil, line: nil, field: nil, value: String(rows),
          expected: "at least \(minimum) rows",
          message: Plural.count(rows, "row") + ", fewer than \(minimum)"))
      total += 1
      counts["row-count", default: [:]]["", default: 0] += 1
    }
    if let maximum = schema.maximumRows, rows > maximum {
      findings.append(
        Finding(
          rule: "row-count", column: nil, line: nil, field: nil, value: String(rows),
          expected: "at most \(maximum) rows",
          message: Plural.count(rows, "row") + ", more than \(maximum)"))
      total += 1
      counts["row-count", default: [:]]["", default: 0] += 1
    }
    var listed = (findings + crossChunk).sorted(by: Finding.precedes)
    if limit > 0 && listed.count > limit { listed = Array(listed.prefix(limit)) }
    var result = CheckResult(
      rows: rows, findings: listed, totalFindings: total, counts: counts, scanStopped: stopped)
    result.outsideObserved = outside.compactMap { $0 }
    return result
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
    let scanner = ChunkScanner(rules: rules, uniqueRules: uniqueRules, limit: limit)
    try scanner.scan(cursor, header: header)
    return scanner.partial
  }

  /// Checks one chunk; a class so the hot loop reads its state without copies.
  private final class ChunkScanner {
    var partial = Partial()
    let rules: [ColumnRule]
    let limit: Int
    /// Per rule: data column, nullability, whether values need checking, unique slot (or -1).
    let indices: [Int]
    let nullable: [Bool]
    let checked: [Bool]
    let slots: [Int]
    let regexes: [Regex<AnyRegexOutput>?]
    var local: [LineIndex]
    let patterned: [Bool]

    /// The rules again, unretained: each scanner owns its own rule objects (`rules`), so no
    /// reference count is shared between threads, and the hot loop touches none at all.
    let fast: [Unmanaged<ColumnRule>]

    init(rules shared: [ColumnRule], uniqueRules: [Int], limit: Int) {
      let rules = shared.map { ColumnRule(column: $0.column, dataIndex: $0.dataIndex) }
      self.rules = rules
      fast = rules.map { Unmanaged.passUnretained($0) }
      self.limit = limit
      indices = rules.map(\.dataIndex)
      nullable = rules.map(\.column.nullable)
      checked = rules.map(\.checksType)
      slots = rules.indices.map { uniqueRules.firstIndex(of: $0) ?? -1 }
      regexes = rules.map { rule in rule.column.pattern.flatMap { try? Regex($0) } }
      local = Array(repeating: LineIndex(), count: uniqueRules.count)
      patterned = rules.map { $0.column.pattern != nil }
      partial.uniques = Array(repeating: Seen(), count: uniqueRules.count)
      partial.outside = Array(repeating: nil, count: rules.count)
    }

    func add(_ finding: Finding) {
      partial.total += 1
      partial.counts[finding.rule, default: [:]][finding.column ?? "", default: 0] += 1
      if limit == 0 || partial.findings.count < limit { partial.findings.append(finding) }
    }

    func scan(_ cursor: RecordCursor, header: [String]) throws {
      let count = rules.count
      while let status = try cursor.next() {
        if case .malformed(let error) = status {
          malformed(error, header: header)
          continue
        }
        partial.rows += 1
        for ruleIndex in 0..<count {
          let index = indices[ruleIndex]
          if cursor.isNull(index) {
            if !nullable[ruleIndex] { missing(ruleIndex, cursor: cursor) }
            continue
          }
          let bytes = cursor.field(index)
          if checked[ruleIndex] { value(ruleIndex, bytes, cursor: cursor) }
          if patterned[ruleIndex] { pattern(ruleIndex, bytes, cursor: cursor) }
          let slot = slots[ruleIndex]
          if slot >= 0 { unique(ruleIndex, slot: slot, bytes, cursor: cursor) }
        }
      }
    }

    func malformed(_ error: TableError, header: [String]) {
      let field = error.location?.column
      let column = field.flatMap { $0 >= 1 && $0 <= header.count ? header[$0 - 1] : nil }
      if error.kind == .unterminatedQuote { partial.stopped = true }
      add(
        Finding(
          rule: error.kind.rawValue, column: column, line: error.location?.line, field: field,
          byteOffset: error.location?.byteOffset,
          expected: SchemaChecker.expectation(error.kind, header),
          message: error.kind == .unterminatedQuote
            ? error.message + "; the check stopped here" : error.message))
    }

    func missing(_ ruleIndex: Int, cursor: RecordCursor) {
      let name = rules[ruleIndex].column.name
      add(
        Finding(
          rule: "null", column: name, line: cursor.line, field: indices[ruleIndex] + 1,
          byteOffset: cursor.byteOffset, value: "", expected: "a value",
          message: "missing value in non-nullable column '\(name)'"))
    }

    func value(_ ruleIndex: Int, _ bytes: UnsafeBufferPointer<UInt8>, cursor: RecordCursor) {
      let bits = fast[ruleIndex]._withUnsafeGuaranteedRef { $0.violations(bytes) }
      guard bits != 0 else { return }
      if bits & ~ColumnRule.observedBits != 0 { report(ruleIndex, bits, bytes, cursor: cursor) }
      if bits & ColumnRule.observedBits != 0 { outsideObserved(ruleIndex, bits, bytes, cursor) }
    }

    /// Counts a value outside the observed range: a drift signal, never a finding.
    func outsideObserved(
      _ ruleIndex: Int, _ bits: ViolationBits, _ bytes: UnsafeBufferPointer<UInt8>,
      _ cursor: RecordCursor
    ) {
      let column = rules[ruleIndex].column
      if partial.outside[ruleIndex] == nil {
        partial.outside[ruleIndex] = ObservedRangeNote(
          column: column.name, observedMinimum: column.observedMinimum,
          observedMaximum: column.observedMaximum)
      }
      partial.outside[ruleIndex]?.add(
        ValueParser.number(bytes).double, bits: bits, line: cursor.line)
    }

    func pattern(_ ruleIndex: Int, _ bytes: UnsafeBufferPointer<UInt8>, cursor: RecordCursor) {
      guard let regex = regexes[ruleIndex], let pattern = rules[ruleIndex].column.pattern else {
        return
      }
      let text = String(decoding: bytes, as: UTF8.self)
      if (try? regex.wholeMatch(in: text)) == nil {
        let shown = Finding.shown(bytes)
        add(
          Finding(
            rule: "pattern", column: rules[ruleIndex].column.name, line: cursor.line,
            field: indices[ruleIndex] + 1, byteOffset: cursor.byteOffset, value: shown,
            expected: "to match /\(pattern)/",
            message: "value '\(shown)' does not match the pattern /\(pattern)/"))
      }
    }

    func report(
      _ ruleIndex: Int, _ bits: ViolationBits, _ bytes: UnsafeBufferPointer<UInt8>,
      cursor: RecordCursor
    ) {
      let rule = rules[ruleIndex]
      let shown = Finding.shown(bytes)
      for problem in rule.describe(bits) {
        add(
          Finding(
            rule: problem.rule, column: rule.column.name, line: cursor.line,
            field: indices[ruleIndex] + 1, byteOffset: cursor.byteOffset, value: shown,
            expected: problem.expected, message: "value '\(shown)' \(problem.problem)"))
      }
    }

    func unique(
      _ ruleIndex: Int, slot: Int, _ bytes: UnsafeBufferPointer<UInt8>, cursor: RecordCursor
    ) {
      let hash = FieldDigest(bytes).hash
      if let earlier = local[slot].firstLine(of: hash, else: cursor.line) {
        let shown = Finding.shown(bytes)
        add(
          Finding(
            rule: "unique", column: rules[ruleIndex].column.name, line: cursor.line,
            field: indices[ruleIndex] + 1, byteOffset: cursor.byteOffset, value: shown,
            expected: "a value not seen before", message: "value '\(shown)' repeats line \(earlier)"
          ))
      } else {
        partial.uniques[slot].append(
          hash, line: cursor.line, field: indices[ruleIndex] + 1, value: bytes)
      }
    }
  }

  static func expectation(_ kind: TableError.Kind, _ header: [String]) -> String {
    switch kind {
    case .fieldCount: return "\(header.count) fields"
    case .invalidUTF8: return "valid UTF-8"
    case .nulByte: return "text without NUL bytes"
    case .unterminatedQuote: return "a closing quote"
    case .strayQuote: return "no quote inside an unquoted field"
    case .textAfterQuote: return "a delimiter or line end after a closing quote"
    case .invalidJSON: return "a flat JSON object"
    default: return "a well-formed record"
    }
  }
}
