import SluiceTable

extension FeaturePipeline {
  /// The features of every row as a `OneHotDesign` (numeric features dense, each categorical
  /// column one code per row), with `order[j]`, the pipeline's column of design column `j`.
  ///
  /// The values are exactly those of `transform`; only the storage and column order differ.
  func oneHotDesign(_ frame: Frame, file: String, cache: ColumnCache = ColumnCache()) throws -> (
    design: OneHotDesign, order: [Int]
  ) {
    guard !hasText else {
      throw LearnError("internal: a pipeline with text features needs the sparse transform")
    }
    var denseWidth = 0
    var groups = 0
    var denseOrder: [Int] = []
    var slotOrder: [Int] = []
    var offset = 0
    for encoder in encoders {
      switch encoder {
      case .numeric:
        denseWidth += encoder.width
        denseOrder += Array(offset..<(offset + encoder.width))
      case .categorical:
        groups += 1
        slotOrder += Array(offset..<(offset + encoder.width))
      case .text:
        break
      }
      offset += encoder.width
    }
    let rows = frame.rows
    // Each column's work (parsing numbers, coding categories) is independent: do it on all
    // cores, then lay the results out in order.
    let prepared = ParallelMap.map(Array(encoders.indices)) {
      position -> Result<Column, LearnError> in
      let encoder = encoders[position]
      guard let index = frame.index(of: encoder.column) else {
        return .failure(
          LearnError("column '\(encoder.column)' required by the model is not in \(file)"))
      }
      switch encoder {
      case .numeric:
        do {
          return .success(
            .numbers(
              try cache.numbers(index) { try Self.numbersOrNaN(frame, index, file: file) }))
        } catch let error as LearnError {
          return .failure(error)
        } catch {
          return .failure(LearnError("\(error)"))
        }
      case .categorical(let categorical):
        let rowCodes = cache.codes(index) { CategoryCodes(frame.columns[index]) }
        let slots = categorical.slots(for: rowCodes)
        let missingSlot = slots[slots.count - 1]
        return .success(.slots(rowCodes.codes.map { $0 < 0 ? missingSlot : slots[Int($0)] }))
      case .text:
        return .success(.none)
      }
    }
    var numericColumns: [(encoder: NumericEncoder, numbers: [Double], offset: Int)] = []
    var slotColumns: [(slots: [Int32], group: Int, start: Int32)] = []
    var denseOffset = 0
    var groupStart = denseWidth
    for (encoder, column) in zip(encoders, prepared) {
      switch (encoder, try column.get()) {
      case (.numeric(let numeric), .numbers(let numbers)):
        numericColumns.append((numeric, numbers, denseOffset))
        denseOffset += encoder.width
      case (.categorical, .slots(let slots)):
        slotColumns.append((slots, slotColumns.count, Int32(groupStart)))
        groupStart += encoder.width
      default:
        break
      }
    }
    // Columns become rows: done a block of rows at a time (about a megabyte of the design)
    // on every core, so the strided writes stay in cache instead of one pass over the whole
    // design per column. Every value is written exactly once, whatever the thread count.
    let blockRows = max(64, (1 << 17) / max(1, denseWidth + groups))
    let starts = Array(stride(from: 0, to: rows, by: blockRows))
    var codes = [Int32](repeating: -1, count: rows * groups)
    let values = [Double](unsafeUninitializedCapacity: rows * denseWidth) { buffer, count in
      codes.withUnsafeMutableBufferPointer { codeBuffer in
        let target = LayoutTarget(values: buffer.baseAddress, codes: codeBuffer.baseAddress)
        _ = ParallelMap.map(starts) {
          [numericColumns, slotColumns, denseWidth, groups] start in
          let end = min(rows, start + blockRows)
          if let base = target.values {
            for column in numericColumns {
              for row in start..<end {
                column.encoder.encode(
                  numberOrNaN: column.numbers[row], into: base + row * denseWidth,
                  at: column.offset)
              }
            }
          }
          if let base = target.codes {
            for column in slotColumns {
              for row in start..<end where column.slots[row] >= 0 {
                base[row * groups + column.group] = column.start + column.slots[row]
              }
            }
          }
          return 0
        }
      }
      count = rows * denseWidth
    }
    let design = OneHotDesign(
      rows: rows, columns: denseWidth + slotOrder.count, dense: denseWidth, groups: groups,
      values: values, codes: codes)
    return (design, denseOrder + slotOrder)
  }

  /// Where the design's blocks of rows are written, each block by one thread.
  private struct LayoutTarget: @unchecked Sendable {
    let values: UnsafeMutablePointer<Double>?
    let codes: UnsafeMutablePointer<Int32>?
  }

  /// One encoder's column, ready to be laid out in the design.
  private enum Column: Sendable {
    case numbers([Double])
    case slots([Int32])
    case none
  }
}
