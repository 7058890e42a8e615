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

    /// The source column.
    public var column: String {
      switch self {
      case .numeric(let encoder): return encoder.column
      case .categorical(let encoder): return encoder.column
      }
    }

    var width: Int {
      switch self {
      case .numeric(let encoder): return encoder.indicator ? 2 : 1
      case .categorical(let encoder): return encoder.width
      }
    }

    var featureNames: [String] {
      switch self {
      case .numeric(let encoder): return encoder.featureNames
      case .categorical(let encoder): return encoder.featureNames
      }
    }
  }

  /// The encoders.
  public var encoders: [Encoder]

  /// Every output feature's name.
  public var featureNames: [String] { encoders.flatMap(\.featureNames) }
  /// Features per row.
  public var width: Int { encoders.reduce(0) { $0 + $1.width } }

  /// Learns encoders for `columns` (name and role) from `frame`.
  public static func fit(
    frame: Frame, columns: [(name: String, role: ColumnRole)], minFrequency: Int = 1,
    maxCategories: Int? = nil, file: String
  ) throws -> FeaturePipeline {
    var encoders: [Encoder] = []
    for (name, role) in columns {
      guard let index = frame.index(of: name) else {
        throw LearnError("column '\(name)' is not in \(file)")
      }
      switch role {
      case .numeric:
        let values = try numbers(frame, index, file: file)
        encoders.append(.numeric(try NumericEncoder.fit(column: name, values: values)))
      case .categorical:
        let values = (0..<frame.rows).map { frame.columns[index].string($0) }
        encoders.append(
          .categorical(
            CategoricalEncoder.fit(
              column: name, values: values, minFrequency: minFrequency,
              maxCategories: maxCategories)))
      default:
        continue
      }
    }
    return FeaturePipeline(encoders: encoders)
  }

  /// A numeric column's values (nil = missing); a value that is not a number is an error
  /// naming its line.
  static func numbers(_ frame: Frame, _ index: Int, file: String) throws -> [Double?] {
    let column = frame.columns[index]
    var values: [Double?] = []
    values.reserveCapacity(frame.rows)
    for row in 0..<frame.rows {
      if column.missing[row] {
        values.append(nil)
        continue
      }
      let number = column.withField(row) { bytes -> Double? in
        if let flag = ValueParser.boolean(bytes) { return flag ? 1 : 0 }
        let parsed = ValueParser.number(bytes)
        return parsed.kind == .string ? nil : parsed.double
      }
      guard let number, number.isFinite else {
        throw LearnError(
          "value '\(column.string(row) ?? "")' in numeric column '\(frame.names[index])' is not a finite number",
          at: SourceLocation(file: file, line: frame.lines[row], column: index + 1))
      }
      values.append(number)
    }
    return values
  }

  /// The features of every row of `frame`; columns the pipeline needs must be present.
  public func transform(_ frame: Frame, file: String) throws -> FeatureMatrix {
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
        let lookup = categorical.lookup
        let column = frame.columns[index]
        for row in 0..<frame.rows {
          if let slot = categorical.slot(of: column.string(row), lookup: lookup) {
            values[row * width + offset + slot] = 1
          }
        }
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
      default:
        throw LearnError("model file: unknown feature kind '\(item["kind"]?.stringValue ?? "")'")
      }
    }
  }

  init(encoders: [Encoder]) { self.encoders = encoders }
}
