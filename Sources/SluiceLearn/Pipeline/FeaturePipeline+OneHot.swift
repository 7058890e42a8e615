import SluiceTable

extension FeaturePipeline {
  /// The features of every row as a `OneHotDesign` (numeric features dense, each categorical
  /// column one code per row), with `order[j]`, the pipeline's column of design column `j`.
  ///
  /// The values are exactly those of `transform`; only the storage and column order differ.
  func oneHotDesign(_ frame: Frame, file: String) throws -> (design: OneHotDesign, order: [Int]) {
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
    var values = [Double](repeating: 0, count: rows * denseWidth)
    var codes = [Int32](repeating: -1, count: rows * groups)
    var denseOffset = 0
    var group = 0
    var groupStart = denseWidth
    for encoder in encoders {
      guard let index = frame.index(of: encoder.column) else {
        throw LearnError("column '\(encoder.column)' required by the model is not in \(file)")
      }
      switch encoder {
      case .numeric(let numeric):
        let column = try Self.numbers(frame, index, file: file)
        values.withUnsafeMutableBufferPointer { buffer in
          guard let base = buffer.baseAddress else { return }
          for row in 0..<rows {
            numeric.encode(column[row], into: base + row * denseWidth, at: denseOffset)
          }
        }
        denseOffset += encoder.width
      case .categorical(let categorical):
        let rowCodes = CategoryCodes(frame.columns[index])
        let slots = categorical.slots(for: rowCodes)
        let missingSlot = slots[slots.count - 1]
        for (row, code) in rowCodes.codes.enumerated() {
          let slot = code < 0 ? missingSlot : slots[Int(code)]
          if slot >= 0 { codes[row * groups + group] = Int32(groupStart) + slot }
        }
        group += 1
        groupStart += encoder.width
      case .text:
        break
      }
    }
    let design = OneHotDesign(
      rows: rows, columns: denseWidth + slotOrder.count, dense: denseWidth, groups: groups,
      values: values, codes: codes)
    return (design, denseOrder + slotOrder)
  }
}
