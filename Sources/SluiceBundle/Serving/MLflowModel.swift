import SluiceCore
import SluiceLearn
import SluiceTable

/// Writes an MLflow model directory (`mlflow/` in the bundle) for the exported ONNX model: the
/// `onnx` and `python_function` flavors, the signature, an input example and the environment
/// files. Nothing in it is random or dated (MLflow's own writer adds a uuid and a timestamp;
/// its reader does not need them), so the same model gives the same bytes.
public enum MLflowModel {
  /// The Python version named in the environment files (a prefix MLflow resolves).
  public static let pythonVersion = "3.11"
  /// requirements.txt lines. pandas 3 breaks string inputs of the onnx flavor (its string
  /// columns are no longer object arrays onnxruntime accepts).
  public static let requirements = [
    "mlflow>=2.14", "onnx>=1.14", "onnxruntime>=1.15", "numpy", "pandas<3",
  ]

  /// The directory's files, sorted by path: `MLmodel`, `conda.yaml`, `input_example.json`,
  /// `model.onnx`, `python_env.yaml`, `requirements.txt`, `serving_input_example.json`.
  ///
  /// `inputExample` holds rows keyed by input name (see `exampleRows`); `onnx` is the
  /// exported model (`ONNXExport.bytes`, which must be available).
  public static func files(
    model: TrainedModel, signature: Signature, inputExample: [[String: JSONValue]],
    onnx: [UInt8]
  ) -> [(path: String, bytes: [UInt8])] {
    let columns = signature.inputs.map(\.name)
    let rows = inputExample.map { row in JSONValue.array(columns.map { row[$0] ?? .null }) }
    let split = JSONValue.object([
      "columns": .array(columns.map { .string($0) }), "data": .array(rows),
    ])
    let files: [(String, [UInt8])] = [
      ("MLmodel", Array(mlmodel(signature: signature).utf8)),
      ("conda.yaml", Array(condaYAML.utf8)),
      ("input_example.json", Array(CanonicalJSON.encode(split).utf8)),
      ("model.onnx", onnx),
      ("python_env.yaml", Array(pythonEnvYAML.utf8)),
      ("requirements.txt", Array(requirements.map { $0 + "\n" }.joined().utf8)),
      (
        "serving_input_example.json",
        Array(CanonicalJSON.encode(.object(["dataframe_split": split])).utf8)
      ),
    ]
    return files.map { (path: $0.0, bytes: $0.1) }
  }

  /// The rows of `frame` as input-example rows for `signature`: numbers for `double` and
  /// `long` inputs (null when missing or not a number), booleans for `boolean`, strings
  /// otherwise (the empty string when missing, as the ONNX contract spells it).
  public static func exampleRows(frame: Frame, signature: Signature) -> [[String: JSONValue]] {
    (0..<frame.rows).map { row in
      var values: [String: JSONValue] = [:]
      for input in signature.inputs {
        let text = frame.index(of: input.name).flatMap { frame.columns[$0].string(row) }
        values[input.name] = exampleValue(text, type: input.type)
      }
      return values
    }
  }

  static func exampleValue(_ text: String?, type: Signature.ValueType) -> JSONValue {
    switch type {
    case .string:
      return .string(text ?? "")
    case .boolean:
      guard let text else { return .null }
      switch text.lowercased() {
      case "true", "1": return .bool(true)
      case "false", "0": return .bool(false)
      default: return .null
      }
    case .long:
      guard let text, let value = Int64(text) else { return .null }
      return .int(value)
    case .double, .float:
      guard let text else { return .null }
      if let value = Double(text), value.isFinite { return .double(value) }
      switch text.lowercased() {
      case "true": return .double(1)
      case "false": return .double(0)
      default: return .null
      }
    }
  }

  /// The MLmodel file (YAML).
  static func mlmodel(signature: Signature) -> String {
    """
    flavors:
      onnx:
        code: null
        data: model.onnx
        onnx_session_options: null
        providers:
        - CPUExecutionProvider
      python_function:
        data: model.onnx
        env:
          conda: conda.yaml
          virtualenv: python_env.yaml
        loader_module: mlflow.onnx
        python_version: '\(pythonVersion)'
    saved_input_example_info:
      artifact_path: input_example.json
      pandas_orient: split
      serving_input_path: serving_input_example.json
      type: dataframe
    signature:
      inputs: \(yamlQuoted(columnSpecs(signature.inputs)))
      outputs: \(yamlQuoted(columnSpecs(signature.outputs)))
      params: null

    """
  }

  /// MLflow's `ColSpec` list as MLflow writes it: `json.dumps` of `{"type", "name",
  /// "required"}` objects (ASCII-escaped, `", "` and `": "` separators).
  static func columnSpecs(_ columns: [Signature.Column]) -> String {
    let items = columns.map { column in
      "{\"type\": \(pythonJSONString(column.type.rawValue)), \"name\": \(pythonJSONString(column.name)), \"required\": true}"
    }
    return "[" + items.joined(separator: ", ") + "]"
  }

  /// A JSON string literal as Python's `json.dumps` writes it (non-ASCII as `\uXXXX`).
  static func pythonJSONString(_ text: String) -> String {
    var result = "\""
    for unit in text.utf16 {
      switch unit {
      case 0x22: result += "\\\""
      case 0x5C: result += "\\\\"
      case 0x0A: result += "\\n"
      case 0x0D: result += "\\r"
      case 0x09: result += "\\t"
      case 0x08: result += "\\b"
      case 0x0C: result += "\\f"
      case 0x20..<0x7F: result.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
      default:
        let hex = String(unit, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      }
    }
    return result + "\""
  }

  /// A YAML single-quoted scalar (the text is ASCII: `columnSpecs` escapes the rest).
  static func yamlQuoted(_ text: String) -> String {
    "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''")
      + "'"
  }

  static var pythonEnvYAML: String {
    """
    python: '\(pythonVersion)'
    build_dependencies:
    - pip
    - setuptools
    - wheel
    dependencies:
    - -r requirements.txt

    """
  }

  static var condaYAML: String {
    let pip = requirements.map { "    - '\($0)'" }.joined(separator: "\n")
    return """
      channels:
      - conda-forge
      dependencies:
      - python=\(pythonVersion)
      - pip
      - pip:
      \(pip)
      name: mlflow-env

      """
  }
}
