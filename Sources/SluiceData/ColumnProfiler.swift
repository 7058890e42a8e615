import SluiceCore
import SluiceTable

/// One column's profile in one pass with fixed memory: value kinds, moments, a quantile
/// sketch, a distinct-count sketch, frequent values and lengths. Every part merges, so chunks
/// and shards are profiled apart and combined.
public struct ColumnProfiler: ColumnAccumulator {
  /// Records seen.
  public internal(set) var count = 0
  /// Missing values.
  public internal(set) var missing = 0
  /// Non-missing values of each kind (classification stops once a plain string is seen).
  public internal(set) var kinds = ValueKindCounts()
  /// `true` values among booleans.
  public internal(set) var trues = 0
  /// Lengths in characters.
  public internal(set) var minimumLength = Int.max
  public internal(set) var maximumLength = 0
  public internal(set) var totalLength = 0
  /// Values holding a space (for the text heuristic).
  public internal(set) var spaced = 0
  /// Count, mean, variance, min and max of the numeric values.
  public internal(set) var moments = Moments()
  /// Quantiles of the numeric values.
  public internal(set) var quantiles = QuantileSketch()
  /// Distinct values (HyperLogLog).
  public internal(set) var distinct = DistinctCounter()
  /// Most frequent non-numeric values (booleans, date-times, strings).
  public internal(set) var frequent = FrequentItems()
  /// Numbers not yet folded into `moments` and `quantiles` (see `flush`).
  var pending: [Double] = []
  /// Numbers too large for a double (`ColumnAccumulator.outOfRange`).
  var outOfRangeValues = OutOfRange()

  /// Numbers too large for a double, located by the reader.
  public var outOfRange: OutOfRange? {
    get { outOfRangeValues }
    set { if let newValue { outOfRangeValues = newValue } }
  }

  /// The first number too large for a double, unless the column holds plain strings.
  public var valueError: TableError? { kinds.strings == 0 ? outOfRangeValues.error : nil }

  /// An empty profile.
  public init() {}

  /// Values present.
  public var present: Int { count - missing }

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
    count += 1
    if isNull {
      missing += 1
      return
    }
    if kinds.strings == 0 {
      let number = ValueParser.number(bytes)
      if number.kind == .integer || number.kind == .float {
        hashes.add(hash: FieldDigest.hash(number: number.double))
        if number.kind == .integer { kinds.integers += 1 } else { kinds.floats += 1 }
        numbers[stored] = number.double
        stored += 1
        addLength(bytes.count, spaced: false)
        return
      }
      let digest = FieldDigest(bytes)
      hashes.add(hash: digest.hash)
      if let flag = ValueParser.boolean(bytes) {
        kinds.booleans += 1
        if flag { trues += 1 }
        frequent.addOwned(bytes, hash: digest.hash)
        addLength(bytes.count, spaced: false)
      } else if ValueParser.isDateTime(bytes) {
        kinds.datetimes += 1
        frequent.addOwned(bytes, hash: digest.hash)
        addLength(bytes.count, spaced: false)
      } else if ValueParser.overflows(bytes) {
        // `1e400` is a value error (the reader reports it), never a null statistic; this
        // runs at most once per column and chunk for plain strings.
        outOfRangeValues.note(bytes)
      } else {
        addString(bytes, digest: digest)
      }
      return
    }
    let digest = FieldDigest(bytes)
    hashes.add(hash: digest.hash)
    addString(bytes, digest: digest)
  }

  @inline(__always)
  private mutating func addString(_ bytes: UnsafeBufferPointer<UInt8>, digest: FieldDigest) {
    kinds.strings += 1
    frequent.addOwned(bytes, hash: digest.hash)
    addLength(digest.characters, spaced: digest.hasSpace)
  }

  @inline(__always)
  private mutating func addLength(_ characters: Int, spaced isSpaced: Bool) {
    minimumLength = Swift.min(minimumLength, characters)
    maximumLength = Swift.max(maximumLength, characters)
    totalLength += characters
    if isSpaced { spaced += 1 }
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
    outOfRangeValues.merge(other.outOfRangeValues)
    count += other.count
    missing += other.missing
    kinds.merge(other.kinds)
    trues += other.trues
    minimumLength = Swift.min(minimumLength, other.minimumLength)
    maximumLength = Swift.max(maximumLength, other.maximumLength)
    totalLength += other.totalLength
    spaced += other.spaced
    moments.merge(other.moments)
    quantiles.merge(other.quantiles)
    distinct.merge(other.distinct)
    frequent.merge(other.frequent)
  }

  /// The column type by the inference lattice of docs/formats.md.
  public var type: ColumnType { kinds.type }

  /// The role by the heuristic of docs/formats.md, with the distinct count estimated.
  public var role: ColumnRole {
    switch type {
    case _ where present == 0: return .ignored
    case .integer, .float: return .numeric
    case .boolean: return .categorical
    case .datetime: return .ignored
    case .string:
      let meanLength = Double(totalLength) / Double(present)
      let estimate = distinct.estimate
      if meanLength >= 20 && Double(spaced) >= 0.5 * Double(present)
        && estimate >= 0.5 * Double(present)
      {
        return .text
      }
      if missing == 0 && present > 100 && estimate >= 0.97 * Double(present) && spaced == 0 {
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
