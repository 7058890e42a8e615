import SluiceCore
import SluiceData
import SluiceLearn
import SluiceTable

/// Writes an MLflow model directory (`mlflow/` in the bundle): a `python_function` flavor whose
/// loader module (`code/sluice_pyfunc.py`, see `PyfuncLoader`) scores rows as `predict` does,
/// through the exported ONNX model (also offered as the `onnx` flavor) or, for models with text
/// columns, through model.json; the signature, an input example and the environment files,
/// pinned to the versions the serving tests ran. Nothing in it is random or dated (MLflow's own
/// writer adds a uuid and a timestamp; its reader does not need them), so the same model gives
/// the same bytes.
public enum MLflowModel {
  /// The Python version named in the environment files (a prefix MLflow resolves).
  public static let pythonVersion = "3.11"

  /// The packages and versions Sluice's serving tests (`mlflow models serve --env-manager
  /// local`, newest MLflow 3 and pandas 3) ran the loader with; requirements.txt pins them and
  /// MLmodel states them (`metadata.sluice_tested_with`), since `--env-manager local` installs
  /// nothing and uses whatever the user has.
  public static let testedWith: [(package: String, version: String)] = [
    ("mlflow", "3.17.2"), ("numpy", "2.4.6"), ("onnx", "1.23.2"), ("onnxruntime", "1.32.0"),
    ("pandas", "3.1.1"), ("scikit-learn", "1.9.1"), ("scipy", "1.17.1"),
  ]

  /// How the `python_function` flavor scores.
  public enum Scorer: Sendable {
    /// Through the exported ONNX model (its bytes), in float32 as the ONNX contract says.
    case onnx([UInt8])
    /// Through the native model.json (its bytes), in double precision; for models with text
    /// columns, which ONNX cannot express.
    case native([UInt8])

    /// The data file inside the MLflow directory.
    var dataPath: String {
      switch self {
      case .onnx: return "model.onnx"
      case .native: return "model.json"
      }
    }

    var bytes: [UInt8] {
      switch self {
      case .onnx(let bytes), .native(let bytes): return bytes
      }
    }

    /// The packages the loader imports (the onnx flavor also needs `onnx`).
    var packages: [String] {
      switch self {
      case .onnx: return ["mlflow", "numpy", "onnx", "onnxruntime", "pandas"]
      case .native: return ["mlflow", "numpy", "pandas", "scikit-learn", "scipy"]
      }
    }
  }

  /// Whether the native scorer can serve `model`: the loader implements the linear kinds.
  public static func nativeScorerSupports(_ model: TrainedModel) -> Bool {
    model.kind == "logistic" || model.kind == "linear"
  }

  /// The tested versions of the packages `scorer` needs.
  static func tested(_ scorer: Scorer) -> [(String, String)] {
    testedWith.filter { scorer.packages.contains($0.package) }.map { ($0.package, $0.version) }
  }

  /// requirements.txt lines for `scorer`: each package pinned to the tested version.
  public static func requirements(_ scorer: Scorer) -> [String] {
    tested(scorer).map { "\($0.0)==\($0.1)" }
  }

  /// The directory's files, sorted by path: `MLmodel`, `code/sluice_pyfunc.py`, `conda.yaml`,
  /// `input_example.json`, the data file (`model.json` or `model.onnx`), `python_env.yaml`,
  /// `requirements.txt`, `serving_input_example.json`.
  ///
  /// `inputExample` holds rows keyed by input name (see `exampleRows`); `schema` refines the
  /// MLflow column types (see `columnType`).
  public static func files(
    signature: Signature, schema: Schema?, inputExample: [[String: JSONValue]], scorer: Scorer
  ) -> [(path: String, bytes: [UInt8])] {
    let columns = signature.inputs.map(\.name)
    let rows = inputExample.map { row in JSONValue.array(columns.map { row[$0] ?? .null }) }
    let split = JSONValue.object([
      "columns": .array(columns.map { .string($0) }), "data": .array(rows),
    ])
    let requirements = requirements(scorer)
    let files: [(String, [UInt8])] = [
      ("MLmodel", Array(mlmodel(signature: signature, schema: schema, scorer: scorer).utf8)),
      (
        "code/\(PyfuncLoader.moduleName).py",
        Array(PyfuncLoader.source(testedWith: tested(scorer)).utf8)
      ),
      ("conda.yaml", Array(condaYAML(requirements).utf8)),
      ("input_example.json", Array(CanonicalJSON.encode(split).utf8)),
      (scorer.dataPath, scorer.bytes),
      ("python_env.yaml", Array(pythonEnvYAML.utf8)),
      ("requirements.txt", Array(requirements.map { $0 + "\n" }.joined().utf8)),
      (
        "serving_input_example.json",
        Array(CanonicalJSON.encode(.object(["dataframe_split": split])).utf8)
      ),
    ]
    return files.map { (path: $0.0, bytes: $0.1) }.sorted { byBytes($0.path, $1.path) }
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

  /// The MLflow type of an input: its signature type, except `any` for a number column the
  /// schema says holds integers or booleans with missing values. No single MLflow type takes
  /// such a column as pandas reads a CSV: int64 where a file has no missing value (MLflow
  /// refuses int64 for `double`), float64 with NaN where it has some (refused for `long`).
  static func columnType(_ column: Signature.Column, schema: Schema?) -> String {
    if column.type == .double, column.nullable,
      let stated = schema?.column(named: column.name),
      stated.type == .integer || stated.type == .boolean
    {
      return "any"
    }
    return column.type.rawValue
  }

  /// The MLmodel file (YAML).
  static func mlmodel(signature: Signature, schema: Schema?, scorer: Scorer) -> String {
    var flavors = ""
    if case .onnx = scorer {
      flavors = """
          onnx:
            code: null
            data: model.onnx
            onnx_session_options: null
            providers:
            - CPUExecutionProvider

        """
    }
    let versions = tested(scorer).map { "    \($0.0): '\($0.1)'" }.joined(separator: "\n")
    let inputs = signature.inputs.map { column in
      (name: column.name, type: columnType(column, schema: schema), required: !column.nullable)
    }
    // The native scorer computes in double; the ONNX model's outputs are float32.
    let outputs = signature.outputs.map { column in
      let type: String
      if case .native = scorer, column.type == .float {
        type = "double"
      } else {
        type = column.type.rawValue
      }
      return (name: column.name, type: type, required: true)
    }
    return """
      flavors:
      \(flavors)  python_function:
          code: code
          data: \(scorer.dataPath)
          env:
            conda: conda.yaml
            virtualenv: python_env.yaml
          loader_module: \(PyfuncLoader.moduleName)
          python_version: '\(pythonVersion)'
      metadata:
        sluice_tested_with:
      \(versions)
      saved_input_example_info:
        artifact_path: input_example.json
        pandas_orient: split
        serving_input_path: serving_input_example.json
        type: dataframe
      signature:
        inputs: \(yamlQuoted(columnSpecs(inputs)))
        outputs: \(yamlQuoted(columnSpecs(outputs)))
        params: null

      """
  }

  /// MLflow's `ColSpec` list as MLflow writes it: `json.dumps` of `{"type", "name",
  /// "required"}` objects (ASCII-escaped, `", "` and `": "` separators). A nullable input is
  /// not required: a request may leave it out, and it is then missing.
  static func columnSpecs(_ columns: [(name: String, type: String, required: Bool)]) -> String {
    let items = columns.map { column in
      "{\"type\": \(pythonJSONString(column.type)), \"name\": \(pythonJSONString(column.name)), "
        + "\"required\": \(column.required ? "true" : "false")}"
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

  static func condaYAML(_ requirements: [String]) -> String {
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
