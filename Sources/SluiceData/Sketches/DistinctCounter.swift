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
///
/// Memory: a counter starts sparse, as a short list of register updates (4 bytes per value
/// seen, compacted to one per set register), and turns into the 4,096 dense registers only
/// past `sparseLimit / 2` set registers; both forms hold the same registers, so estimates and
/// merges do not depend on the form. A table of 100,000 columns of 20 values each then
/// needs kilobytes per column less.
public struct DistinctCounter: Sendable {
  /// Bits of the hash that select a register.
  public static let precision = 12
  /// Number of registers, 2^precision.
  public static let registerCount = 1 << precision
  /// Relative standard error of `estimate`, 1.04 / √4096.
  public static let standardError = 1.04 / 64.0
  /// The largest register value: 64 - precision + 1.
  static let maximumRegister = 64 - precision + 1

  /// The dense registers; empty while the counter is sparse.
  private var registers: [UInt8]
  /// While sparse: register updates `index << 8 | rank`, in any order and possibly repeated
  /// (the register's value is the largest rank of its updates). A column of 20 values costs
  /// 80 bytes here instead of 4,096 registers; `sparseLimit` bounds it.
  private(set) var updates: [UInt32] = []
  /// Updates appended while sparse, over the counter's life (merges included): a column of
  /// few distinct values but many rows turns dense after `sparseLimit × 4` of them, since
  /// every `sparseLimit` appends cost a sort that the dense form does without.
  private var sparseAdds = 0

  /// The most updates held while sparse; past it they are compacted, and the counter turns
  /// dense when more than half of them name distinct registers.
  static let sparseLimit = 1024

  /// An empty counter (sparse: it allocates nothing until values arrive).
  public init() {
    registers = []
  }

  /// Whether nothing was added.
  public var isEmpty: Bool {
    isSparse ? updates.isEmpty : registers.allSatisfy { $0 == 0 }
  }

  /// Whether the registers are held as a list of updates.
  var isSparse: Bool { registers.isEmpty }

  /// The name of the value hash in the JSON.
  public static let hashName = "sluice64"

  /// Adds a value by its 64-bit hash, which must be well mixed (e.g. `FieldDigest`'s).
  @inline(__always)
  public mutating func add(hash: UInt64) {
    if isSparse {
      updates.append(Self.update(hash: hash))
      sparseAdds += 1
      if updates.count > Self.sparseLimit { compact() }
      return
    }
    registers.withUnsafeMutableBufferPointer { Self.add(hash: hash, to: $0) }
  }

  /// The register index and rank of a hash.
  @inline(__always)
  static func slot(hash: UInt64) -> (index: Int, rank: UInt8) {
    let index = Int(truncatingIfNeeded: hash >> UInt64(64 - Self.precision))
    // The marker bit caps the run of zeros so the rank fits in 64 - p + 1.
    let rest = (hash << UInt64(Self.precision)) | (1 << UInt64(Self.precision - 1))
    return (index, UInt8(truncatingIfNeeded: rest.leadingZeroBitCount + 1))
  }

  /// A sparse update: the register index above the rank.
  @inline(__always)
  static func update(hash: UInt64) -> UInt32 {
    let (index, rank) = slot(hash: hash)
    return UInt32(truncatingIfNeeded: index) << 8 | UInt32(rank)
  }

  /// Adds a value by its hash to registers held open by `openDense` (see `add(hash:)`).
  @inline(__always)
  public static func add(hash: UInt64, to registers: UnsafeMutableBufferPointer<UInt8>) {
    let (index, rank) = slot(hash: hash)
    // Stored unconditionally: a branch on a fresh hash would mispredict.
    registers[index] = Swift.max(registers[index], rank)
  }

  /// Sorts the sparse updates and keeps the largest rank per register; turns dense when more
  /// than half of `sparseLimit` registers are set.
  private mutating func compact() {
    updates.sort()
    var kept = 0
    updates.withUnsafeMutableBufferPointer { list in
      for position in list.indices {
        // Sorted, so the last update of a register carries its largest rank.
        let isLast = position + 1 == list.count || list[position + 1] >> 8 != list[position] >> 8
        if isLast {
          list[kept] = list[position]
          kept += 1
        }
      }
    }
    updates.removeLast(updates.count - kept)
    if kept > Self.sparseLimit / 2 || sparseAdds > 4 * Self.sparseLimit { densify() }
  }

  /// Switches to the dense registers.
  mutating func densify() {
    guard isSparse else { return }
    var dense = [UInt8](repeating: 0, count: Self.registerCount)
    for update in updates {
      let index = Int(update >> 8)
      dense[index] = Swift.max(dense[index], UInt8(truncatingIfNeeded: update))
    }
    registers = dense
    updates = []
  }

  /// The registers, dense (materialised from the updates while sparse).
  var denseRegisters: [UInt8] {
    if !isSparse { return registers }
    var copy = self
    copy.densify()
    return copy.registers
  }

  /// Whether `fields` more values may go through `takeUpdates`: else the caller goes dense
  /// (`takeRegisters`), which a counter about to see that many values would soon be.
  public mutating func staysSparse(adding fields: Int) -> Bool {
    guard isSparse else { return false }
    // A run of more than 128 values comes from a table with records to spare (a chunk of a
    // wide table holds a few): such a column soon needs the dense form, and a sparse one
    // would pay a sort per 1,024 values until then.
    guard fields <= Self.sparseLimit / 8 else {
      densify()
      return false
    }
    if updates.count + fields <= Self.sparseLimit { return true }
    compact()
    if isSparse && updates.count + fields <= Self.sparseLimit { return true }
    densify()
    return false
  }

  /// Moves the sparse updates out, for a run of appends without a uniqueness check per value
  /// (after `staysSparse` said yes); `restoreUpdates` must put them back before any other use.
  public mutating func takeUpdates() -> [UInt32] {
    var taken: [UInt32] = []
    swap(&taken, &updates)
    return taken
  }

  /// Puts back the updates moved out by `takeUpdates`, `added` of them new, compacting them
  /// when over the limit.
  public mutating func restoreUpdates(_ taken: [UInt32], added: Int) {
    sparseAdds += added
    updates = taken
    if updates.count > Self.sparseLimit { compact() }
  }

  /// Moves the registers out (turning the counter dense first), for a run of
  /// `add(hash:to:)` without a uniqueness check per value; `restoreRegisters` must put them
  /// back before any other use.
  public mutating func takeRegisters() -> [UInt8] {
    densify()
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

  /// Folds `other` in: register-wise maximum, the same whichever form either side is in.
  public mutating func merge(_ other: DistinctCounter) {
    if other.isSparse {
      if isSparse {
        sparseAdds += other.sparseAdds
        if updates.isEmpty {
          updates = other.updates
          return
        }
        updates.append(contentsOf: other.updates)
        if updates.count > Self.sparseLimit { compact() }
        return
      }
      registers.withUnsafeMutableBufferPointer { mine in
        for update in other.updates {
          let index = Int(update >> 8)
          mine[index] = Swift.max(mine[index], UInt8(truncatingIfNeeded: update))
        }
      }
      return
    }
    if isSparse {
      let mine = updates
      registers = other.registers
      updates = []
      merge(DistinctCounter(sparse: mine))
      return
    }
    registers.withUnsafeMutableBufferPointer { mine in
      other.registers.withUnsafeBufferPointer { theirs in
        for index in 0..<mine.count where theirs[index] > mine[index] {
          mine[index] = theirs[index]
        }
      }
    }
  }

  /// A sparse counter holding the updates `sparse` (register index << 8 | value).
  init(sparse: [UInt32]) {
    registers = []
    updates = sparse
  }

  /// The set registers as (index, value), by index ascending.
  var setRegisters: [(index: Int, value: UInt8)] {
    denseRegisters.enumerated().compactMap { $0.element == 0 ? nil : ($0.offset, $0.element) }
  }

  /// The estimated number of distinct values (Ertl 2017, improved raw estimator).
  public var estimate: Double {
    let q = Self.maximumRegister - 1
    var histogram = [Int](repeating: 0, count: q + 2)
    if isSparse {
      // Unset registers are counted as zeros: the estimate depends on the registers alone.
      var copy = self
      copy.compact()
      if copy.isSparse {
        histogram[0] = Self.registerCount - copy.updates.count
        for update in copy.updates { histogram[Int(update & 0xFF)] += 1 }
      } else {
        for register in copy.registers { histogram[Int(register)] += 1 }
      }
    } else {
      for register in registers { histogram[Int(register)] += 1 }
    }
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

  /// A dense counter holding `dense` (4,096 registers).
  init(dense: [UInt8]) {
    registers = dense
  }
}
