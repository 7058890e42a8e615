import SluiceCore
import SluiceData
import SluiceLearn

/// What a packaged model takes and gives (`signature.json`, docs/formats.md "ONNX contract"):
/// one input per source column of the feature pipeline and the model's named outputs, typed
/// with MLflow's column types so the same list serves as the MLflow signature.
public struct Signature: Sendable, Equatable {
  /// The version of the signature.json format.
  public static let formatVersion: Int64 = 1

  /// A column type, spelled as MLflow's `ColSpec` types.
  public enum ValueType: String, Sendable, CaseIterable {
    /// MLflow's `double`, `float`, `long`, `boolean` and `string`.
    case double, float, long, boolean, string
  }

  /// One named input or output column.
  public struct Column: Sendable, Equatable {
    /// Column name (for inputs, the source column's name).
    public var name: String
    /// Value type.
    public var type: ValueType
    /// Whether a value may be missing (NaN for numbers, the empty string for strings).
    public var nullable: Bool
    /// The known values of a categorical input (others are not errors), else nil.
    public var categories: [String]?

    /// Creates a column.
    public init(name: String, type: ValueType, nullable: Bool, categories: [String]? = nil) {
      self.name = name
      self.type = type
      self.nullable = nullable
      self.categories = categories
    }
  }

  /// Inputs, in the feature pipeline's column order.
  public var inputs: [Column]
  /// Outputs: `label` then one `proba_<label>` per class, or `prediction`.
  public var outputs: [Column]

  /// Creates a signature.
  public init(inputs: [Column], outputs: [Column]) {
    self.inputs = inputs
    self.outputs = outputs
  }

  /// The signature of `model`, with types and nullability from `schema` where it names a column.
  ///
  /// A numeric column is `double` unless the schema says it is an integer (`long`) or boolean
  /// (`boolean`) column that is never missing: MLflow reads an integer column with missing
  /// values as doubles, so only a column without them can be `long`.
  public static func make(model: TrainedModel, schema: Schema?) -> Signature {
    let inputs = model.pipeline.encoders.map { encoder -> Column in
      let stated = schema?.column(named: encoder.column)
      let nullable = stated?.nullable ?? true
      switch encoder {
      case .numeric(let numeric):
        var type = ValueType.double
        if let stated, !stated.nullable {
          if stated.type == .integer { type = .long }
          if stated.type == .boolean { type = .boolean }
        }
        return Column(name: numeric.column, type: type, nullable: nullable)
      case .categorical(let categorical):
        return Column(
          name: categorical.column, type: .string, nullable: nullable,
          categories: stated?.values ?? categorical.categories)
      case .text(let text):
        return Column(name: text.column, type: .string, nullable: nullable)
      }
    }
    return Signature(inputs: inputs, outputs: outputs(model))
  }

  /// The outputs of `model`.
  static func outputs(_ model: TrainedModel) -> [Column] {
    if model.task == .regression {
      return [Column(name: "prediction", type: .float, nullable: false)]
    }
    return [Column(name: "label", type: .string, nullable: false)]
      + model.classes.map { Column(name: "proba_\($0)", type: .float, nullable: false) }
  }

  /// The input named `name`.
  public func input(named name: String) -> Column? { inputs.first { $0.name == name } }

  /// signature.json.
  public var json: JSONValue {
    .object([
      "signature_version": .int(Self.formatVersion),
      "inputs": .array(inputs.map(Self.encode)),
      "outputs": .array(outputs.map(Self.encode)),
    ])
  }

  static func encode(_ column: Column) -> JSONValue {
    var members: [String: JSONValue] = [
      "name": .string(column.name), "type": .string(column.type.rawValue),
      "nullable": .bool(column.nullable),
    ]
    if let categories = column.categories {
      members["categories"] = .array(categories.map { .string($0) })
    }
    return .object(members)
  }

  /// Reads signature.json (`file` names it in errors).
  public init(json: JSONValue, file: String) throws {
    guard json["signature_version"] != nil else {
      throw CoreError.invalidData("\(file): not a signature (no \"signature_version\")")
    }
    if let problem = FormatVersion.problem(
      in: json, key: "signature_version", understood: Self.formatVersion)
    {
      throw CoreError.invalidData("\(file): signature_version: \(problem)")
    }
    func columns(_ key: String) throws -> [Column] {
      guard let list = json[key]?.arrayValue else {
        throw CoreError.invalidData("\(file): \"\(key)\" is not a list")
      }
      return try list.map { item in
        guard let name = item["name"]?.stringValue,
          let type = item["type"]?.stringValue.flatMap(ValueType.init(rawValue:))
        else {
          throw CoreError.invalidData(
            "\(file): every \(key) entry needs a name and a type (double, float, long, boolean, string)"
          )
        }
        return Column(
          name: name, type: type, nullable: item["nullable"]?.boolValue ?? true,
          categories: item["categories"]?.arrayValue?.compactMap(\.stringValue))
      }
    }
    self.init(inputs: try columns("inputs"), outputs: try columns("outputs"))
  }
}
