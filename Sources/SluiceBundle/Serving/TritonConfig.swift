/// Writes a Triton Inference Server (and KServe) `config.pbtxt` for the exported ONNX model:
/// protobuf text format of Triton's `ModelConfig` (model_config.proto).
public enum TritonConfig {
  /// The config of model `name` (its directory name in the model repository).
  ///
  /// `max_batch_size: 0` with `dims: [ -1 ]` declares the ONNX graph's own `[N]` shapes: the
  /// graph takes whole columns, so Triton's batching dimension is not added.
  public static func render(name: String, signature: Signature) -> String {
    var text = "name: \(quoted(name))\nplatform: \"onnxruntime_onnx\"\nmax_batch_size: 0\n"
    text += section("input", signature.inputs.map { ($0.name, inputType($0.type)) })
    text += section("output", signature.outputs.map { ($0.name, outputType($0.type)) })
    return text
  }

  /// Triton's data type of an ONNX graph input of this signature type (numbers are float
  /// inputs unless `long` or `boolean`, see `ONNXExporter`).
  static func inputType(_ type: Signature.ValueType) -> String {
    switch type {
    case .double, .float: return "TYPE_FP32"
    case .long: return "TYPE_INT64"
    case .boolean: return "TYPE_BOOL"
    case .string: return "TYPE_STRING"
    }
  }

  static func outputType(_ type: Signature.ValueType) -> String {
    switch type {
    case .double: return "TYPE_FP64"
    case .float: return "TYPE_FP32"
    case .long: return "TYPE_INT64"
    case .boolean: return "TYPE_BOOL"
    case .string: return "TYPE_STRING"
    }
  }

  private static func section(_ key: String, _ tensors: [(String, String)]) -> String {
    let entries = tensors.map { name, type in
      "  {\n    name: \(quoted(name))\n    data_type: \(type)\n    dims: [ -1 ]\n  }"
    }
    return "\(key) [\n" + entries.joined(separator: ",\n") + "\n]\n"
  }

  /// A text-format string literal: printable ASCII as is, quotes and backslashes escaped,
  /// every other byte (UTF-8 included) as a three-digit octal escape.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): result += "\\\""
      case UInt8(ascii: "\\"): result += "\\\\"
      case UInt8(ascii: "'"): result += "\\'"
      case 0x20..<0x7F: result.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let octal = String(byte, radix: 8)
        result += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
      }
    }
    return result + "\""
  }
}
