import SluiceCore

/// The JSON form of `DistinctCounter` (a profile's `distinct` member); equality below.
extension DistinctCounter {
  /// The counter as JSON. Few set registers go as `sparse`: three base64 digits per set
  /// register (its index, high six bits then low six, then its value), by index ascending;
  /// otherwise `registers` holds all 4,096 as one digit each (values are below 64). The form
  /// depends on the registers alone, never on how the counter holds them.
  public var json: JSONValue {
    var members: [String: JSONValue] = [
      "kind": "hll",
      "precision": .int(Int64(Self.precision)),
      "hash": .string(Self.hashName),
    ]
    let set = setRegisters
    if 3 * set.count < Self.registerCount {
      var digits: [UInt8] = []
      digits.reserveCapacity(3 * set.count)
      for (index, value) in set {
        digits.append(SketchCoding.alphabet[index >> 6])
        digits.append(SketchCoding.alphabet[index & 63])
        digits.append(SketchCoding.alphabet[Int(value)])
      }
      members["sparse"] = .string(String(decoding: digits, as: UTF8.self))
    } else {
      let digits = denseRegisters.map { SketchCoding.alphabet[Int($0)] }
      members["registers"] = .string(String(decoding: digits, as: UTF8.self))
    }
    return .object(members)
  }

  /// Reads a counter written by `json` (either form); throws `CoreError.invalidData` otherwise.
  public init(json: JSONValue) throws(CoreError) {
    let fields = try SketchCoding.Fields(json, sketch: "distinct counter", kind: "hll")
    _ = try fields.int("precision", in: Self.precision...Self.precision)
    let hash = try fields.string("hash")
    guard hash == Self.hashName else {
      throw fields.invalid(
        "hash",
        "is \"\(hash)\", not \"\(Self.hashName)\": the profile was written by another version; profile the data again"
      )
    }
    let hasSparse = fields.members["sparse"] != nil
    guard hasSparse != (fields.members["registers"] != nil) else {
      throw fields.invalid("registers", "or 'sparse' must be present, not both")
    }
    if hasSparse {
      try self.init(sparseDigits: Array(try fields.string("sparse").utf8), fields)
      return
    }
    let digits = Array(try fields.string("registers").utf8)
    guard digits.count == Self.registerCount else {
      throw fields.invalid("registers", "must hold \(Self.registerCount) base64 digits")
    }
    var registers: [UInt8] = []
    registers.reserveCapacity(digits.count)
    for digit in digits {
      let value = SketchCoding.digitValues[Int(digit)]
      guard value <= Self.maximumRegister else {
        throw fields.invalid(
          "registers", "must be base64 digits of values 0...\(Self.maximumRegister)")
      }
      registers.append(value)
    }
    self.init(dense: registers)
  }

  /// Reads the `sparse` form: triples of digits, indices strictly ascending, values 1...53.
  fileprivate init(sparseDigits digits: [UInt8], _ fields: SketchCoding.Fields) throws(CoreError) {
    guard digits.count % 3 == 0 else {
      throw fields.invalid("sparse", "must hold three base64 digits per register")
    }
    var list: [UInt32] = []
    list.reserveCapacity(digits.count / 3)
    var previous = -1
    for start in stride(from: 0, to: digits.count, by: 3) {
      let high = SketchCoding.digitValues[Int(digits[start])]
      let low = SketchCoding.digitValues[Int(digits[start + 1])]
      let value = SketchCoding.digitValues[Int(digits[start + 2])]
      guard high < 64, low < 64, (1...UInt8(Self.maximumRegister)).contains(value) else {
        throw fields.invalid(
          "sparse", "must be base64 digits: index, then a value in 1...\(Self.maximumRegister)")
      }
      let index = Int(high) << 6 | Int(low)
      guard index > previous else {
        throw fields.invalid("sparse", "must list register indices in ascending order")
      }
      previous = index
      list.append(UInt32(index) << 8 | UInt32(value))
    }
    self.init(sparse: list)
    if updates.count > Self.sparseLimit / 2 { densify() }
  }
}

extension DistinctCounter: Equatable {
  /// Same registers, whichever form each side holds them in.
  public static func == (a: DistinctCounter, b: DistinctCounter) -> Bool {
    a.denseRegisters == b.denseRegisters
  }
}
