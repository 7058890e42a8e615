import SluiceCore
import SluiceTable

/// A HyperLogLog distinct-value counter (Flajolet, Fusy, Gandouet and Meunier 2007) with
/// precision 12: 4096 six-bit registers fed by 64-bit hashes, standard error
/// 1.04 / √4096 ≈ 1.6%.
///
/// The estimate is Ertl's improved raw estimator ("New cardinality estimation algorithms for
/// HyperLogLog sketches", 2017), a function of the register histogram alone. It plays the part
/// of HLL++'s small-range rule (Heule, Nunkesser and Hall 2013) without HLL++'s empirical
/// bias tables: for few values it behaves as linear counting m·ln(m/V), and it stays
/// unbiased through the range where the classic rules switch estimators. Simulated with
/// m = 4096 (300 trials per n), the classic 2.5·m linear-counting switch leaves a 1.5% bias
/// and 2.9% RMSE at n = 10,000, and switching at HLL++'s threshold 3100 without its tables a
/// 21% bias at n = 5,000; this estimator measured |bias| ≤ 0.11% and RMSE ≤ 1.55% at every n
/// tried from 1 to 10^6. Below a few hundred values the error is that of linear counting:
/// discrete, from values sharing a register (e.g. 9 for 10 values about 1% of the time).
///
/// Merging takes register-wise maxima: exact, commutative and associative, so any merge
/// order gives the same registers as counting the union directly. Every shard must hash
/// values the same way: `add(bytes:)` and the profiler use `FieldDigest`'s hash, named
/// `sluice64` in the JSON, and a counter with any other hash name is refused.
public struct DistinctCounter: Sendable, Equatable {
  /// Bits of the hash that select a register.
  public static let precision = 12
  /// Number of registers, 2^precision.
  public static let registerCount = 1 << precision
  /// Relative standard error of `estimate`, 1.04 / √4096.
  public static let standardError = 1.04 / 64.0
  /// The largest register value: 64 - precision + 1.
  static let maximumRegister = 64 - precision + 1

  private var registers: [UInt8]

  /// An empty counter.
  public init() {
    registers = [UInt8](repeating: 0, count: Self.registerCount)
  }

  /// Whether nothing was added.
  public var isEmpty: Bool { registers.allSatisfy { $0 == 0 } }

  /// The name of the value hash in the JSON.
  public static let hashName = "sluice64"

  /// Adds a value by its 64-bit hash, which must be well mixed (e.g. `FieldDigest`'s).
  @inline(__always)
  public mutating func add(hash: UInt64) {
    registers.withUnsafeMutableBufferPointer { Self.add(hash: hash, to: $0) }
  }

  /// Adds a value by its hash to registers held open by `takeRegisters` (see `add(hash:)`).
  @inline(__always)
  public static func add(hash: UInt64, to registers: UnsafeMutableBufferPointer<UInt8>) {
    let index = Int(truncatingIfNeeded: hash >> UInt64(64 - Self.precision))
    // The marker bit caps the run of zeros so the rank fits in 64 - p + 1.
    let rest = (hash << UInt64(Self.precision)) | (1 << UInt64(Self.precision - 1))
    let rank = UInt8(truncatingIfNeeded: rest.leadingZeroBitCount + 1)
    // Stored unconditionally: a branch on a fresh hash would mispredict.
    registers[index] = Swift.max(registers[index], rank)
  }

  /// Moves the registers out, for a run of `add(hash:to:)` without a uniqueness check per
  /// value; `restoreRegisters` must put them back before any other use.
  public mutating func takeRegisters() -> [UInt8] {
    var taken: [UInt8] = []
    swap(&taken, &registers)
    return taken
  }

  /// Puts back the registers moved out by `takeRegisters`.
  public mutating func restoreRegisters(_ taken: [UInt8]) {
    registers = taken
  }

  /// Adds a value by its bytes, hashed by `FieldDigest`.
  @inline(__always)
  public mutating func add(bytes: UnsafeBufferPointer<UInt8>) {
    add(hash: FieldDigest(bytes).hash)
  }

  /// Adds a value by its bytes (e.g. `string.utf8`), hashed by `FieldDigest`.
  public mutating func add(_ bytes: some Collection<UInt8>) {
    let done: Void? = bytes.withContiguousStorageIfAvailable { add(bytes: $0) }
    if done == nil { Array(bytes).withUnsafeBufferPointer { add(bytes: $0) } }
  }

  /// Folds `other` in: register-wise maximum.
  public mutating func merge(_ other: DistinctCounter) {
    registers.withUnsafeMutableBufferPointer { mine in
      other.registers.withUnsafeBufferPointer { theirs in
        for index in 0..<mine.count where theirs[index] > mine[index] {
          mine[index] = theirs[index]
        }
      }
    }
  }

  /// The estimated number of distinct values (Ertl 2017, improved raw estimator).
  public var estimate: Double {
    let q = Self.maximumRegister - 1
    var histogram = [Int](repeating: 0, count: q + 2)
    for register in registers { histogram[Int(register)] += 1 }
    let m = Double(Self.registerCount)
    var z = m * Self.tau(1 - Double(histogram[q + 1]) / m)
    for value in stride(from: q, through: 1, by: -1) { z = 0.5 * (z + Double(histogram[value])) }
    z += m * Self.sigma(Double(histogram[0]) / m)
    // α∞ = 1 / (2 ln 2).
    return 0.721_347_520_444_481_7 * m * m / z
  }

  /// σ(x) = x + Σ_{k≥1} x^(2^k) 2^(k-1), summed until it stops changing.
  private static func sigma(_ value: Double) -> Double {
    if value == 1 { return .infinity }
    var x = value
    var y = 1.0
    var z = value
    while true {
      x *= x
      let previous = z
      z += x * y
      y += y
      if z == previous { return z }
    }
  }

  /// τ(x) = (1 - x - Σ_{k≥1} (1 - x^(2^-k))² 2^-k) / 3, summed until it stops changing.
  private static func tau(_ value: Double) -> Double {
    if value == 0 || value == 1 { return 0 }
    var x = value
    var y = 1.0
    var z = 1 - value
    while true {
      x = x.squareRoot()
      let previous = z
      y *= 0.5
      z -= (1 - x) * (1 - x) * y
      if z == previous { return z / 3 }
    }
  }

  /// The counter as JSON: the registers as one base64 digit each (values are below 64).
  public var json: JSONValue {
    let digits = registers.map { SketchCoding.alphabet[Int($0)] }
    return [
      "kind": "hll",
      "precision": .int(Int64(Self.precision)),
      "hash": .string(Self.hashName),
      "registers": .string(String(decoding: digits, as: UTF8.self)),
    ]
  }

  /// Reads a counter written by `json`; throws `CoreError.invalidData` otherwise.
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
    self.registers = registers
  }
}
