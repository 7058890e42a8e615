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
            .numbers(try cache.numbers(index) { try Self.numbers(frame, index, file: file) }))
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
    var values = [Double](repeating: 0, count: rows * denseWidth)
    var codes = [Int32](repeating: -1, count: rows * groups)
    var denseOffset = 0
    var group = 0
    var groupStart = denseWidth
    for (encoder, column) in zip(encoders, prepared) {
      switch (encoder, try column.get()) {
      case (.numeric(let numeric), .numbers(let numbers)):
        values.withUnsafeMutableBufferPointer { buffer in
          guard let base = buffer.baseAddress else { return }
          for row in 0..<rows {
            numeric.encode(numbers[row], into: base + row * denseWidth, at: denseOffset)
          }
        }
        denseOffset += encoder.width
      case (.categorical, .slots(let slots)):
        for (row, slot) in slots.enumerated() where slot >= 0 {
          codes[row * groups + group] = Int32(groupStart) + slot
        }
        group += 1
        groupStart += encoder.width
      default:
        break
      }
    }
    let design = OneHotDesign(
      rows: rows, columns: denseWidth + slotOrder.count, dense: denseWidth, groups: groups,
      values: values, codes: codes)
    return (design, denseOrder + slotOrder)
  }

  /// One encoder's column, ready to be laid out in the design.
  private enum Column: Sendable {
    case numbers([Double?])
    case slots([Int32])
    case none
  }
}
