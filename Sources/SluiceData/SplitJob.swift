import SluiceCore
import SluiceTable

/// What `split-data` was asked to do.
public struct SplitSettings: Sendable {
  /// The share of rows for test, strictly between 0 and 1.
  public var fraction: Double
  /// The seed of the hash (by key) or of the shuffle.
  public var seed: Int64
  /// Split by hashing this column's value.
  public var key: String?
  /// Keep this column's class proportions (not with `key`).
  public var stratify: String?
  /// Write the column names as the first record of both outputs.
  public var writeHeader: Bool

  /// Creates settings; see each property.
  public init(
    fraction: Double, seed: Int64 = 0, key: String? = nil, stratify: String? = nil,
    writeHeader: Bool = true
  ) {
    self.fraction = fraction
    self.seed = seed
    self.key = key
    self.stratify = stratify
    self.writeHeader = writeHeader
  }
}

/// What a split did.
public struct SplitSummary: Sendable, Equatable {
  /// Data rows read.
  public var rows: Int
  /// Rows written to train.
  public var trainRows: Int
  /// Rows written to test.
  public var testRows: Int
  /// Classes (stratified splits) of 2 or more rows left without a train or a test row.
  public var oneSidedClasses: [SplitLabel]

  /// `344 rows: 275 train, 69 test (20.1%)`.
  public var description: String {
    let tenths = rows == 0 ? 0 : Int((Double(testRows) * 1000 / Double(rows)).rounded())
    return
      "\(rows) \(rows == 1 ? "row" : "rows"): \(trainRows) train, \(testRows) test (\(tenths / 10).\(tenths % 10)%)"
  }
}

/// Reads a table once and writes its rows, re-encoded as CSV, to a train and a test writer.
///
/// By key the rows stream through (memory bounded by a few chunks); otherwise every row's CSV
/// encoding is held in memory until the row count is known.
public enum SplitJob {
  /// Splits the rows of `reader` into `train` and `test`; both get the header (if asked).
  public static func run(
    _ reader: TableReader, settings: SplitSettings, train: CSVWriter, test: CSVWriter
  ) throws -> SplitSummary {
    let keyIndex = try settings.key.map { try column($0, option: "--key", in: reader) }
    let classIndex = try settings.stratify.map {
      try column($0, option: "--stratify", in: reader)
    }
    if settings.writeHeader {
      train.writeRecord(reader.columns)
      test.writeRecord(reader.columns)
    }
    if let keyIndex {
      return try splitByKey(reader, keyIndex: keyIndex, settings: settings, train, test)
    }
    return try splitInMemory(reader, classIndex: classIndex, settings: settings, train, test)
  }

  /// The index of column `name`, or an error listing the columns.
  static func column(_ name: String, option: String, in reader: TableReader) throws(SplitError)
    -> Int
  {
    guard let index = reader.columns.firstIndex(of: name) else {
      throw .unknownColumn(
        option: option, name: name, file: reader.displayName, available: reader.columns)
    }
    return index
  }

  /// Appends the cursor's current record to `writer`.
  ///
  /// Values are written as read. A value that was quoted and reads as missing unquoted (a
  /// quoted `"NA"`, an empty JSON string) is quoted again so it stays a value; a JSON `null`
  /// or absent key becomes an empty field.
  static func encode(_ cursor: RecordCursor, jsonl: Bool, into writer: CSVWriter) {
    for index in 0..<cursor.columnCount {
      let field = cursor.field(index)
      if cursor.isQuoted(index) {
        writer.writeField(field, forceQuotes: cursor.nulls.matches(field))
      } else if jsonl && cursor.isNull(index) {
        writer.writeField(UnsafeBufferPointer(start: nil, count: 0))
      } else {
        writer.writeField(field)
      }
    }
    writer.endRecord()
  }

  /// One chunk's rows by side.
  struct KeyedPart: Sendable {
    var train: [UInt8]
    var test: [UInt8]
    var trainRows: Int
    var testRows: Int
  }

  static func splitByKey(
    _ reader: TableReader, keyIndex: Int, settings: SplitSettings, _ train: CSVWriter,
    _ test: CSVWriter
  ) throws -> SplitSummary {
    let jsonl = reader.format == .jsonl
    let column = reader.columns[keyIndex]
    let seed = settings.seed
    let fraction = settings.fraction
    var summary = SplitSummary(rows: 0, trainRows: 0, testRows: 0, oneSidedClasses: [])
    try reader.forEachChunk(
      { cursor in
        let trainPart = CSVWriter()
        let testPart = CSVWriter()
        while let status = try cursor.next() {
          guard case .record = status else { continue }
          if cursor.isNull(keyIndex) {
            throw SplitError.missingKey(
              column: column,
              at: SourceLocation(
                file: cursor.fileName, line: cursor.line, column: keyIndex + 1,
                byteOffset: cursor.byteOffset))
          }
          let side =
            Splitter.isTest(key: cursor.field(keyIndex), seed: seed, fraction: fraction)
            ? testPart : trainPart
          encode(cursor, jsonl: jsonl, into: side)
        }
        return KeyedPart(
          train: trainPart.buffer, test: testPart.buffer, trainRows: trainPart.recordCount,
          testRows: testPart.recordCount)
      },
      reduce: { part in
        part.train.withUnsafeBytes { train.writeEncoded($0, records: part.trainRows) }
        part.test.withUnsafeBytes { test.writeEncoded($0, records: part.testRows) }
        summary.trainRows += part.trainRows
        summary.testRows += part.testRows
      })
    summary.rows = summary.trainRows + summary.testRows
    return summary
  }

  /// One chunk's encoded rows, their ends and (stratified) their chunk-local classes.
  struct BufferedPart: Sendable {
    var bytes: [UInt8]
    var ends: [Int]
    var labels: [SplitLabel]
    var classes: [Int]
  }

  static func splitInMemory(
    _ reader: TableReader, classIndex: Int?, settings: SplitSettings, _ train: CSVWriter,
    _ test: CSVWriter
  ) throws -> SplitSummary {
    let jsonl = reader.format == .jsonl
    var bytes: [UInt8] = []
    var ends: [Int] = []
    var labels: [SplitLabel] = []
    var labelIndex: [SplitLabel: Int] = [:]
    var classes: [Int] = []
    try reader.forEachChunk(
      { cursor in
        let writer = CSVWriter()
        var part = BufferedPart(bytes: [], ends: [], labels: [], classes: [])
        var local: [SplitLabel: Int] = [:]
        while let status = try cursor.next() {
          guard case .record = status else { continue }
          encode(cursor, jsonl: jsonl, into: writer)
          part.ends.append(writer.buffer.count)
          guard let classIndex else { continue }
          let label: SplitLabel =
            cursor.isNull(classIndex) ? .missing : .value(Array(cursor.field(classIndex)))
          if let known = local[label] {
            part.classes.append(known)
          } else {
            local[label] = part.labels.count
            part.classes.append(part.labels.count)
            part.labels.append(label)
          }
        }
        part.bytes = writer.buffer
        return part
      },
      reduce: { part in
        let base = bytes.count
        bytes.append(contentsOf: part.bytes)
        ends.append(contentsOf: part.ends.lazy.map { $0 + base })
        let global = part.labels.map { label in
          if let known = labelIndex[label] { return known }
          labelIndex[label] = labels.count
          labels.append(label)
          return labels.count - 1
        }
        classes.append(contentsOf: part.classes.lazy.map { global[$0] })
      })
    let assignment: [Bool]
    var oneSided: [SplitLabel] = []
    if classIndex != nil {
      let result = Splitter.stratifiedAssignment(
        classes: classes, labels: labels, fraction: settings.fraction, seed: settings.seed)
      assignment = result.assignment
      oneSided = result.oneSided.map { labels[$0] }.sorted()
    } else {
      assignment = Splitter.shuffledAssignment(
        rows: ends.count, fraction: settings.fraction, seed: settings.seed)
    }
    var summary = SplitSummary(
      rows: ends.count, trainRows: 0, testRows: 0, oneSidedClasses: oneSided)
    bytes.withUnsafeBytes { all in
      var start = 0
      for (row, end) in ends.enumerated() {
        let record = UnsafeRawBufferPointer(rebasing: all[start..<end])
        if assignment[row] {
          test.writeEncoded(record, records: 1)
          summary.testRows += 1
        } else {
          train.writeEncoded(record, records: 1)
          summary.trainRows += 1
        }
        start = end
      }
    }
    return summary
  }
}
