/// The checks every model makes on its training data before fitting, so a bad input fails with
/// a precise `LearnError` (exit 65) instead of producing NaN coefficients.
enum ModelInput {
  /// Throws unless `x` has `count` rows, at least one, and only finite values.
  static func checkMatrix(_ x: some LinearDesign, rows count: Int, what: String) throws {
    guard x.rows == count else {
      throw LearnError("the feature matrix has \(x.rows) rows but there are \(count) \(what)")
    }
    guard count > 0 else { throw LearnError("there are no training rows") }
    if let (row, column) = x.firstNonFinite() {
      throw LearnError(
        "feature \(column + 1) of training row \(row + 1) is \(x.value(row: row, column: column)); "
          + "every feature value must be a finite number")
    }
  }

  /// The sample weights to use (all ones when nil), after checking there is one finite,
  /// non-negative weight per row and that they do not sum to zero.
  static func weights(_ sampleWeight: [Double]?, rows: Int) throws -> [Double] {
    guard let sampleWeight else { return [Double](repeating: 1, count: rows) }
    guard sampleWeight.count == rows else {
      throw LearnError("there are \(sampleWeight.count) sample weights for \(rows) training rows")
    }
    if let index = sampleWeight.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
      throw LearnError(
        "the sample weight of training row \(index + 1) is \(sampleWeight[index]); "
          + "weights must be finite and non-negative")
    }
    guard sampleWeight.contains(where: { $0 > 0 }) else {
      throw LearnError("every sample weight is zero; nothing to learn from")
    }
    return sampleWeight
  }

  /// Throws unless `value` is finite and positive (or non-negative when `zeroAllowed`).
  static func checkHyperparameter(_ name: String, _ value: Double, zeroAllowed: Bool = false)
    throws
  {
    guard value.isFinite, value > 0 || (zeroAllowed && value == 0) else {
      let wanted = zeroAllowed ? "a finite number ≥ 0" : "a finite number > 0"
      throw LearnError("\(name) is \(value); it must be \(wanted)")
    }
  }

  /// Throws unless every coefficient is finite: a model never carries NaN or infinity.
  static func checkFinite(_ values: [Double], model: String) throws {
    guard values.allSatisfy(\.isFinite) else {
      throw LearnError(
        "\(model) produced non-finite coefficients; the features are too badly scaled "
          + "or the regularisation too weak")
    }
  }
}
