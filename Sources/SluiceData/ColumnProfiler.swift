import SluiceCore
import SluiceTable

/// One column's profile in one pass with fixed memory: value kinds, moments, a quantile
/// sketch, a distinct-count sketch, frequent values and lengths. Every part merges, so chunks
/// and shards are profiled apart and combined.
@dynamicMemberLookup
public struct ColumnProfiler: ColumnAccumulator {
  /// The counts every column pass keeps (type inference keeps the same, `ValueTally`); its
  /// fields read and write as the profiler's own (`column.missing`, `column.kinds`, ...).
  public internal(set) var tally = ValueTally()
  /// Count, mean, variance, min and max of the numeric values.
  public internal(set) var moments = Moments()
  /// Quantiles of the numeric values.
  public internal(set) var quantiles = QuantileSketch()
  /// Distinct values (HyperLogLog).
  public internal(set) var distinct = DistinctCounter()
  /// Most frequent non-numeric values (booleans, date-times, strings).
  public internal(set) var frequent = FrequentItems()
  /// The decimal-comma shape of the string values (for the warning that `--decimal ,` would
  /// read the column as numbers; not part of the stored profile).
  public internal(set) var decimalComma = DecimalCommaTally()
  /// Numbers not yet folded into `moments` and `quantiles` (see `flush`).
  var pending: [Double] = []

  /// A count of the tally (`count`, `missing`, `kinds`, `trues`, lengths, `spaced`, `present`).
  public subscript<Value>(dynamicMember path: KeyPath<ValueTally, Value>) -> Value {
    tally[keyPath: path]
  }

  /// A count of the tally, set when a profile is read back (`ProfileCodec`).
  subscript<Value>(dynamicMember path: WritableKeyPath<ValueTally, Value>) -> Value {
    get { tally[keyPath: path] }
    set { tally[keyPath: path] = newValue }
  }

  /// Numbers too large for a double, located by the reader.
  public var outOfRange: OutOfRange? {
    get { tally.outOfRange }
    set { if let newValue { tally.outOfRange = newValue } }
  }

  /// The first number too large for a double, unless the column holds plain strings.
  public var valueError: TableError? { tally.valueError }

  /// An empty profile.
  public init() {}

  /// Adds one field.
  public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, isNull: Bool) {
    withOpenSketches(.one(bytes, isNull: isNull))
  }

  /// Adds a run of fields in one loop, with the distinct counter's registers and the number
  /// buffer held open across it.
  public mutating func add(_ column: FieldColumn) {
    withOpenSketches(.run(column))
  }

  /// The fields of one `add` call.
  private enum Fields {
    case one(UnsafeBufferPointer<UInt8>, isNull: Bool)
    case run(FieldColumn)

    var count: Int {
      switch self {
      case .one: return 1
      case .run(let column): return column.count
      }
    }
  }

  /// Adds `fields` with the distinct counter held open (dense registers, or room for every
  /// field as a sparse update while the counter is small) and room for every field in the
  /// pending numbers, so each field costs no ownership or capacity check.
  @inline(__always)
  private mutating func withOpenSketches(_ fields: Fields) {
    let added = fields.count
    frequent.prepareForAdds()
    var numbers: [Double] = []
    swap(&numbers, &pending)
    var stored = numbers.count
    numbers.append(contentsOf: repeatElement(0, count: added))
    if distinct.staysSparse(adding: added) {
      var updates = distinct.takeUpdates()
      let held = updates.count
      var used = held
      updates.append(contentsOf: repeatElement(0, count: added))
      updates.withUnsafeMutableBufferPointer { updates in
        numbers.withUnsafeMutableBufferPointer { numbers in
          var sink = SparseSink(updates: updates, count: used)
          addFields(fields, hashes: &sink, numbers: numbers, stored: &stored)
          used = sink.count
        }
      }
      updates.removeLast(updates.count - used)
      distinct.restoreUpdates(updates, added: used - held)
    } else {
      var registers = distinct.takeRegisters()
      registers.withUnsafeMutableBufferPointer { registers in
        numbers.withUnsafeMutableBufferPointer { numbers in
          var sink = DenseSink(registers: registers)
          addFields(fields, hashes: &sink, numbers: numbers, stored: &stored)
        }
      }
      distinct.restoreRegisters(registers)
    }
    numbers.removeLast(numbers.count - stored)
    swap(&numbers, &pending)
  }

  @inline(__always)
  private mutating func addFields<Sink: HashSink>(
    _ fields: Fields, hashes: inout Sink, numbers: UnsafeMutableBufferPointer<Double>,
    stored: inout Int
  ) {
    switch fields {
    case .one(let bytes, let isNull):
      addField(bytes, isNull: isNull, hashes: &hashes, numbers: numbers, stored: &stored)
    case .run(let column):
      for row in 0..<column.count {
        addField(
          column.field(row), isNull: column.isNull(row), hashes: &hashes, numbers: numbers,
          stored: &stored)
      }
    }
  }

  @inline(__always)
  private mutating func addField<Sink: HashSink>(
    _ bytes: UnsafeBufferPointer<UInt8>, isNull: Bool, hashes: inout Sink,
    numbers: UnsafeMutableBufferPointer<Double>, stored: inout Int
  ) {
    switch tally.add(bytes, isNull: isNull) {
    case .missing: break
    case .number(let number):
      hashes.add(hash: FieldDigest.hash(number: number.double))
      numbers[stored] = number.double
      stored += 1
    case .boolean, .datetime:
      let hash = FieldDigest(bytes).hash
      hashes.add(hash: hash)
      frequent.addOwned(bytes, hash: hash)
    case .outOfRange:
      // A value error the reader reports; its hash counts, as for any non-number.
      hashes.add(hash: FieldDigest(bytes).hash)
    case .string(let digest):
      hashes.add(hash: digest.hash)
      frequent.addOwned(bytes, hash: digest.hash)
      decimalComma.add(bytes, strings: tally.kinds.strings)
    }
  }

  /// Folds a chunk's numbers in as one batch.
  public mutating func finishChunk() { flush() }

  /// Folds the pending numbers into the moments and the quantile sketch, in one batch each
  /// (a chunk's worth: far cheaper than per value, with the same guarantees).
  public mutating func flush() {
    guard !pending.isEmpty else { return }
    let batch = pending.withUnsafeBufferPointer { Moments(batch: $0) }
    moments.merge(batch)
    quantiles.merge(QuantileSketch(batch: pending))
    pending.removeAll(keepingCapacity: true)
  }

  /// Adds a profile of other records of the same column.
  public mutating func merge(_ other: ColumnProfiler) {
    var other = other
    other.flush()
    flush()
    tally.merge(other.tally)
    moments.merge(other.moments)
    quantiles.merge(other.quantiles)
    distinct.merge(other.distinct)
    frequent.merge(other.frequent)
    decimalComma.merge(other.decimalComma)
  }

  /// Every value would be a number if `,` were the decimal mark, and some value has one
  /// (`1,5`): a column that `--decimal ,` reads as numbers.
  public var looksLikeDecimalComma: Bool { decimalComma.looksLikeNumbers(tally.kinds) }

  /// The column type by the inference lattice of docs/formats.md.
  public var type: ColumnType { tally.kinds.type }

  /// The role by the heuristic of docs/formats.md, with the distinct count estimated.
  public var role: ColumnRole {
    let present = tally.present
    switch type {
    case _ where present == 0: return .ignored
    case .integer, .float: return .numeric
    case .boolean: return .categorical
    case .datetime: return .ignored
    case .string:
      let meanLength = Double(tally.totalLength) / Double(present)
      let estimate = distinct.estimate
      let spaced = tally.spaced
      if meanLength >= 20 && Double(spaced) >= 0.5 * Double(present)
        && estimate >= 0.5 * Double(present)
      {
        return .text
      }
      if tally.missing == 0 && present > 100 && estimate >= 0.97 * Double(present) && spaced == 0 {
        return .key
      }
      return .categorical
    }
  }
}

/// Where the profiler's loop sends value hashes: the dense registers or the sparse updates of
/// a `DistinctCounter` held open (generic, so each loop is specialised for one of them).
protocol HashSink {
  mutating func add(hash: UInt64)
}

/// Dense registers held open by `DistinctCounter.takeRegisters`.
struct DenseSink: HashSink {
  let registers: UnsafeMutableBufferPointer<UInt8>

  @inline(__always)
  mutating func add(hash: UInt64) { DistinctCounter.add(hash: hash, to: registers) }
}

/// Sparse updates held open by `DistinctCounter.takeUpdates`, with room for every field.
struct SparseSink: HashSink {
  let updates: UnsafeMutableBufferPointer<UInt32>
  var count: Int

  @inline(__always)
  mutating func add(hash: UInt64) {
    updates[count] = DistinctCounter.update(hash: hash)
    count += 1
  }
}
