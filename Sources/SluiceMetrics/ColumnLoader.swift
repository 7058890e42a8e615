import SluiceCore
import SluiceTable

/// Reads only the columns a predictions file needs, parsed inside the parallel chunk workers:
/// numbers as doubles, labels as small integer codes, text as strings. Faster and far
/// smaller than a `Frame` of every field on ten-million-row files.
struct LoadedTable: Sendable {
  /// What to make of a column.
  enum Kind: Sendable {
    case number, label, text
    /// A number or missing (NaN): the target, whose missing rows `MissingTargetRule` leaves
    /// out after loading.
    case optionalNumber
  }

  /// A label column: per-row codes into `labels` (first-seen order), -1 when missing.
  struct Coded: Sendable {
    var codes: [Int32] = []
    var labels: [String] = []
  }

  var names: [String] = []
  var file = ""
  var rows = 0
  /// Each chunk's physical lines, kept per chunk (only error messages read them).
  var lineParts: [[Int]] = []
  var numbers: [Int: [Double]] = [:]
  var coded: [Int: Coded] = [:]
  var texts: [Int: [String?]] = [:]

  /// One column of one chunk.
  struct Slot: Sendable {
    var numbers: [Double] = []
    var codes: [Int32] = []
    var labels: [[UInt8]] = []
    var lookup: [[UInt8]: Int32] = [:]
    var texts: [String?] = []

    /// The code of `field`: the previous row's label first (labels come in runs), then a
    /// scan of few labels, then a dictionary.
    mutating func code(_ field: UnsafeBufferPointer<UInt8>) -> Int32 {
      if let last = codes.last, last >= 0, Self.equal(labels[Int(last)], field) { return last }
      if labels.count <= 8 {
        for (position, label) in labels.enumerated() where Self.equal(label, field) {
          return Int32(position)
        }
      } else if let found = lookup[Array(field)] {
        return found
      }
      let bytes = Array(field)
      labels.append(bytes)
      lookup[bytes] = Int32(labels.count - 1)
      return Int32(labels.count - 1)
    }

    @inline(__always)
    static func equal(_ label: [UInt8], _ field: UnsafeBufferPointer<UInt8>) -> Bool {
      guard label.count == field.count else { return false }
      return label.withUnsafeBufferPointer { bytes in
        for index in 0..<bytes.count where bytes[index] != field[index] { return false }
        return true
      }
    }
  }

  /// Reads `kinds` (column index -> kind) from `reader`.
  static func load(_ reader: TableReader, kinds: [Int: Kind]) throws -> LoadedTable {
    var result = LoadedTable()
    result.names = reader.columns
    result.file = reader.displayName
    let columns = kinds.keys.sorted()
    let slotKinds = columns.map { kinds[$0] ?? .text }
    let names = result.names
    let file = result.file
    var global = [[String: Int32]](repeating: [:], count: columns.count)
    var parts: [[Slot]] = []
    var lineParts: [[Int]] = []
    var mergedLabels = [[String]](repeating: [], count: columns.count)
    try reader.forEachChunk(
      { cursor -> ([Int], [Slot]) in
        var lines: [Int] = []
        var slots = [Slot](repeating: Slot(), count: columns.count)
        while let status = try cursor.next() {
          guard case .record = status else { continue }
          lines.append(cursor.line)
          for (slot, index) in columns.enumerated() {
            let missing = cursor.isNull(index)
            switch slotKinds[slot] {
            case .optionalNumber where missing:
              slots[slot].numbers.append(.nan)
            case .number, .optionalNumber:
              let value = missing ? nil : ValueParser.double(cursor.field(index))
              guard let value, !value.isNaN else {
                let text = missing ? "a missing value" : "'\(cursor.string(index))'"
                throw CoreError.invalidData(
                  "\(file): line \(cursor.line): column '\(names[index])' has \(text), expected a number"
                )
              }
              slots[slot].numbers.append(value)
            case .label:
              slots[slot].codes.append(missing ? -1 : slots[slot].code(cursor.field(index)))
            case .text:
              slots[slot].texts.append(missing ? nil : cursor.string(index))
            }
          }
        }
        return (lines, slots)
      },
      reduce: { part in
        // Chunks are kept and concatenated once at the end with exact capacities: growing
        // ten-million-row arrays chunk by chunk copies them repeatedly.
        var (lines, slots) = part
        for slot in slots.indices where slotKinds[slot] == .label {
          let remap: [Int32] = slots[slot].labels.map { bytes in
            let label = String(decoding: bytes, as: UTF8.self)
            if let code = global[slot][label] { return code }
            let code = Int32(mergedLabels[slot].count)
            global[slot][label] = code
            mergedLabels[slot].append(label)
            return code
          }
          slots[slot].codes.withUnsafeMutableBufferPointer { codes in
            for index in 0..<codes.count where codes[index] >= 0 {
              codes[index] = remap[Int(codes[index])]
            }
          }
          slots[slot].labels = []
          slots[slot].lookup = [:]
        }
        result.rows += lines.count
        lineParts.append(lines)
        parts.append(slots)
        lines = []
      })
    result.lineParts = lineParts
    for (slot, index) in columns.enumerated() {
      switch slotKinds[slot] {
      case .number, .optionalNumber:
        result.numbers[index] = concatenate(parts.map { $0[slot].numbers }, total: result.rows)
      case .label:
        result.coded[index] = Coded(
          codes: concatenate(parts.map { $0[slot].codes }, total: result.rows),
          labels: mergedLabels[slot])
      case .text:
        result.texts[index] = concatenate(parts.map { $0[slot].texts }, total: result.rows)
      }
    }
    return result
  }

  /// 1-based data-row numbers of the rows, when some rows were left out (nil: 1...rows).
  var rowNumbers: [Int]? = nil

  /// Only the rows `kept` (increasing), each keeping its physical line and row number.
  func keeping(_ kept: [Int]) -> LoadedTable {
    var result = self
    result.rows = kept.count
    result.lineParts = [kept.map { line($0) }]
    result.rowNumbers = kept.map { rowNumbers?[$0] ?? $0 + 1 }
    result.numbers = numbers.mapValues { values in kept.map { values[$0] } }
    result.coded = coded.mapValues { column in
      Coded(codes: kept.map { column.codes[$0] }, labels: column.labels)
    }
    result.texts = texts.mapValues { values in kept.map { values[$0] } }
    return result
  }

  /// The physical line of row `row`.
  func line(_ row: Int) -> Int {
    var rest = row
    for part in lineParts {
      if rest < part.count { return part[rest] }
      rest -= part.count
    }
    return 0
  }

  /// Whether column `index` was loaded.
  func has(_ index: Int) -> Bool {
    numbers[index] != nil || coded[index] != nil || texts[index] != nil
  }

  /// The arrays of `pieces` back to back, allocated once.
  static func concatenate<T>(_ pieces: [[T]], total: Int) -> [T] {
    var result: [T] = []
    result.reserveCapacity(total)
    for piece in pieces { result += piece }
    return result
  }
}
