import SluiceCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The physical format of a table file.
public enum TableFormat: String, Sendable, CaseIterable {
  /// Comma-separated values (RFC 4180), quoted with `"` by default.
  case csv
  /// Tab-separated values (IANA text/tab-separated-values), unquoted by default.
  case tsv
  /// JSON Lines: one flat JSON object per line.
  case jsonl

  /// The format implied by a file name's extension, if any; a gzip file's comes from the
  /// extension before `.gz` (`data.csv.gz` is CSV).
  public static func fromExtension(of path: String) -> TableFormat? {
    var lower = path.lowercased()
    if lower.hasSuffix(".gz") { lower.removeLast(3) }
    if lower.hasSuffix(".csv") { return .csv }
    if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") { return .tsv }
    if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonl }
    return nil
  }
}

/// How to read a table: format, dialect, null tokens and parallelism.
public struct ReadOptions: Sendable {
  /// The format; `nil` means from the file extension, else CSV.
  public var format: TableFormat?
  /// The field delimiter; `nil` means the format's default: tab for TSV; for CSV the one of
  /// `,` `;` tab `|` that the first records agree on (`DelimiterSniffer`), else `,`.
  public var delimiter: UInt8?
  /// The quote character; `.some(nil)` turns quoting off, `nil` means the format's default.
  public var quote: UInt8??
  /// Whether the first record names the columns.
  public var hasHeader: Bool
  /// Unquoted field values read as missing.
  public var nullTokens: [String]
  /// Worker threads for parsing; results never depend on it.
  public var workers: Int
  /// Target chunk size in bytes; records are never split across chunks.
  public var chunkSize: Int
  /// Records longer than this are refused (it bounds memory on malformed input).
  public var maxRecordBytes: Int
  /// Report malformed records to the caller instead of stopping at the first one.
  public var lenient: Bool
  /// The decimal mark of numbers: `.` or `,` (then an unquoted or quoted field that is a
  /// number with a decimal comma, `-1,5e3`, is read as `-1.5e3`).
  public var decimal: UInt8 = 0x2E

  /// The null tokens used when none are given.
  public static let defaultNullTokens = ["", "NA", "N/A", "null", "NULL", "NaN", "nan"]

  /// Default options: format from the extension, header row, default null tokens.
  public init(
    format: TableFormat? = nil, delimiter: UInt8? = nil, quote: UInt8?? = nil,
    hasHeader: Bool = true, nullTokens: [String] = ReadOptions.defaultNullTokens,
    workers: Int = ReadOptions.defaultWorkers, chunkSize: Int = ReadOptions.defaultChunkSize,
    maxRecordBytes: Int = 32 << 20, lenient: Bool = false
  ) {
    self.format = format
    self.delimiter = delimiter
    self.quote = quote
    self.hasHeader = hasHeader
    self.nullTokens = nullTokens
    self.workers = workers
    self.chunkSize = chunkSize
    self.maxRecordBytes = maxRecordBytes
    self.lenient = lenient
  }

  /// The default chunk size in bytes (2 MiB); chunks of long records grow past it.
  public static let defaultChunkSize = 1 << 21

  /// One worker per online core.
  public static var defaultWorkers: Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }
}

/// The dialect after defaults are applied to `ReadOptions` for one input.
struct Dialect: Sendable {
  var format: TableFormat
  var delimiter: UInt8
  var quote: UInt8?
  var decimal: UInt8

  init(options: ReadOptions, path: String) {
    decimal = options.decimal
    format = options.format ?? TableFormat.fromExtension(of: path) ?? .csv
    switch format {
    case .csv: delimiter = options.delimiter ?? UInt8(ascii: ",")
    case .tsv: delimiter = options.delimiter ?? UInt8(ascii: "\t")
    case .jsonl: delimiter = 0
    }
    if let explicit = options.quote {
      quote = explicit
    } else {
      quote = format == .csv ? UInt8(ascii: "\"") : nil
    }
    if format == .jsonl { quote = nil }
  }
}
