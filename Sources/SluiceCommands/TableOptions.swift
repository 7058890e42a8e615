import SluiceCore
import SluiceTable

/// The table-reading options every tool shares, with the same names and meaning everywhere.
public enum TableOptions {
  /// The option specs, for a command's OPTIONS list.
  public static let specs: [OptionSpec] = [
    OptionSpec(
      ["--input-format"], value: "csv|tsv|jsonl",
      help:
        "Table format (default: from the file extension, else csv). Gzip input (.gz, or by its magic bytes) is decompressed; data.csv.gz is csv."
    ),
    OptionSpec(
      ["--delimiter"], value: "char",
      help:
        "Field delimiter: one character, or 'tab' (default: tab for tsv; for csv the one of , ; tab | that the first 1,000 records agree on, else ',')."
    ),
    OptionSpec(
      ["--decimal"], value: ".|,",
      help: "Decimal mark of numbers: '.' (default) or ',' (then 1,5 reads as 1.5)."),
    OptionSpec(
      ["--quote"], value: "char|none",
      help: "Quote character, or 'none' (default: '\"' for csv, none for tsv)."),
    OptionSpec(["--no-header"], help: "The first row is data; columns are named column_1, ..."),
    OptionSpec(
      ["--null"], value: "token",
      help:
        "A value read as missing; repeat for more (replaces the defaults: '', NA, N/A, null, NULL, NaN, nan).",
      repeatable: true),
    OptionSpec(
      ["--threads"], value: "n",
      help: "Parsing threads (default: the number of cores); results never depend on it."),
  ]

  /// Reads the shared options from parsed arguments.
  public static func readOptions(_ arguments: ParsedArguments) throws(CoreError) -> ReadOptions {
    var options = ReadOptions()
    if let name = arguments.string("--input-format") {
      guard let format = TableFormat(rawValue: name.lowercased()) else {
        throw .usage("invalid value '\(name)' for '--input-format': expected csv, tsv or jsonl")
      }
      options.format = format
    }
    if let text = arguments.string("--delimiter") {
      options.delimiter = try singleByte(text, option: "--delimiter")
    }
    if let text = arguments.string("--quote") {
      options.quote = text == "none" ? .some(nil) : .some(try singleByte(text, option: "--quote"))
    }
    if let text = arguments.string("--decimal") {
      guard text == "." || text == "," else {
        throw .usage("invalid value '\(text)' for '--decimal': expected '.' or ','")
      }
      options.decimal = UInt8(ascii: text == "," ? "," : ".")
    }
    options.hasHeader = !arguments.flag("--no-header")
    let nulls = arguments.strings("--null")
    if !nulls.isEmpty { options.nullTokens = nulls }
    if let threads = try arguments.int("--threads") {
      guard threads >= 1 && threads <= 256 else {
        throw .usage("invalid value '\(threads)' for '--threads': expected 1 to 256")
      }
      options.workers = threads
    }
    return options
  }

  /// Opens a table and tells the user on stderr what the reader decided on its own (a
  /// sniffed delimiter), as `tool: note: file: ...`.
  public static func open(_ path: String, options: ReadOptions, invocation: Invocation) throws
    -> TableReader
  {
    let reader = try TableReader(path: path, options: options)
    for note in reader.notes {
      invocation.stderr.write("\(invocation.toolName): note: \(reader.displayName): \(note)\n")
    }
    return reader
  }

  /// Warns about each named column, one whose values would be numbers with `,` as the decimal
  /// mark (`1,5`): read as strings, it would be profiled, typed and encoded as categories.
  public static func warnDecimalCommas(_ columns: [String], _ invocation: Invocation) {
    for name in columns {
      invocation.warn(
        "column '\(name)' looks like numbers with a decimal comma (1,5); give --decimal ,")
    }
  }

  private static func singleByte(_ text: String, option: String) throws(CoreError) -> UInt8 {
    switch text {
    case "tab", "\\t", "\t": return 0x09
    default:
      let bytes = Array(text.utf8)
      guard bytes.count == 1, bytes[0] != 0x0A, bytes[0] != 0x0D else {
        throw .usage("invalid value '\(text)' for '\(option)': expected one ASCII character")
      }
      return bytes[0]
    }
  }
}
