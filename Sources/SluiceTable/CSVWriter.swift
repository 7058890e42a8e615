import SluiceCore

/// Writes RFC 4180 CSV records into an `AtomicOutput` or an in-memory byte buffer.
///
/// A field is quoted only when it must be: when it holds the delimiter, a quote, CR or LF, or
/// starts or ends with a space or tab (which some readers trim). Quotes inside a quoted field
/// are doubled. Records end with LF. The output is a pure function of the fields written.
public final class CSVWriter {
  /// The field delimiter (`,` unless chosen otherwise).
  public let delimiter: UInt8
  /// Pending bytes (output-backed writer) or everything written (memory writer).
  public private(set) var buffer: [UInt8] = []
  /// Number of records ended so far.
  public private(set) var recordCount = 0

  private let output: AtomicOutput?
  private var fieldsInRecord = 0
  private let flushThreshold = 1 << 16

  static let quote = UInt8(ascii: "\"")

  /// Creates a writer that keeps every byte in `buffer`.
  public init(delimiter: UInt8 = UInt8(ascii: ",")) {
    self.delimiter = delimiter
    output = nil
  }

  /// Creates a writer that sends its bytes to `output` (call `flush()` before committing it).
  public init(output: AtomicOutput, delimiter: UInt8 = UInt8(ascii: ",")) {
    self.delimiter = delimiter
    self.output = output
    buffer.reserveCapacity(flushThreshold * 2)
  }

  /// Whether `field` must be quoted to read back as the same bytes.
  public static func needsQuotes(_ field: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> Bool {
    guard let first = field.first, let last = field.last else { return false }
    if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return true }
    for byte in field
    where byte == delimiter || byte == quote || byte == 0x0A || byte == 0x0D {
      return true
    }
    return false
  }

  /// Appends one field to the current record; `forceQuotes` quotes it even when not needed
  /// (so a value that looks like a null token, or an empty string, stays a value).
  public func writeField(_ field: UnsafeBufferPointer<UInt8>, forceQuotes: Bool = false) {
    if fieldsInRecord > 0 { buffer.append(delimiter) }
    fieldsInRecord += 1
    guard forceQuotes || Self.needsQuotes(field, delimiter: delimiter) else {
      buffer.append(contentsOf: field)
      return
    }
    buffer.append(Self.quote)
    var runStart = 0
    for (index, byte) in field.enumerated() where byte == Self.quote {
      // Copy up to and including the quote, then double it.
      buffer.append(contentsOf: UnsafeBufferPointer(rebasing: field[runStart...index]))
      buffer.append(Self.quote)
      runStart = index + 1
    }
    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: field[runStart...]))
    buffer.append(Self.quote)
  }

  /// Appends one text field to the current record.
  public func writeField(_ text: String, forceQuotes: Bool = false) {
    var copy = text
    copy.withUTF8 { writeField($0, forceQuotes: forceQuotes) }
  }

  /// Ends the current record with LF.
  public func endRecord() {
    buffer.append(0x0A)
    fieldsInRecord = 0
    recordCount += 1
    if output != nil && buffer.count >= flushThreshold { flush() }
  }

  /// Writes a whole record of text fields.
  public func writeRecord(_ fields: [String]) {
    for field in fields { writeField(field) }
    endRecord()
  }

  /// Appends bytes that already hold whole encoded records (`records` of them).
  public func writeEncoded(_ bytes: UnsafeRawBufferPointer, records: Int) {
    buffer.append(contentsOf: bytes)
    recordCount += records
    if output != nil && buffer.count >= flushThreshold { flush() }
  }

  /// Sends pending bytes to the output; a memory writer keeps them.
  public func flush() {
    guard let output, !buffer.isEmpty else { return }
    buffer.withUnsafeBytes { output.write(bytes: $0) }
    buffer.removeAll(keepingCapacity: true)
  }
}
