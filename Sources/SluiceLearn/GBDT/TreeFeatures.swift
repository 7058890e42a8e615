import SluiceTable

/// The features trees split on: one per pipeline column, no imputation, scaling or one-hot.
/// A numeric column gives its value (NaN when missing); a categorical column gives its
/// category's code, the slot the one-hot encoder would set (missing values, when training
/// had them, and rare or unseen values, when it had an infrequent slot, are codes too; any
/// other value is NaN).
enum TreeFeatures {
  /// Feature-major columns of `frame` for `pipeline`.
  static func columns(
    _ pipeline: FeaturePipeline, frame: Frame, file: String, cache: ColumnCache? = nil
  ) throws -> [[Double]] {
    try pipeline.encoders.map { encoder -> [Double] in
      guard let index = frame.index(of: encoder.column) else {
        throw LearnError("column '\(encoder.column)' required by the model is not in \(file)")
      }
      switch encoder {
      case .numeric:
        let parse = { try FeaturePipeline.numbersOrNaN(frame, index, file: file) }
        return try cache?.numbers(index, parse: parse) ?? parse()
      case .categorical(let categorical):
        let make = { CategoryCodes(frame.columns[index]) }
        let codes = cache?.codes(index, make: make) ?? make()
        let slots = categorical.slots(for: codes)
        let missing = slots[slots.count - 1]
        return codes.codes.map { code in
          let slot = code < 0 ? missing : slots[Int(code)]
          return slot < 0 ? .nan : Double(slot)
        }
      case .text:
        // Training refuses text columns for trees and loading refuses such a model, so this
        // is only reached by a caller building an inconsistent model.
        throw LearnError("text column '\(encoder.column)' cannot be a tree feature")
      }
    }
  }

  /// Codes of a categorical encoder (its one-hot width), 0 for any other.
  static func codes(_ encoder: FeaturePipeline.Encoder) -> Int {
    if case .categorical(let categorical) = encoder { return categorical.width }
    return 0
  }
}
