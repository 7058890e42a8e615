/// Deterministic JSON output: sorted keys, 2-space indentation, shortest round-trip numbers.
///
/// Rules: object keys are sorted by their UTF-8 bytes; every non-empty array or object puts
/// one element per line; empty ones are `[]` and `{}`; members use `": "`; the text ends in
/// a newline. Strings escape only `"`, `\` and control characters. Doubles use Swift's
/// shortest round-trip form (`0.1`, `1.0`, `1e-07`, `-0.0`); NaN and infinities become
/// `null`.
public enum CanonicalJSON {
  /// Encodes `value` as canonical JSON text.
  public static func encode(_ value: JSONValue) -> String {
    var ignored: [String] = []
    return encode(value, nonFinite: &ignored)
  }

  /// Encodes `value`, appending to `nonFinite` the path of every NaN/±inf replaced by `null`.
  ///
  /// Paths join object keys with "." and add array indices as "[i]", e.g. `metrics.auc` or
  /// `coefficients[3]`; the root itself is the empty path.
  public static func encode(_ value: JSONValue, nonFinite: inout [String]) -> String {
    String(decoding: encodeBytes(value, nonFinite: &nonFinite), as: UTF8.self)
  }

  /// Encodes `value` as UTF-8 bytes, reporting replaced non-finite numbers like `encode`.
  public static func encodeBytes(_ value: JSONValue, nonFinite: inout [String]) -> [UInt8] {
    var encoder = Encoder()
    encoder.write(value, indent: 0)
    encoder.output.append(UInt8(ascii: "\n"))
    nonFinite.append(contentsOf: encoder.nonFinite)
    return encoder.output
  }

  /// Appends `string` as a JSON string literal (with quotes) to `output`.
  public static func appendString(_ string: String, to output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    for byte in string.utf8 {
      switch byte {
      case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
      case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x08: output.append(contentsOf: [0x5C, UInt8(ascii: "b")])
      case 0x0C: output.append(contentsOf: [0x5C, UInt8(ascii: "f")])
      case 0..<0x20:
        output.append(contentsOf: "\\u00".utf8)
        output.append(hexDigit(byte >> 4))
        output.append(hexDigit(byte & 0x0F))
      default: output.append(byte)
      }
    }
    output.append(UInt8(ascii: "\""))
  }

  private static func hexDigit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
  }

  /// Formats a finite double in shortest round-trip form; nil for NaN and infinities.
  public static func formatDouble(_ value: Double) -> String? {
    value.isFinite ? value.description : nil
  }

  private enum PathComponent {
    case key(String)
    case index(Int)
  }

  private struct Encoder {
    var output: [UInt8] = []
    var nonFinite: [String] = []
    var path: [PathComponent] = []

    mutating func write(_ value: JSONValue, indent: Int) {
      switch value {
      case .null: output.append(contentsOf: "null".utf8)
      case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
      case .int(let number): output.append(contentsOf: String(number).utf8)
      case .double(let number):
        if let text = CanonicalJSON.formatDouble(number) {
          output.append(contentsOf: text.utf8)
        } else {
          nonFinite.append(renderPath())
          output.append(contentsOf: "null".utf8)
        }
      case .string(let text): CanonicalJSON.appendString(text, to: &output)
      case .array(let elements): writeArray(elements, indent: indent)
      case .object(let members): writeObject(members, indent: indent)
      }
    }

    mutating func writeArray(_ elements: [JSONValue], indent: Int) {
      guard !elements.isEmpty else {
        output.append(contentsOf: "[]".utf8)
        return
      }
      output.append(UInt8(ascii: "["))
      for (index, element) in elements.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        newline(indent + 1)
        path.append(.index(index))
        write(element, indent: indent + 1)
        path.removeLast()
      }
      newline(indent)
      output.append(UInt8(ascii: "]"))
    }

    mutating func writeObject(_ members: [String: JSONValue], indent: Int) {
      guard !members.isEmpty else {
        output.append(contentsOf: "{}".utf8)
        return
      }
      let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      output.append(UInt8(ascii: "{"))
      for (index, key) in keys.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        newline(indent + 1)
        CanonicalJSON.appendString(key, to: &output)
        output.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
        path.append(.key(key))
        write(members[key] ?? .null, indent: indent + 1)
        path.removeLast()
      }
      newline(indent)
      output.append(UInt8(ascii: "}"))
    }

    mutating func newline(_ indent: Int) {
      output.append(UInt8(ascii: "\n"))
      output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    func renderPath() -> String {
      var text = ""
      for component in path {
        switch component {
        case .key(let key): text += text.isEmpty ? key : "." + key
        case .index(let index): text += "[\(index)]"
        }
      }
      return text
    }
  }
}
