import SluiceCore
import SluiceLearn
import SluiceTable

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `examples/input.csv` and `examples/expected_output.csv`: a few rows and the native model's
/// predictions on them, the golden parity check for any runtime that serves the bundle.
public enum Examples {
  /// Rows taken from the first `--data` file.
  public static let rowLimit = 5
  /// Rows made up from the pipeline when no data is given.
  public static let syntheticRows = 3

  /// The input rows: the signature's input columns of the first `rowLimit` rows of `dataPath`,
  /// or, without data, rows made from the pipeline (medians, categories in turn, a sentence).
  public static func input(model: TrainedModel, signature: Signature, dataPath: String?) throws
    -> [UInt8]
  {
    let writer = CSVWriter()
    let names = signature.inputs.map(\.name)
    writer.writeRecord(names)
    guard let dataPath else {
      for row in 0..<syntheticRows {
        for encoder in model.pipeline.encoders { writer.writeField(synthetic(encoder, row: row)) }
        writer.endRecord()
      }
      return writer.buffer
    }
    let reader = try TableReader(path: dataPath)
    let frame = try Frame.read(reader)
    var indices: [Int] = []
    for name in names {
      guard let index = frame.index(of: name) else {
        throw BundleError("column '\(name)' required by the model is not in \(reader.displayName)")
      }
      indices.append(index)
    }
    // Score the rows in the user's file first, so that a value the model cannot read is
    // reported at its line in that file, not in the bundle's examples/input.csv.
    _ = try model.scores(
      frame: frame.selecting(Array(0..<min(rowLimit, frame.rows))), file: reader.displayName)
    let nullTokens = Set(ReadOptions.defaultNullTokens)
    for row in 0..<min(rowLimit, frame.rows) {
      for index in indices {
        let column = frame.columns[index]
        if column.missing[row] {
          writer.writeField("")
        } else {
          let text = column.string(row) ?? ""
          // A value that reads as missing when unquoted must stay a value.
          writer.writeField(text, forceQuotes: nullTokens.contains(text))
        }
      }
      writer.endRecord()
    }
    return writer.buffer
  }

  /// A made-up value for `encoder`'s column in row `row`.
  static func synthetic(_ encoder: FeaturePipeline.Encoder, row: Int) -> String {
    switch encoder {
    case .numeric(let numeric):
      return CanonicalJSON.formatDouble(numeric.median + Double(row) * numeric.scale) ?? "0"
    case .categorical(let categorical):
      guard !categorical.categories.isEmpty else { return "" }
      return categorical.categories[row % categorical.categories.count]
    case .text:
      return ["a short example sentence", "another example", "one more example"][row % 3]
    }
  }

  /// The example rows read back as `predict` reads them.
  public static func frame(input: [UInt8]) throws -> Frame {
    try withTemporaryFile(input, suffix: ".csv") { path in try Frame.read(TableReader(path: path)) }
  }

  /// The predictions file `predict` writes for the example rows.
  public static func predictions(model: TrainedModel, frame: Frame) throws -> [UInt8] {
    let writer = CSVWriter()
    try ModelPredictions.write(
      model: model, frame: frame, file: "examples/input.csv", idColumn: nil, keep: [],
      threshold: nil, to: writer)
    return writer.buffer
  }

  /// Runs `body` with `bytes` in a temporary file (the table reader reads files), removed after.
  static func withTemporaryFile<Result>(
    _ bytes: [UInt8], suffix: String, _ body: (String) throws -> Result
  ) throws -> Result {
    let directory = ProcessEnvironment.current["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    var template = Array("\(directory)/sluice-bundle-XXXXXX\(suffix)".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
      guard let base = buffer.baseAddress else { return -1 }
      return mkstemps(base, Int32(suffix.utf8.count))
    }
    guard descriptor >= 0 else {
      throw BundleError(
        "cannot create a temporary file in \(directory): \(systemErrorDescription(errno))",
        exitCode: .cannotCreateOutput)
    }
    let path = template.withUnsafeBufferPointer { pointer in
      pointer.baseAddress.map { String(cString: $0) } ?? ""
    }
    defer { unlink(path) }
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes {
        write(descriptor, $0.baseAddress?.advanced(by: offset), bytes.count - offset)
      }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else {
        close(descriptor)
        throw BundleError(
          "cannot write a temporary file: \(systemErrorDescription(errno))", exitCode: .ioError)
      }
      offset += written
    }
    close(descriptor)
    return try body(path)
  }
}
