import SluiceTable

extension FeaturePipeline {
  /// The features of every row as a sparse matrix (required with text features): the dense
  /// features' nonzero values, then each text column's hashed features, at their offsets.
  public func transformSparse(_ frame: Frame, file: String) throws -> SparseMatrix {
    try transformSparse(frame, file: file, cache: ColumnCache())
  }

  /// `transformSparse`, reading the columns `cache` already parsed for the fit.
  ///
  /// The matrix is written straight into arrays of its exact size: a first pass counts each
  /// row's entries and a second writes them, column by column. Going through a dense
  /// rows × features matrix first, and appending to growing arrays, held three copies of a
  /// wide table's design at once (issue 12: 1,000 rows × 100,000 columns took 10.8 GB).
  func transformSparse(_ frame: Frame, file: String, cache: ColumnCache) throws -> SparseMatrix {
    let (dense, text, running) = try sources(frame, file: file, cache: cache)
    let rows = frame.rows
    // Pass 1: each row's entry count, then where each row starts.
    var rowStarts = [Int](repeating: 0, count: rows + 1)
    for (encoder, source, _) in dense {
      source.forEachEntry(of: encoder, rows: rows) { row, _, _ in rowStarts[row + 1] += 1 }
    }
    for (_, sparse) in text {
      for row in 0..<rows {
        rowStarts[row + 1] += sparse.rowStarts[row + 1] - sparse.rowStarts[row]
      }
    }
    for row in 0..<rows { rowStarts[row + 1] += rowStarts[row] }
    // Pass 2: the entries, in each row in layout order of the dense features, then the text.
    let total = rowStarts[rows]
    // Pass 2 writes every entry: no zero-filling first (a wide table's design is gigabytes).
    var columns = [Int32](unsafeUninitializedCapacity: total) { _, count in count = total }
    var values = [Double](unsafeUninitializedCapacity: total) { _, count in count = total }
    var next = Array(rowStarts.dropLast())
    columns.withUnsafeMutableBufferPointer { columnOut in
      values.withUnsafeMutableBufferPointer { valueOut in
        for (encoder, source, offset) in dense {
          source.forEachEntry(of: encoder, rows: rows) { row, slot, value in
            let at = next[row]
            columnOut[at] = Int32(offset + slot)
            valueOut[at] = value
            next[row] = at + 1
          }
        }
        for (offset, sparse) in text {
          for row in 0..<rows {
            var at = next[row]
            for entry in sparse.rowStarts[row]..<sparse.rowStarts[row + 1] {
              columnOut[at] = Int32(offset) + sparse.columnIndices[entry]
              valueOut[at] = sparse.values[entry]
              at += 1
            }
            next[row] = at
          }
        }
      }
    }
    return try SparseMatrix(
      rows: rows, columns: running, rowStarts: rowStarts, columnIndices: columns, values: values)
  }

  /// Appends the source of a categorical column (its codes and slots) to `dense`, or of a
  /// text column (its hashed rows) to `text`: the same in the row-major and column designs.
  private func appendSource(
    of encoder: Encoder, _ index: Int, _ offset: Int, _ frame: Frame, _ cache: ColumnCache,
    dense: inout [(encoder: Encoder, source: SparseSource, offset: Int)],
    text: inout [(offset: Int, rows: SparseRows)]
  ) {
    switch encoder {
    case .categorical(let categorical):
      let codes = cache.codes(index) { CategoryCodes(frame.columns[index]) }
      dense.append((encoder, .codes(codes.codes, slots: categorical.slots(for: codes)), offset))
    case .text(let textEncoder):
      let documents = (0..<frame.rows).map { frame.columns[index].string($0) ?? "" }
      text.append((offset, textEncoder.vectorizer.transform(documents)))
    case .numeric:
      break  // each design encodes its numeric columns its own way
    }
  }

  /// Each feature column's source in layout order: the dense encoders with their parsed
  /// columns (from `cache` when the fit parsed them), each text column's hashed rows, and the
  /// layout's width.
  func sources(_ frame: Frame, file: String, cache: ColumnCache) throws -> (
    dense: [(encoder: Encoder, source: SparseSource, offset: Int)],
    text: [(offset: Int, rows: SparseRows)], width: Int
  ) {
    var dense: [(encoder: Encoder, source: SparseSource, offset: Int)] = []
    var text: [(offset: Int, rows: SparseRows)] = []
    var offset = 0
    for encoder in encoders {
      defer { offset += encoder.width }
      guard let index = frame.index(of: encoder.column) else {
        throw LearnError("column '\(encoder.column)' required by the model is not in \(file)")
      }
      switch encoder {
      case .numeric:
        let values = try cache.numbers(index) { try Self.numbersOrNaN(frame, index, file: file) }
        dense.append((encoder, .numbers(values), offset))
      case .categorical, .text:
        appendSource(of: encoder, index, offset, frame, cache, dense: &dense, text: &text)
      }
    }
    return (dense, text, offset)
  }
}

/// A dense feature column's parsed source: numbers (NaN when missing), category codes with
/// their slots, or one feature's values already encoded (slot 0).
enum SparseSource {
  case numbers([Double])
  case codes([Int32], slots: [Int32])
  case encoded([Double])

  /// Calls `body(row, slot, value)` for every nonzero feature value of `encoder`, row by row
  /// and, within a row, slot by slot: the values the dense transform writes, zeros left out.
  @inline(__always)
  func forEachEntry(
    of encoder: FeaturePipeline.Encoder, rows: Int, _ body: (Int, Int, Double) -> Void
  ) {
    switch (self, encoder) {
    case (.numbers(let column), .numeric(let numeric)):
      var pair = [0.0, 0.0]
      pair.withUnsafeMutableBufferPointer { buffer in
        guard let out = buffer.baseAddress else { return }
        for row in 0..<rows {
          numeric.encode(numberOrNaN: column[row], into: out, at: 0)
          if out[0] != 0 { body(row, 0, out[0]) }
          if numeric.indicator && out[1] != 0 { body(row, 1, out[1]) }
        }
      }
    case (.codes(let codes, let slots), .categorical):
      let missingSlot = slots[slots.count - 1]
      for row in 0..<rows {
        let code = codes[row]
        let slot = code < 0 ? missingSlot : slots[Int(code)]
        if slot >= 0 { body(row, Int(slot), 1) }
      }
    case (.encoded(let values), _):
      for row in 0..<rows where values[row] != 0 { body(row, 0, values[row]) }
    default:
      return
    }
  }
}

extension FeaturePipeline {
  /// The features of every row of `frame` as columns only (the design of a binary fit on few
  /// rows): the same entries as `transformSparse`, written column by column straight into
  /// their place, with no row-major copy and no transpose (issue 12: on 1,000 rows ×
  /// 100,000 columns the two copies took 4.8 GB and the transpose a tenth of the time).
  ///
  /// A numeric feature that is nonzero on every row (nearly every one) is kept whole
  /// (`SparseColumns.WholeColumn`): no row indices, its values written over the parsed numbers
  /// taken from `cache`, so the parsed column becomes the design's column instead of living
  /// beside it, and a missing-value indicator takes one byte a row.
  func transformColumns(_ frame: Frame, file: String, cache: ColumnCache) throws -> SparseColumns {
    let rows = frame.rows
    let running = width
    var dense: [(encoder: Encoder, source: SparseSource, offset: Int)] = []
    var text: [(offset: Int, rows: SparseRows)] = []
    var whole: [SparseColumns.WholeColumn] = []
    var wholeIndex = [Int32](repeating: -1, count: running)
    // A row-major pass takes the dense features first, in layout order, then the text.
    var denseOrder: [Range<Int>] = []
    var offset = 0
    for encoder in encoders {
      defer { offset += encoder.width }
      guard let index = frame.index(of: encoder.column) else {
        throw LearnError("column '\(encoder.column)' required by the model is not in \(file)")
      }
      if case .text = encoder {
      } else if let last = denseOrder.last, last.upperBound == offset {
        denseOrder[denseOrder.count - 1] = last.lowerBound..<(offset + encoder.width)
      } else {
        denseOrder.append(offset..<(offset + encoder.width))
      }
      switch encoder {
      case .numeric(let numeric):
        // Taken, not copied: the cache's copy is this one, rewritten in place.
        var values = try cache.takeNumbers(index) ?? Self.numbersOrNaN(frame, index, file: file)
        let missing = numeric.indicator ? values.map(\.isNaN) : []
        var nonzero = true
        values.withUnsafeMutableBufferPointer { buffer in
          for row in buffer.indices {
            buffer[row] = numeric.encodedValue(buffer[row].isNaN ? nil : buffer[row])
            if buffer[row] == 0 { nonzero = false }
          }
        }
        if nonzero {
          wholeIndex[offset] = Int32(whole.count)
          whole.append(.values(values))
        } else {
          // A zero is no entry: the column stays sparse, as in the row-major design.
          dense.append((encoder, .encoded(values), offset))
        }
        guard numeric.indicator else { continue }
        let ifFalse = numeric.encodedIndicator(missing: false)
        let ifTrue = numeric.encodedIndicator(missing: true)
        if ifFalse != 0 && ifTrue != 0 {
          wholeIndex[offset + 1] = Int32(whole.count)
          whole.append(.twoValued(choices: missing, ifFalse: ifFalse, ifTrue: ifTrue))
        } else {
          dense.append((encoder, .encoded(missing.map { $0 ? ifTrue : ifFalse }), offset + 1))
        }
      case .categorical, .text:
        appendSource(of: encoder, index, offset, frame, cache, dense: &dense, text: &text)
      }
    }
    let textOrder = text.map { $0.offset..<($0.offset + $0.rows.columns) }
    // Pass 1: each column's entry count (none for a whole column), then where each starts.
    var starts = [Int](repeating: 0, count: running + 1)
    for (encoder, source, offset) in dense {
      source.forEachEntry(of: encoder, rows: rows) { _, slot, _ in starts[offset + slot + 1] += 1 }
    }
    for (offset, sparse) in text {
      for column in sparse.columnIndices { starts[offset + Int(column) + 1] += 1 }
    }
    for column in 0..<running { starts[column + 1] += starts[column] }
    // Pass 2: each column's entries in row order (every source is walked row by row).
    let total = starts[running]
    var rowIndices = [Int32](unsafeUninitializedCapacity: total) { _, count in count = total }
    var values = [Double](unsafeUninitializedCapacity: total) { _, count in count = total }
    var next = Array(starts.dropLast())
    rowIndices.withUnsafeMutableBufferPointer { rowOut in
      values.withUnsafeMutableBufferPointer { valueOut in
        for (encoder, source, offset) in dense {
          source.forEachEntry(of: encoder, rows: rows) { row, slot, value in
            let at = next[offset + slot]
            rowOut[at] = Int32(row)
            valueOut[at] = value
            next[offset + slot] = at + 1
          }
        }
        for (offset, sparse) in text {
          for row in 0..<rows {
            for entry in sparse.rowStarts[row]..<sparse.rowStarts[row + 1] {
              let column = offset + Int(sparse.columnIndices[entry])
              let at = next[column]
              rowOut[at] = Int32(row)
              valueOut[at] = sparse.values[entry]
              next[column] = at + 1
            }
          }
        }
      }
    }
    return SparseColumns(
      rows: rows, columns: running, columnStarts: starts, rowIndices: rowIndices, values: values,
      rowOrder: denseOrder + textOrder, whole: whole, wholeIndex: whole.isEmpty ? [] : wholeIndex)
  }
}
