import SluiceCore
import SluiceTable

/// Features as a dense row-major matrix.
public struct FeatureMatrix: Sendable {
  /// Rows × width values.
  public var values: [Double]
  /// Rows.
  public var rows: Int
  /// Features per row.
  public var width: Int
}

/// The feature pipeline learned on training data and stored in the model, so scoring
/// applies exactly the same transform (docs/formats.md, "model.json").
public struct FeaturePipeline: Sendable {
  /// One encoder per feature column, in table order.
  public enum Encoder: Sendable, Equatable {
    case numeric(NumericEncoder)
    case categorical(CategoricalEncoder)
    case text(TextEncoder)

    /// The source column.
    public var column: String {
      switch self {
      case .numeric(let encoder): return encoder.column
      case .categorical(let encoder): return encoder.column
      case .text(let encoder): return encoder.column
      }
    }

    var width: Int {
      switch self {
      case .numeric(let encoder): return encoder.indicator ? 2 : 1
      case .categorical(let encoder): return encoder.width
      case .text(let encoder): return encoder.width
      }
    }

    var featureNames: [String] {
      switch self {
      case .numeric(let encoder): return encoder.featureNames
      case .categorical(let encoder): return encoder.featureNames
      // 2^20 hashed features have no names; one entry stands for the block.
      case .text(let encoder): return ["\(encoder.column)#hashed[\(encoder.width)]"]
      }
    }
  }

  /// The encoders.
  public var encoders: [Encoder]

  /// Whether some feature column is text (hashed, so only a sparse matrix holds the features).
  public var hasText: Bool {
    encoders.contains { if case .text = $0 { return true } else { return false } }
  }

  /// Every output feature's name.
  public var featureNames: [String] { encoders.flatMap(\.featureNames) }
  /// Features per row.
  public var width: Int { encoders.reduce(0) { $0 + $1.width } }

  /// Learns encoders for `columns` (name and role) from `frame`.
  public static func fit(
    frame: Frame, columns: [(name: String, role: ColumnRole)], minFrequency: Int = 1,
    maxCategories: Int? = nil, text: HashingVectorizer? = nil, file: String
  ) throws -> FeaturePipeline {
    try fit(
      frame: frame, columns: columns, minFrequency: minFrequency, maxCategories: maxCategories,
      text: text, file: file, cache: ColumnCache())
  }

  /// `fit`, keeping the parsed columns in `cache` for the transform that follows.
  static func fit(
    frame: Frame, columns: [(name: String, role: ColumnRole)], minFrequency: Int,
    maxCategories: Int?, text: HashingVectorizer?, file: String, cache: ColumnCache
  ) throws -> FeaturePipeline {
    let hashing = try text ?? HashingVectorizer()
    // Columns are independent: learn them on all cores, in table order.
    let learned = ParallelMap.map(Array(columns.indices)) {
      position -> Result<Encoder?, LearnError> in
      let (name, role) = columns[position]
      guard let index = frame.index(of: name) else {
        return .failure(LearnError("column '\(name)' is not in \(file)"))
      }
      do {
        switch role {
        case .numeric:
          let values = try cache.numbers(index) { try numbersOrNaN(frame, index, file: file) }
          return .success(.numeric(try NumericEncoder.fit(column: name, numbersOrNaN: values)))
        case .categorical:
          let codes = cache.codes(index) { CategoryCodes(frame.columns[index]) }
          return .success(
            .categorical(
              CategoricalEncoder.fit(
                column: name, counts: codes.frequencies, hasMissing: codes.hasMissing,
                minFrequency: minFrequency, maxCategories: maxCategories)))
        case .text:
          return .success(.text(TextEncoder(column: name, vectorizer: hashing)))
        default:
          return .success(nil)
        }
      } catch let error as LearnError {
        return .failure(error)
      } catch {
        return .failure(LearnError("\(error)"))
      }
    }
    let encoders = try learned.compactMap { try $0.get() }
    return FeaturePipeline(encoders: encoders)
  }

  /// A numeric column's values (nil = missing); a value that is not a number is an error
  /// naming its line.
  static func numbers(_ frame: Frame, _ index: Int, file: String) throws -> [Double?] {
    try numbersOrNaN(frame, index, file: file).map { $0.isNaN ? nil : $0 }
  }

  /// `numbers` with NaN for a missing value (no value read is NaN: those are errors), in half
  /// the memory of optionals.
  static func numbersOrNaN(_ frame: Frame, _ index: Int, file: String) throws -> [Double] {
    let column = frame.columns[index]
    var values: [Double] = []
    values.reserveCapacity(frame.rows)
    for row in 0..<frame.rows {
      if column.missing[row] {
        values.append(.nan)
        continue
      }
      let number = column.withField(row) { bytes -> Double? in
        if let flag = ValueParser.boolean(bytes) { return flag ? 1 : 0 }
        let parsed = ValueParser.number(bytes)
        return parsed.kind == .string ? nil : parsed.double
      }
      guard let number, number.isFinite else {
        let tooLarge = number == nil && column.withField(row) { ValueParser.overflows($0) }
        throw LearnError(
          "value '\(column.string(row) ?? "")' in numeric column '\(frame.names[index])' "
            + (tooLarge ? "is out of range for a double" : "is not a finite number"),
          at: SourceLocation(file: file, line: frame.lines[row], column: index + 1))
      }
      values.append(number)
    }
    return values
  }

  /// The features of every row of `frame`; columns the pipeline needs must be present.
  public func transform(_ frame: Frame, file: String) throws -> FeatureMatrix {
    guard !hasText else {
      throw LearnError("internal: a pipeline with text features needs the sparse transform")
    }
    let width = self.width
    var values = [Double](repeating: 0, count: frame.rows * width)
    var offset = 0
    for encoder in encoders {
      guard let index = frame.index(of: encoder.column) else {
        throw LearnError("column '\(encoder.column)' required by the model is not in \(file)")
      }
      switch encoder {
      case .numeric(let numeric):
        let column = try Self.numbers(frame, index, file: file)
        values.withUnsafeMutableBufferPointer { buffer in
          guard let base = buffer.baseAddress else { return }
          for row in 0..<frame.rows {
            numeric.encode(column[row], into: base + row * width, at: offset)
          }
        }
      case .categorical(let categorical):
        let codes = CategoryCodes(frame.columns[index])
        let slots = categorical.slots(for: codes)
        let missingSlot = slots[slots.count - 1]
        for (row, code) in codes.codes.enumerated() {
          let slot = code < 0 ? missingSlot : slots[Int(code)]
          if slot >= 0 { values[row * width + offset + Int(slot)] = 1 }
        }
      case .text:
        break
      }
      offset += encoder.width
    }
    return FeatureMatrix(values: values, rows: frame.rows, width: width)
  }

  /// The pipeline as JSON for the model file.
  public var json: JSONValue {
    .array(
      encoders.map { encoder in
        switch encoder {
        case .numeric(let numeric): return numeric.json
        case .categorical(let categorical): return categorical.json
        case .text(let text): return text.json
        }
      })
  }

  /// Reads a pipeline from a model file.
  public init(json: JSONValue) throws {
    guard let list = json.arrayValue else {
      throw LearnError("model file: 'pipeline' is not a list")
    }
    encoders = try list.map { item in
      switch item["kind"]?.stringValue {
      case "numeric": return .numeric(try NumericEncoder(json: item))
      case "categorical": return .categorical(try CategoricalEncoder(json: item))
      case "text": return .text(try TextEncoder(json: item))
      default:
        throw LearnError("model file: unknown feature kind '\(item["kind"]?.stringValue ?? "")'")
      }
    }
  }

  init(encoders: [Encoder]) { self.encoders = encoders }
}
